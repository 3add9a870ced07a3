import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The checks made on an XML document's bytes before `XMLParser` sees them, shared by the XML feed readers
/// (podcast RSS/Atom, OAI-PMH), each of which words the refusal in its own terms.
/// - Size: at most the reader's limit.
/// - Encoding: UTF-8 unless the XML declaration names another encoding (or a UTF-16 byte-order mark says so).
///   Undeclared or declared UTF-8, the bytes must be valid UTF-8, else the document is refused: a wrong byte would
///   otherwise become a replacement character in a title without anyone knowing. Declared ISO-8859-1/Latin-1,
///   Windows-1252, ISO-8859-2, US-ASCII or UTF-16, the bytes are decoded by Foundation and handed to the parser as
///   UTF-8 (the declaration rewritten to say so); any other encoding is refused by name.
/// - Entities: a document type with entity declarations (`<!ENTITY`) is refused. No feed needs them, and they are
///   what external-entity (XXE) and entity-expansion ("billion laughs") attacks are made of. A `<!DOCTYPE>` without
///   them (RSS 0.91's) is accepted; its external DTD is never read.
enum XMLPrologue {
    /// Why a document's bytes are refused before parsing.
    enum Problem: Error, Sendable, Equatable {
        case tooLarge(bytes: Int)
        /// Undeclared or declared UTF-8, and not valid UTF-8.
        case notUTF8
        /// The XML declaration names an encoding this reader does not decode.
        case unsupportedEncoding(String)
        /// The bytes are not valid in the encoding the XML declaration names.
        case undecodable(encoding: String)
        /// The document type declares entities.
        case entityDeclarations
    }

    /// The encodings read besides UTF-8, as said in refusals.
    static let readableEncodings = "UTF-8, ISO-8859-1, Windows-1252, ISO-8859-2, US-ASCII, UTF-16"

    /// Runs `delegate` over a document `prepare` accepted: no external entity resolved, prefixes left as written.
    /// On Linux `parse()` answers true for a document cut short, so its answer is not kept: the delegate tells,
    /// by the root element it saw left open, and by the last error it was given. Returns the line it stopped at.
    static func parse(_ xml: Data, with delegate: any XMLParserDelegate) -> Int {
        let parser = XMLParser(data: xml)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.delegate = delegate
        _ = parser.parse()
        return parser.lineNumber
    }

    /// The document as UTF-8 bytes the parser may read, or why it may not.
    static func prepare(_ data: Data, maximumBytes: Int) throws(Problem) -> Data {
        guard data.count <= maximumBytes else { throw .tooLarge(bytes: data.count) }
        let bytes = [UInt8](data.prefix(2))
        let utf16BOM = bytes == [0xFE, 0xFF] || bytes == [0xFF, 0xFE]
        let declared = utf16BOM ? "UTF-16" : declaredEncoding(data)
        var xml = data
        if let declared, !["utf-8", "utf8"].contains(declared.lowercased()) {
            guard let encoding = encodings[declared.lowercased()] else { throw .unsupportedEncoding(declared) }
            guard let text = String(data: data, encoding: encoding) else { throw .undecodable(encoding: declared) }
            xml = Data(utf8Declaration(text).utf8)
        } else if String(validating: data, as: UTF8.self) == nil {
            throw .notUTF8
        }
        if declaresEntities(xml) { throw .entityDeclarations }
        return xml
    }

    /// A libxml2 error code (as `XMLParser` reports it) in words.
    static func describe(libxmlCode code: Int) -> String {
        let known: [Int: String] = [
            4: "the document is empty", 5: "the document ends before its elements are closed, or goes on after its root element",
            9: "a character XML does not allow", 23: "an entity reference without its ';'", 26: "an undeclared entity",
            39: "an attribute without a value", 41: "an attribute value without quotes", 64: "a malformed XML declaration",
            68: "a name is missing (a stray '&' or '<'?)", 73: "a '>' is missing", 76: "an end tag does not match its start tag",
            77: "a tag is not closed (the document is cut short?)", 89: "entities that refer to themselves",
        ]
        return "not well-formed XML: " + (known[code] ?? "libxml2 error \(code)")
    }

