import Foundation
import PasserelleCore
import PasserelleStorage
import Testing

/// The bulk-load benchmark loads what it says and leaves the database as it found it. Its figures are printed
/// only when asked (`PASSERELLE_BENCH_OFFERS=N`): timings are never asserted in unit tests.
@Suite("Storage benchmark")
struct StorageBenchmarkTests {
    static let benchOffers = ProcessInfo.processInfo.environment["PASSERELLE_BENCH_OFFERS"].flatMap(Int.init)

    @Test func syntheticOffersAreValid() {
        let catalogue = SyntheticCatalogue(offers: 1_000, prefix: "t")
        #expect(catalogue.institution.validationIssues().isEmpty)
        #expect(catalogue.venues.count == 10)
        #expect(catalogue.venues.allSatisfy { $0.validationIssues().isEmpty })
        #expect(catalogue.offers.allSatisfy { $0.validationIssues().isEmpty })
        #expect(Set(catalogue.offers.map(\.access)) == Set(OfferAccess.allCases))
    }

    @Test(arguments: TestDatabase.sqlite)
    func bulkLoadCountsAndCleansUp(_ db: TestDatabase) async throws {
        try await db.withStore { store in
            try await store.write { try await Fixtures.seed($0) }
            let figures = try await StorageBenchmark.bulkLoad(location: store.location, offers: 2_345, logger: TestDatabase.logger)
            #expect(figures.offers == 2_345)
            #expect(figures.storeSeconds > 0 && figures.bareSeconds > 0)
            #expect(figures.description.contains("2345 offers"))
            if store.location != .sqliteMemory {
                // A memory database belongs to its own store; a file database must be left exactly as found.
                #expect(try await store.read { try await $0.counts() } == CatalogueCounts(institutions: 1, venues: 1, works: 1))
            }
        }
    }

    @Test func bulkLoadRefusesAbsurdSizes() async {
        await #expect(throws: CoreError.self) {
            _ = try await StorageBenchmark.bulkLoad(location: .sqliteMemory, offers: 0, logger: TestDatabase.logger)
        }
    }

    @Test(.enabled(if: benchOffers != nil, "set PASSERELLE_BENCH_OFFERS=N to print bulk-load figures"))
    func printBulkLoadFigures() async throws {
        let offers = try #require(Self.benchOffers)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var locations: [DatabaseLocation] = [.sqliteFile(directory.appendingPathComponent("bench.sqlite").path), .sqliteMemory]
        if let url = TestDatabase.postgresURL { locations.append(.postgres(url: url)) }
        for location in locations {
            let figures = try await StorageBenchmark.bulkLoad(location: location, offers: offers, logger: TestDatabase.logger)
            print("BENCH \(figures)")
            #expect(figures.offers == offers)
        }
    }
}
