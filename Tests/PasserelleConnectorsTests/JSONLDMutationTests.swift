import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// The JSON-LD reader under seeded random damage: real blocks (extruct's songkick and malformed pages) with bytes
/// deleted, duplicated, flipped, inserted, or the page cut. Every damaged page is read or refused, never a crash,
/// and what is read is valid.
@Suite struct JSONLDMutationTests {
    static let institution = InstitutionID(trusted: "inst-t")

    /// The seeds: each page's JSON-LD blocks in a minimal page (the HTML around them is not what the reader parses).
    static func seeds() throws -> [[UInt8]] {
        var pages: [[UInt8]] = []
        for folder in ["songkick", "custom.invalid", "schema.org.invalid"] {
            let directory = JSONLDFeedTests.samples.appending(path: folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".html") {
                let page = try String(contentsOf: directory.appending(path: name), encoding: .utf8)
                let blocks = JSONLDBlocks.blocks(in: page).map { "<script type=\"application/ld+json\">\($0.text)</script>" }
                if !blocks.isEmpty { pages.append(Array(("<html><body>" + blocks.joined() + "</body></html>").utf8)) }
            }
        }
        return pages
    }

    @Test("2 000 seeded mutations of real JSON-LD pages: each read or refused, never a crash, what is read valid",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func mutations() throws {
        let seeds = try Self.seeds()
        try #require(seeds.count >= 8, "extruct's pages with JSON-LD blocks")
        var random = SplitMix64(seed: 20_261_203)  // the same damage at every run
        var (reads, refusals, events) = (0, 0, 0)
        for round in 0..<2_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<1 + random.below(4) where !bytes.isEmpty {
                let at = random.below(bytes.count)
                let span = min(1 + random.below(16), bytes.count - at)
                switch random.below(6) {
                case 0: bytes.removeSubrange(at..<(at + span))
                case 1: bytes.insert(contentsOf: bytes[at..<(at + span)], at: at)
                case 2: bytes[at] ^= UInt8(1 << random.below(8))
                case 3: bytes.removeSubrange(at...)
                case 4: bytes.insert(contentsOf: Array(",]}{\"\\".utf8)[random.below(6)...].prefix(1 + random.below(3)), at: at)
                default: bytes.insert(UInt8(random.below(256)), at: at)
                }
            }
            do {
                let read = try JSONLDFeed.read(Data(bytes), source: "jsonld:fuzz", institutionID: Self.institution,
                                               defaultCategory: CategoryID(trusted: "music.concert"))
                reads += 1
                events += read.events.count
                for event in read.events {
                    #expect(event.offer.validationIssues().isEmpty, "round \(round)")
                    #expect(event.venue?.validationIssues().isEmpty ?? true, "round \(round)")
                }
                #expect(read.rejected.allSatisfy { $0.raw.count <= RejectedRecord.maximumRawLength }, "round \(round)")
            } catch {
                refusals += 1
            }
        }
        #expect(reads + refusals == 2_000)
        #expect(reads > 1_000 && events > 300, "most damage leaves a readable page: \(reads) read, \(refusals) refused, \(events) offers")
    }
}