    private static let encodings: [String: String.Encoding] = [
        "iso-8859-1": .isoLatin1, "latin1": .isoLatin1, "latin-1": .isoLatin1, "l1": .isoLatin1, "iso_8859-1": .isoLatin1,
        "windows-1252": .windowsCP1252, "cp1252": .windowsCP1252, "iso-8859-2": .isoLatin2, "latin2": .isoLatin2,
        "us-ascii": .ascii, "ascii": .ascii, "utf-16": .utf16, "utf16": .utf16, "utf-16le": .utf16LittleEndian,
        "utf-16be": .utf16BigEndian,
    ]

    /// The `encoding` of an XML declaration at the very start of the bytes (after a UTF-8 byte-order mark).
    static func declaredEncoding(_ data: Data) -> String? {
        var head = [UInt8](data.prefix(512))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        guard head.starts(with: Array("<?xml".utf8)), let end = find(Array("?>".utf8), in: head, from: 0) else { return nil }
        let declaration = String(decoding: head[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop(while: { $0 == " " || $0 == "=" || $0.isWhitespace })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix(while: { $0 != quote })
        return value.isEmpty ? nil : String(value)
    }

    /// The text with its XML declaration's encoding changed to UTF-8.
    private static func utf8Declaration(_ text: String) -> String {
        var text = text
        if text.first == "\u{FEFF}" { text.removeFirst() }
        guard text.hasPrefix("<?xml"), let end = text.range(of: "?>"), let name = text.range(of: "encoding", range: text.startIndex..<end.lowerBound)
        else { return text }
        let declaration = text[..<end.lowerBound]
        guard let open = declaration[name.upperBound...].firstIndex(where: { $0 == "\"" || $0 == "'" }),
            let close = declaration[declaration.index(after: open)...].firstIndex(of: declaration[open])
        else { return text }
        text.replaceSubrange(declaration.index(after: open)..<close, with: "UTF-8")
        return text
    }

    /// Whether the prolog holds a document type declaring entities. The prolog is what comes before the root
    /// element: the XML declaration, processing instructions, comments and the document type.
    static func declaresEntities(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if match("<?", bytes, at: index) {
                guard let end = find(Array("?>".utf8), in: bytes, from: index) else { return false }
                index = end + 2
            } else if match("<!--", bytes, at: index) {
                guard let end = find(Array("-->".utf8), in: bytes, from: index) else { return false }
                index = end + 3
            } else if match("<!DOCTYPE", bytes, at: index) {
                // The internal subset runs to the first "]>" when it opens with "[" before any ">".
                let open = bytes[index...].firstIndex(of: UInt8(ascii: "[")), close = bytes[index...].firstIndex(of: UInt8(ascii: ">"))
                let end: Int
                if let open, open < (close ?? Int.max) {
                    end = find(Array("]".utf8), in: bytes, from: open).flatMap { bytes[$0...].firstIndex(of: UInt8(ascii: ">")) } ?? bytes.count
                } else {
                    end = close ?? bytes.count
                }
                return find(Array("<!ENTITY".utf8), in: Array(bytes[index..<end]), from: 0) != nil
            } else {
                return false
            }
        }
        return false
    }

    private static func match(_ literal: String, _ bytes: [UInt8], at index: Int) -> Bool {
        let pattern = Array(literal.utf8)
        return index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        var index = start
        while index <= bytes.count - pattern.count {
            guard let first = bytes[index...].firstIndex(of: pattern[0]), first <= bytes.count - pattern.count else { return nil }
            if bytes[first..<(first + pattern.count)].elementsEqual(pattern) { return first }
            index = first + 1
        }
        return nil
    }
}
