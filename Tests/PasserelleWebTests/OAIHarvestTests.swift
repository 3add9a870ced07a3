import Foundation
import HummingbirdTesting
import PasserelleCore
import PasserelleStorage
@testable import PasserelleWeb
import Testing

/// A harvest of a catalogue larger than one page, as an aggregator runs it: every page through its resumption
/// token, with completeListSize and cursor, sets kept across pages, and changes made during the harvest.
@Suite("OAI-PMH harvest")
struct OAIHarvestTests {
    static let works = 250
    static let institutions = 120
    static let base = RFC3339.dateTime("2026-04-01T08:00:00Z")!

    /// 250 works of 120 institutions, three per second (ties go by id), half books and half films; plus work-a.
    @Sendable static func seed(_ fixture: Fixture) async throws {
        try await fixture.store.write { tx in
            try await tx.save((0..<institutions).map { Institution(id: InstitutionID(trusted: String(format: "h-%03d", $0)), name: "Lieu \($0)") })
            for index in 0..<works {
                try await tx.save([Work(
                    id: WorkID(trusted: String(format: "h-work-%03d", index)), institutionID: InstitutionID(trusted: String(format: "h-%03d", index % institutions)),
                    title: LocalizedText([.fr: "Œuvre \(index)"]), categoryID: CategoryID(trusted: index % 2 == 0 ? "books.print" : "cinema.online"))],
                    changedAt: base.addingTimeInterval(Double(index / 3)))
            }
        }
    }

    /// Every page of `query`: the identifiers, and each page's (completeListSize, cursor, token) when it has one.
    static func harvest(
        _ client: any TestClientProtocol, _ query: String, verb: String = "ListRecords", element: String = "identifier",
        between: @Sendable (Int) async throws -> Void = { _ in }
    ) async throws -> (items: [String], pages: [(size: String?, cursor: String?, token: String?)]) {
        var items: [String] = []
        var pages: [(size: String?, cursor: String?, token: String?)] = []
        var next = "verb=\(verb)&" + query
        while pages.count < 20 {
            let (_, tree) = try await OAIClient.get(client, next)
            #expect(tree.first("error") == nil, "\(next): \(tree.first("error")?.text ?? "")")
            items += tree.texts(element)
            let resumption = tree.first("resumptionToken")
            pages.append((resumption?.attributes["completeListSize"], resumption?.attributes["cursor"], resumption.map(\.text)))
            guard let token = resumption?.text, !token.isEmpty else { break }
            try await between(pages.count)
            next = "verb=\(verb)&resumptionToken=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)
        }
        return (items, pages)
    }

    @Test("ListRecords through three pages of 100: every work once, completeListSize 251, cursors 0, 100, 200, an empty last token")
    func wholeHarvest() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let (items, pages) = try await Self.harvest(client, "metadataPrefix=oai_dc")
                #expect(items.count == Self.works + 1 && Set(items).count == items.count)
                #expect(pages.map(\.size) == ["251", "251", "251"] && pages.map(\.cursor) == ["0", "100", "200"])
                #expect(pages.last?.token == "" && pages.dropLast().allSatisfy { !($0.token ?? "").isEmpty })
                #expect(items.first == "oai:127.0.0.1:work/h-work-000" && items.last == "oai:127.0.0.1:work/work-a")
            }
        }
    }

    @Test("a work changed during the harvest moves to its end: harvested again, and nothing is skipped")
    func changesDuringHarvest() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let (items, _) = try await Self.harvest(client, "metadataPrefix=oai_dc", verb: "ListIdentifiers") { page in
                    guard page == 1 else { return }
                    try await fixture.store.write { tx in
                        for id in ["h-work-010", "h-work-200"] {
                            var work = try #require(try await tx.work(WorkID(trusted: id)))
                            work.title = LocalizedText([.fr: "Renommée"])
                            try await tx.save([work], changedAt: Date())
                        }
                    }
                }
                #expect(Set(items).count == Self.works + 1, "none skipped")
                #expect(items.count == Self.works + 2, "h-work-010, already harvested, comes again")
                #expect(items.suffix(2) == ["oai:127.0.0.1:work/h-work-010", "oai:127.0.0.1:work/h-work-200"])
            }
        }
    }

    @Test("a set's harvest keeps its set across pages; ListSets pages the institutions")
    func setsAcrossPages() async throws {
        try await Fixture.using(seed: Self.seed) { fixture in
            try await fixture.test { client in
                let (books, pages) = try await Self.harvest(client, "metadataPrefix=oai_dc&set=domain:books", verb: "ListIdentifiers")
                #expect(books.count == 125 && pages.count == 2 && pages.map(\.size) == ["125", "125"])
                let (specs, setPages) = try await Self.harvest(client, "", verb: "ListSets", element: "setSpec")
                let fixed = Taxonomy.all.count + 2
                #expect(specs.count == fixed + Self.institutions + 1 && Set(specs).count == specs.count)
                #expect(setPages.map(\.cursor) == ["0", String(fixed + 100)] && setPages.map(\.size) == Array(repeating: String(fixed + 121), count: 2))
            }
        }
    }
}
