public import Foundation
public import PasserelleCore

extension RowReason.Code {
    /// An OpenAgenda event postponed to a date not yet known: its offer is withdrawn until it is rescheduled (a
    /// warning: the record still loads).
    public static let eventPostponed = Self(rawValue: "event-postponed")
    /// A record has a text longer than a feed reads (`OpenAgendaFeed.maximumFieldLength`, `CSVFeed.maximumFieldLength`).
    public static let fieldTooLong = Self(rawValue: "field-too-long")
    /// A feed has more records than it reads: the rest was not read (reported once, on the first record left).
    public static let tooManyRecords = Self(rawValue: "too-many-records")
}

/// Reads OpenAgenda events, in the two shapes they are published in, detected from the document:
/// - the open-data export (Opendatasoft's `evenements-publics-openagenda`): the API's `{"records": [{"fields":
///   {...}}]}`, the export's JSON array of flat records, or `{"results": [...]}`; fields are flat (`title_fr`,
///   `location_city`), `timings`, `status` and `registration` are JSON written as strings;
/// - the OpenAgenda API v2: `{"events": [...]}`, multilingual objects (`title: {"fr": …}`), nested `location`.
/// Each record is mapped by `OpenAgendaMapper`; one bad record never stops the others.
public enum OpenAgendaFeed {
    /// The largest document read.
    public static let maximumDocumentBytes = 64 * 1_024 * 1_024
    /// Records read from one document: past it, the rest is reported, not read.
    public static let maximumRecords = 1_000_000
    /// The longest text a record's field may hold (a year of daily timings is about 35 000 characters).
    public static let maximumFieldLength = 1_000_000

    /// The name a source goes by in its records' provenance (see `FeedSourceKey`).
    public static func sourceKey(_ location: String) -> String { FeedSourceKey.make(kind: "openagenda", location: location) }

    /// The errors that refuse a document as a whole.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLarge(bytes: Int)
        case notUTF8
        case notJSON(String)
        /// JSON, but in neither OpenAgenda shape: says what was found.
        case notOpenAgenda(String)

