import Foundation
import Logging
import PasserelleApp
import PasserelleConnectors
import PasserelleCore
import PasserelleDiscovery
import PasserelleStorage
import PasserelleWeb
import Testing

@Suite struct InstitutionAndDemoTests {
    func withStore(_ body: (SQLStore) async throws -> Void) async throws {
        let store = try await SQLStore.open(.sqliteMemory, logger: Logger(label: "test"))
        try await store.migrate()
        do {
            try await body(store)
        } catch {
            try? await store.shutdown()
            throw error
        }
        try await store.shutdown()
    }

    @Test func registrationStoresTheInstitutionAndOnlyTheHashOfItsKey() async throws {
        try await withStore { store in
            let registered = try await InstitutionRegistration.register(
                name: "Musée de Bretagne", siren: "732829320", id: InstitutionID("musee-bretagne"), into: store
            )
            #expect(registered.apiKey.hasPrefix("psl_"))
            let byKey = try await store.read { try await $0.institution(apiKeyHash: APIKeys.hash(registered.apiKey)) }
            #expect(byKey?.id.rawValue == "musee-bretagne")
            #expect(try await store.read { try await $0.institution(apiKeyHash: registered.apiKey) } == nil)
        }
    }

    @Test func registrationRefusesATakenIdAndInvalidInputWithoutWritingAnything() async throws {
        try await withStore { store in
            let id = try #require(InstitutionID("theatre-x"))
            _ = try await InstitutionRegistration.register(name: "Théâtre X", id: id, into: store)
            let taken = await #expect(throws: CoreError.self) {
                try await InstitutionRegistration.register(name: "Another", id: id, into: store)
            }
            #expect(taken?.code == .conflict)
            let invalid = await #expect(throws: CoreError.self) {
                try await InstitutionRegistration.register(name: " ", siren: "123", into: store)
            }
            #expect(Set(invalid?.issues.map(\.field) ?? []) == ["name", "siren"])
            #expect(try await store.read { try await $0.counts() }.institutions == 1)
        }
    }

    @Test func aSIRENIsRegisteredOnceAndTheRefusalNamesItsHolder() async throws {
        try await withStore { store in
            _ = try await InstitutionRegistration.register(name: "Musée de Bretagne", siren: "732829320", id: InstitutionID("musee-bretagne"), into: store)
            let again = await #expect(throws: CoreError.self) {
                try await InstitutionRegistration.register(name: "Musée de Bretagne (bis)", siren: "732829320", into: store)
            }
            #expect(again?.code == .conflict)
            #expect(again?.message.contains("musee-bretagne") == true && again?.message.contains("key issue") == true)
            #expect(try await store.read { try await $0.counts() }.institutions == 1)
        }
    }

    @Test func anImportedInstitutionGetsAKeyAndItsRecordsAnswerToIt() async throws {
        try await withStore { store in
            _ = await DemoImporter.load(GeneratedCatalogue.make(), into: store)
            let venue = try #require(GeneratedCatalogue.make().venues.first)
            let issued = try await APIKeyLifecycle(store: store).issue(for: venue.institutionID, label: "site web")
            let credential = try await store.read { try await $0.credential(apiKeyHash: APIKeys.hash(issued.plaintext)) }
            #expect(credential?.institution.id == venue.institutionID)
            var renamed = venue
            renamed.name = "Nouveau nom"
            let (saved, outcome) = try await CatalogueService(store: store).save(renamed, by: venue.institutionID)
            #expect(outcome == .updated && saved.name == "Nouveau nom", "the key's institution owns the imported venue")
            let unknown = await #expect(throws: CoreError.self) {
                try await APIKeyLifecycle(store: store).issue(for: InstitutionID(trusted: "no-such-institution"))
            }
            #expect(unknown?.code == .notFound)
        }
    }

    @Test func theDemoWritesItsCollectionsThroughTheSameRulesAsAnInstitution() async throws {
        try await withStore { store in
            let catalogue = GeneratedCatalogue.make()
            _ = await DemoImporter.load(catalogue, into: store)
            #expect(await DemoCollections.load(catalogue, into: store).isEmpty)
            let page = try PageRequest(page: 1, size: 10)
            let written = try await store.readCollections { try await $0.collections(CollectionQuery(), page: page) }
            #expect(Set(written.items.map(\.id.rawValue)) == ["un-musee-par-region", "festivals-musique-occitanie", "musees-en-ligne"])
            let museums = try #require(written.items.first { $0.id.rawValue == "un-musee-par-region" })
            // One museum per région: the notes name distinct régions.
            #expect(Set(museums.items.compactMap { $0.note.resolved(for: .fr) }).count == museums.items.count)
            #expect(!museums.items.isEmpty)
        }
    }

    @Test func theDemoLoadsAnEmptyDatabaseOnceThenReusesItWithItsKeys() async throws {
        try await withStore { store in
            // An institution registered before the first demo start does not stop the demo from loading.
            let early = try await InstitutionRegistration.register(name: "Théâtre X", into: store)
            #expect(try await DemoImporter.plan(for: store) == .load)
            _ = await DemoImporter.load(GeneratedCatalogue.make(), into: store)
            try await DemoImporter.markLoaded(store, at: Date(timeIntervalSince1970: 1_800_000_000))
            #expect(try await DemoImporter.plan(for: store) == .reuse(loadedAt: "2027-01-15T08:00:00Z"))
            let credential = try await store.read { try await $0.credential(apiKeyHash: APIKeys.hash(early.apiKey)) }
            #expect(credential?.institution.id == early.institution.id, "keys survive a restart of the demo")
        }
    }

    @Test func anInterruptedDemoLoadIsRefusedRatherThanServedHalfLoadedAndFreshMayDeleteIt() async throws {
        try await withStore { store in
            try await DemoImporter.markLoading(store)
            _ = await DemoImporter.load(GeneratedCatalogue.make(), into: store)
            let error = await #expect(throws: CoreError.self) { try await DemoImporter.plan(for: store) }
            #expect(error?.code == .conflict)
            let deletable = try await DemoImporter.isDemoDatabase(store)
            #expect(deletable, "--fresh may delete what the demo wrote")
        }
    }

    /// `passerelle.sqlite` is also `serve`'s database: `--fresh` must never delete an institution's catalogue.
    @Test func aDatabaseTheDemoDidNotWriteIsNotADemoDatabase() async throws {
        try await withStore { store in
            let empty = try await DemoImporter.isDemoDatabase(store)
            #expect(empty, "an empty database")
            _ = await DemoImporter.load(GeneratedCatalogue.make(), into: store)
            #expect(try await DemoImporter.isDemoDatabase(store) == false)
        }
    }

    @Test func theDemoRefusesADatabaseThatAlreadyHoldsData() async throws {
        try await withStore { store in
            try await DemoImporter.requireEmpty(store)
            _ = await DemoImporter.load(GeneratedCatalogue.make(), into: store)
            let error = await #expect(throws: CoreError.self) { try await DemoImporter.requireEmpty(store) }
            #expect(error?.code == .conflict)
        }
    }

    @Test func withoutTheSharedFolderTheDemoGeneratesItsCatalogueAndSaysSo() {
        let missing = URL(fileURLWithPath: "/nonexistent/realdata-\(UUID().uuidString)")
        let prepared = DemoPreparation.prepare(realdataRoot: missing)
        #expect(prepared.catalogue == GeneratedCatalogue.make())
        #expect(prepared.about.notice?.contains(missing.path) == true)
        #expect(prepared.about.credits.isEmpty)
        #expect(prepared.report.first?.contains("generated") == true)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: DemoDataLoader.defaultRoot().path),
                   "real-data folder missing: \(DemoDataLoader.defaultRoot().path) (set PASSERELLE_REALDATA)"))
    func withTheSharedFolderTheDemoReportsEveryFileAndCreditsItsSources() {
        let prepared = DemoPreparation.prepare(realdataRoot: DemoDataLoader.defaultRoot())
        #expect(prepared.about.notice == nil)
        #expect(prepared.about.credits.count == DemoDataLoader.credits.count)
        for file in DemoDataLoader.files {
            #expect(prepared.report.contains { $0.contains(file) }, "no report line for \(file)")
        }
        #expect(prepared.report.contains { $0.contains("1 × repeated-header") })
    }
}
