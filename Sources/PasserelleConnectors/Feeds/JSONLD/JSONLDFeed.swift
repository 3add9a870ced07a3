public import Foundation
public import PasserelleCore

/// A record a feed could not import, kept for review: where it was, why, and its text.
public struct RejectedRecord: Sendable, Hashable {
    /// Where the record is: in JSON-LD, the block (1-based, in page order) and the line where that block starts;
    /// in other formats, the record's position in the feed (1-based) and the line where it starts.
    public let block: Int
    public let line: Int
    /// The record's id in its source (`@id`, `url`), when it has one.
    public let recordID: String?
    public let reason: RowReason
    /// The record as read (the block's text when the block itself could not be read), cut at `maximumRawLength`.
    public let raw: String

    public static let maximumRawLength = 4_096
}

/// What reading one document gave: the events mapped, the works read alone, the records rejected, warnings on loaded records, and how
/// many nodes were not events (a page's `Organization`, `BreadcrumbList`… are not errors).
public struct FeedRead: Sendable {
    public internal(set) var events: [MappedEvent] = []
    /// Works read alone, without an offer (an OAI-PMH repository's heritage records); a withdrawn one stands for a
    /// record its source deleted.
    public internal(set) var works: [Work] = []
    public internal(set) var rejected: [RejectedRecord] = []
    public internal(set) var warnings: [RejectedRecord] = []
    public internal(set) var otherNodes = 0
    public internal(set) var blocks = 0

    public init() {}
}

/// Reads schema.org events from an HTML page's JSON-LD blocks (or from a JSON-LD file): every block, `@graph`,
/// arrays and `ItemList`s are walked, each event mapped by `SchemaOrgEventMapper`. A malformed block is mended when
/// `LenientJSON` can, and rejected with its text when it cannot; one bad block or record never stops the others.
public enum JSONLDFeed {
    /// The largest document read (a page with its scripts inlined is rarely over 2 MiB).
    public static let maximumDocumentBytes = 8 * 1_024 * 1_024
    /// Nodes read from one document, events or not: past it, the rest is reported, not read.
    public static let maximumNodes = 100_000

    /// The name a source goes by in its records' provenance (see `FeedSourceKey`).
    public static func sourceKey(_ location: String) -> String { FeedSourceKey.make(kind: "jsonld", location: location) }

    /// The errors that refuse a document as a whole.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLarge(bytes: Int)
        case notUTF8

        public var description: String {
            switch self {
            case .tooLarge(let bytes): "the document has \(bytes) bytes; at most \(JSONLDFeed.maximumDocumentBytes) are read"
            case .notUTF8: "the document is not valid UTF-8"
            }
        }
    }

    public static func read(
        _ data: Data, source: String, institutionID: InstitutionID, defaultCategory: CategoryID?, retrievedAt: Date = Date()
    ) throws(Refusal) -> FeedRead {
        guard data.count <= maximumDocumentBytes else { throw .tooLarge(bytes: data.count) }
        guard let document = String(validating: data, as: UTF8.self) else { throw .notUTF8 }
        let mapper = SchemaOrgEventMapper(institutionID: institutionID, defaultCategory: defaultCategory, source: source, retrievedAt: retrievedAt)
        var read = FeedRead()
        var seen = Set<OfferID>()
        var nodes = 0
        for block in JSONLDBlocks.blocks(in: document) {
            read.blocks += 1
            // An empty block (a template's placeholder) holds nothing to import, and nothing wrong.
            if block.text.allSatisfy(\.isWhitespace) { continue }
            let value: Any
            do {
                let parsed = try LenientJSON.parse(block.text)
                value = parsed.value
                if !parsed.repairs.isEmpty {
                    let mended = parsed.repairs.map(\.rawValue).sorted().joined(separator: ", ")
                    read.warnings.append(RejectedRecord(block: block.position, line: block.line, recordID: nil,
                                                        reason: RowReason(.textRepaired, "malformed JSON-LD mended: \(mended)"), raw: ""))
                }
            } catch {
                let message = switch error {
                case .tooDeep: "nested deeper than \(LenientJSON.maximumDepth) levels"
                case .invalid(let detail): "not JSON, even mended: \(detail)"
                }
                read.rejected.append(RejectedRecord(block: block.position, line: block.line, recordID: nil,
                                                    reason: RowReason(.malformedRow, message), raw: String(block.text.prefix(RejectedRecord.maximumRawLength))))
                continue
            }
            for node in flatten(value) {
                nodes += 1
                guard nodes <= maximumNodes else {
                    read.rejected.append(RejectedRecord(block: block.position, line: block.line, recordID: nil,
                                                        reason: RowReason(.invalidValue, "more than \(maximumNodes) nodes; the rest was not read"), raw: ""))
                    return read
                }
                guard SchemaOrgEventMapper.isEvent(node) else {
                    read.otherNodes += 1
                    continue
                }
                let recordID = SchemaOrgEventMapper.recordID(node)
                switch mapper.map(node) {
                case .success(let event):
                    guard seen.insert(event.offer.id).inserted else {
                        read.rejected.append(record(block, recordID, RowReason(.duplicateID, "the same event appears twice in the document"), node))
                        continue
                    }
                    for warning in event.warnings { read.warnings.append(record(block, recordID, warning, nil)) }
                    read.events.append(event)
                case .failure(let reason):
                    read.rejected.append(record(block, recordID, reason, node))
                }
            }
        }
        return read
    }

    /// The benchmark's view of the first two stages: the blocks' texts, and how many of them parse.
    public static func blockTexts(in document: String) -> [String] { JSONLDBlocks.blocks(in: document).map(\.text) }
    public static func parseCount(_ texts: [String]) -> Int { texts.count { (try? LenientJSON.parse($0)) != nil } }

    private static func record(_ block: JSONLDBlocks.Block, _ recordID: String?, _ reason: RowReason, _ node: [String: Any]?) -> RejectedRecord {
        let raw = node.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return RejectedRecord(block: block.position, line: block.line, recordID: recordID, reason: reason, raw: String(raw.prefix(RejectedRecord.maximumRawLength)))
    }

    /// The nodes of a block: an object, the members of an array or of `@graph`, the items of an `ItemList`.
    static func flatten(_ value: Any) -> [[String: Any]] {
        var nodes: [[String: Any]] = []
        var pending: [Any] = [value]
        while let next = pending.popLast() {
            if let array = next as? [Any] {
                pending.append(contentsOf: array.reversed())
            } else if let object = next as? [String: Any] {
                if let graph = object["@graph"] {
                    pending.append(graph)
                    continue
                }
                if SchemaOrgEventMapper.types(object).contains("ItemList"), let elements = object["itemListElement"] {
                    let items = ((elements as? [Any]) ?? [elements]).map { element in
                        (element as? [String: Any]).flatMap { SchemaOrgEventMapper.types($0).contains("ListItem") ? $0["item"] : nil } ?? element
                    }
                    pending.append(contentsOf: items.reversed())
                    continue
                }
                nodes.append(object)
            }
        }
        return nodes
    }
}