        public var description: String {
            switch self {
            case .tooLarge(let bytes): "the document has \(bytes) bytes; at most \(OpenAgendaFeed.maximumDocumentBytes) are read"
            case .notUTF8: "the document is not valid UTF-8"
            case .notJSON(let detail): "the document is not JSON: \(detail)"
            case .notOpenAgenda(let detail): "the document is not an OpenAgenda export: \(detail)"
            }
        }
    }

    public static func read(
        _ data: Data, source: String, institutionID: InstitutionID, defaultCategory: CategoryID?, retrievedAt: Date = Date()
    ) throws(Refusal) -> FeedRead {
        guard data.count <= maximumDocumentBytes else { throw .tooLarge(bytes: data.count) }
        guard String(validating: data, as: UTF8.self) != nil else { throw .notUTF8 }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .notJSON(String(describing: error).prefix(200).description)
        }
        let (elements, key, nested) = try shape(root)
        let lines = OpenAgendaLines.recordStarts(in: data, key: key)
        let mapper = OpenAgendaMapper(institutionID: institutionID, defaultCategory: defaultCategory, source: source, retrievedAt: retrievedAt)
        var read = FeedRead()
        var seen = Set<OfferID>()
        for (offset, element) in elements.enumerated() {
            let position = offset + 1
            let line = lines.count == elements.count ? lines[offset] : 1
            guard position <= maximumRecords else {
                read.rejected.append(RejectedRecord(block: position, line: line, recordID: nil,
                                                    reason: RowReason(.tooManyRecords, "more than \(maximumRecords) records; the rest was not read"), raw: ""))
                break
            }
            read.blocks = position
            guard let object = element as? [String: Any] else {
                read.rejected.append(RejectedRecord(block: position, line: line, recordID: nil,
                                                    reason: RowReason(.malformedRow, "expected a JSON object"), raw: text(element)))
                continue
            }
            let record = nested || isNested(object) ? OpenAgendaRecord.nested(object)
                : OpenAgendaRecord.flat((object["fields"] as? [String: Any]) ?? object, geometry: object["geometry"] as? [String: Any])
            let recordID = OpenAgendaMapper.recordID(record)
            func reject(_ reason: RowReason) {
                read.rejected.append(RejectedRecord(block: position, line: line, recordID: recordID, reason: reason, raw: text(object)))
            }
            if let field = longField(object) {
                reject(RowReason(.fieldTooLong, "\(field) is longer than \(maximumFieldLength) characters"))
                continue
            }
            switch mapper.map(record) {
            case .success(let event):
                guard seen.insert(event.offer.id).inserted else {
                    reject(RowReason(.duplicateID, "the same event (uid \(recordID ?? "-")) appears twice in the document"))
                    continue
                }
                for warning in event.warnings {
                    read.warnings.append(RejectedRecord(block: position, line: line, recordID: recordID, reason: warning, raw: ""))
                }
                read.events.append(event)
            case .failure(let reason):
                reject(reason)
            }
        }
        mergeVenues(&read.events)
        return read
    }

    /// The records of a document, the key of the array holding them (nil: the document is the array), and whether
    /// they are API v2 events.
    private static func shape(_ root: Any) throws(Refusal) -> ([Any], String?, Bool) {
        if let array = root as? [Any] {
            guard array.isEmpty || array.contains(where: looksLikeEvent) else {
                throw .notOpenAgenda("a JSON array whose elements have no uid, title or timings")
            }
            return (array, nil, false)
        }
        guard let object = root as? [String: Any] else { throw .notOpenAgenda("expected an object or an array") }
        for (key, nested) in [("events", true), ("records", false), ("results", false)] {
            if let array = object[key] as? [Any] { return (array, key, nested) }
        }
        if object["uid"] != nil, object["timings"] != nil { return ([object], nil, isNested(object)) }
        let keys = object.keys.sorted().prefix(10).joined(separator: ", ")
        throw .notOpenAgenda("expected \"events\" (API v2), \"records\" or \"results\" (open-data export); found: \(keys)")
    }

    private static func looksLikeEvent(_ element: Any) -> Bool {
        guard let object = element as? [String: Any] else { return false }
        let fields = (object["fields"] as? [String: Any]) ?? object
        return fields["uid"] != nil || fields["timings"] != nil || fields.keys.contains { $0.hasPrefix("title") }
    }

    /// An API v2 event (multilingual objects, a nested location) rather than a flat export record.
    private static func isNested(_ object: [String: Any]) -> Bool {
        object["title"] is [String: Any] || object["location"] is [String: Any] || object["timings"] is [Any]
    }

    /// The name of a field (at any depth) whose text is longer than `maximumFieldLength`.
    private static func longField(_ value: Any, _ path: String = "", depth: Int = 0) -> String? {
        if let text = value as? String { return text.utf8.count > maximumFieldLength && text.count > maximumFieldLength ? (path.isEmpty ? "a value" : path) : nil }
        guard depth < 8 else { return nil }
        if let object = value as? [String: Any] {
            for (key, item) in object { if let found = longField(item, path.isEmpty ? key : path + "/" + key, depth: depth + 1) { return found } }
        } else if let array = value as? [Any] {
            for item in array { if let found = longField(item, path, depth: depth + 1) { return found } }
        }
        return nil
    }

    /// One venue per id: the accessibility an event states is the venue's, so every event at a place gets all
    /// the features any of them states.
    private static func mergeVenues(_ events: inout [MappedEvent]) {
        var features: [VenueID: Set<AccessibilityFeature>] = [:]
        for event in events { if let venue = event.venue { features[venue.id, default: []].formUnion(venue.accessibility) } }
        for index in events.indices {
            if let id = events[index].venue?.id, let all = features[id] { events[index].venue?.accessibility = all }
        }
    }

    private static func text(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value), let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
            return FeedRecordBuilder.raw(String(describing: value))
        }
        return FeedRecordBuilder.raw(String(decoding: data, as: UTF8.self))
    }
}

/// Where each record of a JSON document starts: the line on which every element of the records array (the
/// document itself, or its member `key`) begins, found by one pass over the bytes that skips strings.
enum OpenAgendaLines {
    static func recordStarts(in data: Data, key: String?) -> [Int] {
        var starts: [Int] = []
        // Each open container: whether it is an object, and whether it is the records array.
        var stack: [(isObject: Bool, isRecords: Bool)] = []
        var line = 1
        var inString = false, escaped = false
        var current: [UInt8] = [], lastKey: [UInt8] = []
        // True between the records array's `[` or one of its commas and the element that follows.
        var awaiting = false
        let wanted = key.map { Array($0.utf8) }
        for byte in data {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false } else if stack.count == 1 { current.append(byte) }
                continue
            }
            if awaiting, stack.last?.isRecords == true, !" \t\r\n,]".utf8.contains(byte) {
                starts.append(line)
                awaiting = false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                current.removeAll(keepingCapacity: true)
            case UInt8(ascii: ":"):
                if stack.count == 1 { lastKey = current }
            case UInt8(ascii: ","):
                if stack.last?.isRecords == true { awaiting = true }
            case UInt8(ascii: "{"):
                stack.append((true, false))
            case UInt8(ascii: "["):
                let isRecords = wanted == nil ? stack.isEmpty : (stack.count == 1 && stack[0].isObject && lastKey == wanted!)
                stack.append((false, isRecords))
                awaiting = isRecords
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
            default:
                break
            }
        }
        return starts
    }
}
