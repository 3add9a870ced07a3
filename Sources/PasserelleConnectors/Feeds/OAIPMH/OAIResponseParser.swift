import Foundation
import PasserelleCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an OAI-PMH 2.0 response with `XMLParser` in one streaming (SAX) pass. The bytes are checked first as the
/// podcast reader checks them (`XMLPrologue`: size, encoding, no entity declarations, external entities never
/// read); elements deeper than `OAIResponse.maximumDepth` or more than `maximumRecords` records stop the read where
/// they start, and a document cut short or broken keeps what was read before: `interruption` says where.
enum OAIResponseParser {
    static let oaiNamespace = "http://www.openarchives.org/OAI/2.0/"
    static let dcNamespace = "http://purl.org/dc/elements/1.1/"
    static let oaiDCNamespace = "http://www.openarchives.org/OAI/2.0/oai_dc/"
    static let rdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let edmNamespace = "http://www.europeana.eu/schemas/edm/"
    static let oreNamespace = "http://www.openarchives.org/ore/terms/"
    /// One value read at most this many UTF-8 bytes; the rest of it is dropped (a description is rarely 10 KB).
    static let maximumValueBytes = 256 * 1_024

    static func parse(_ data: Data, onRecord: ((OAIRecord) -> Void)?) throws(OAIResponse.Refusal) -> OAIResponse {
        let xml: Data
        do {
            xml = try XMLPrologue.prepare(data, maximumBytes: OAIResponse.maximumDocumentBytes)
        } catch {
            throw OAIResponse.Refusal(error)
        }
        let delegate = OAIParserDelegate(onRecord: onRecord)
        let stoppedAt = XMLPrologue.parse(xml, with: delegate)
        if let root = delegate.refusedRoot { throw .notOAIPMH(root: root) }
        guard delegate.sawRoot else {
            throw .notXML(line: delegate.lastError?.line ?? 1, message: delegate.lastError.map { XMLPrologue.describe(libxmlCode: $0.code) } ?? "no element")
        }
        var response = delegate.response
        if response.interruption == nil, !delegate.rootClosed {
            let error = delegate.lastError ?? (code: 77, line: stoppedAt)
            response.interruption = OAIInterruption(kind: .malformed, line: error.line, message: XMLPrologue.describe(libxmlCode: error.code))
        }
        return response
    }
}

/// The SAX handler. Element names are resolved against their namespace declarations: OAI-PMH elements must be in
/// the OAI-PMH namespace (or in none, as careless repositories send them), Dublin Core ones in DC's.
final class OAIParserDelegate: NSObject, XMLParserDelegate {
    private(set) var response = OAIResponse()
    private(set) var sawRoot = false
    private(set) var refusedRoot: String?
    private(set) var rootClosed = false
    private(set) var lastError: (code: Int, line: Int)?

    private let onRecord: ((OAIRecord) -> Void)?
    /// The names open, as `namespace URI` and local name, with the prefixes each element declares.
    private var names: [(uri: String, local: String)] = []
    private var declarations: [[String: String]] = []
    /// The OAI-PMH path below the root (`ListRecords/record/header/identifier`), for elements down to the metadata.
    private var path: [String] = []
    private var text: String?
    private var textBytes = 0
    private var textDepth = 0
    private var language: String?
    private var tokenAttributes: [String: String] = [:]
    private var errorCode = ""
    private var header = OAIHeader()
    private var record = OAIRecord()
    private var set = OAISet()
    private var format = OAIMetadataFormat()
    private var stopped = false
    /// The Dublin Core element whose text is being read, in a record's metadata.
    private var valueElement: OAIDublinCore.Element?
    /// In an EDM record, the class the elements read belong to (`Proxy`, `ProvidedCHO`, `Aggregation`), or "".
    private var edmClass = ""

    init(onRecord: ((OAIRecord) -> Void)?) { self.onRecord = onRecord }

    // MARK: - SAX events

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        guard !stopped else { return }
        guard names.count < OAIResponse.maximumDepth else {
            return stop(parser, .limit, "elements nested deeper than \(OAIResponse.maximumDepth) levels")
        }
        var declared: [String: String] = [:]
        for (key, value) in attributes {
            if key == "xmlns" { declared[""] = value } else if key.hasPrefix("xmlns:") { declared[String(key.dropFirst(6))] = value }
        }
        declarations.append(declared)
        let name = resolve(elementName)
        names.append(name)
        let depth = names.count
        if depth == 1 {
            sawRoot = true
            guard name.local == "OAI-PMH", isOAI(name) else {
                refusedRoot = elementName
                stopped = true
                parser.abortParsing()
                return
            }
            return
        }
        // Below the metadata's root: Dublin Core elements of an oai_dc record, nothing else.
        if path.count >= 3, path[1] == "record", path[2] == "metadata" {
            startMetadata(name, depth: depth, attributes: attributes)
            return
        }
        // Only an OAI-PMH element all of whose ancestors are goes on the path (an `Identify/description` may hold others).
        guard isOAI(name), path.count == depth - 2 else { return }
        path.append(name.local)
        let key = path.joined(separator: "/")
        switch key {
        case "responseDate":
            startText(depth)
        case "request":
            response.requestArguments = attributes.filter { !$0.key.hasPrefix("xmlns") && !$0.key.contains(":") }
            if response.verb == nil, let verb = attributes["verb"].flatMap(OAIVerb.init(rawValue:)) { response.verb = verb }
            startText(depth)
        case "error":
            errorCode = attributes["code"] ?? ""
            startText(depth)
        case "Identify", "ListSets", "ListMetadataFormats", "ListIdentifiers", "ListRecords", "GetRecord":
            response.verb = OAIVerb(rawValue: name.local)
            if response.verb == .identify { response.identify = OAIIdentify() }
        case "ListSets/resumptionToken", "ListIdentifiers/resumptionToken", "ListRecords/resumptionToken":
            tokenAttributes = attributes
            startText(depth)
        case "ListSets/set":
            set = OAISet()
        case "ListMetadataFormats/metadataFormat":
            format = OAIMetadataFormat()
        case "ListIdentifiers/header":
            header = OAIHeader()
            header.isDeleted = attributes["status"] == "deleted"
        case "ListRecords/record", "GetRecord/record":
            response.recordCount += 1
            guard response.recordCount <= OAIResponse.maximumRecords else {
                return stop(parser, .limit, "more than \(OAIResponse.maximumRecords) records in one response")
            }
            record = OAIRecord(position: response.recordCount, line: parser.lineNumber)
        case "ListRecords/record/header", "GetRecord/record/header":
            record.header.isDeleted = attributes["status"] == "deleted"
        case "Identify/repositoryName", "Identify/baseURL", "Identify/protocolVersion", "Identify/adminEmail", "Identify/earliestDatestamp",
            "Identify/deletedRecord", "Identify/granularity", "Identify/compression",
            "ListSets/set/setSpec", "ListSets/set/setName",
            "ListMetadataFormats/metadataFormat/metadataPrefix", "ListMetadataFormats/metadataFormat/schema",
            "ListMetadataFormats/metadataFormat/metadataNamespace",
            "ListIdentifiers/header/identifier", "ListIdentifiers/header/datestamp", "ListIdentifiers/header/setSpec",
            "ListRecords/record/header/identifier", "ListRecords/record/header/datestamp", "ListRecords/record/header/setSpec",
            "GetRecord/record/header/identifier", "GetRecord/record/header/datestamp", "GetRecord/record/header/setSpec":
            startText(depth)
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard !stopped, let name = names.last else { return }
        let depth = names.count
        let captured = textDepth == depth ? text : nil
        if textDepth == depth {
            text = nil
            textDepth = 0
        }
        defer {
            names.removeLast()
            declarations.removeLast()
            if names.isEmpty { rootClosed = true }
        }
        if path.count >= 3, path[1] == "record", path[2] == "metadata", depth > 4 {
            if let captured, let element = valueElement {
                valueElement = nil
                append(element, Clean.text(captured), language: language)
            }
            return
        }
        guard depth >= 2, isOAI(name), path.count == depth - 1 else { return }
        end(path.joined(separator: "/"), captured.map { Clean.text($0) } ?? "", raw: captured ?? "", parser)
        path.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stopped, text != nil, textBytes < OAIResponseParser.maximumValueBytes else { return }
        textBytes += string.utf8.count
        text?.append(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stopped, text != nil, textBytes < OAIResponseParser.maximumValueBytes else { return }
        textBytes += CDATABlock.count
        text?.append(String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        // libxml2 reports recoverable errors too: the last one is kept, and counts only when the parse fails.
        if !rootClosed { lastError = ((parseError as NSError).code, parser.lineNumber) }
    }

    /// No external entity or DTD is ever read.
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? { nil }

    // MARK: - Values

    private func end(_ key: String, _ value: String, raw: String, _ parser: XMLParser) {
        switch key {
        case "responseDate": response.responseDate = OAIDatestamp(value)
        case "request": response.requestURL = value
        case "error": response.errors.append(OAIError(code: OAIErrorCode(rawValue: Clean.text(errorCode)), message: value))
        case "ListSets/resumptionToken", "ListIdentifiers/resumptionToken", "ListRecords/resumptionToken":
            func integer(_ name: String) -> Int? { tokenAttributes[name].flatMap { Int($0.trimmingWhiteSpace()) } }
            response.resumptionToken = OAIResumptionToken(
                value: raw.trimmingWhiteSpace(), completeListSize: integer("completeListSize"), cursor: integer("cursor"),
                expirationDate: tokenAttributes["expirationDate"].flatMap(OAIDatestamp.init))
        case "Identify/repositoryName": response.identify?.repositoryName = value
        case "Identify/baseURL": response.identify?.baseURL = value
        case "Identify/protocolVersion": response.identify?.protocolVersion = value
        case "Identify/adminEmail": response.identify?.adminEmails.append(value)
        case "Identify/earliestDatestamp": response.identify?.earliestDatestamp = value
        case "Identify/deletedRecord": response.identify?.deletedRecord = value
        case "Identify/granularity": response.identify?.granularity = OAIDatestamp.Granularity(rawValue: value)
        case "Identify/compression": response.identify?.compressions.append(value)
        case "ListSets/set/setSpec": set.spec = value
        case "ListSets/set/setName": set.name = value
        case "ListSets/set": response.sets.append(set)
        case "ListMetadataFormats/metadataFormat/metadataPrefix": format.prefix = value
        case "ListMetadataFormats/metadataFormat/schema": format.schema = value
        case "ListMetadataFormats/metadataFormat/metadataNamespace": format.namespace = value
        case "ListMetadataFormats/metadataFormat": response.metadataFormats.append(format)
        case "ListIdentifiers/header/identifier": header.identifier = value
        case "ListIdentifiers/header/datestamp": (header.datestampText, header.datestamp) = (value, OAIDatestamp(value))
        case "ListIdentifiers/header/setSpec": header.setSpecs.append(value)
        case "ListIdentifiers/header":
            response.headers.append(header)
        case "ListRecords/record/header/identifier", "GetRecord/record/header/identifier": record.header.identifier = value
        case "ListRecords/record/header/datestamp", "GetRecord/record/header/datestamp":
            (record.header.datestampText, record.header.datestamp) = (value, OAIDatestamp(value))
        case "ListRecords/record/header/setSpec", "GetRecord/record/header/setSpec": record.header.setSpecs.append(value)
        case "ListRecords/record", "GetRecord/record":
            record.endLine = parser.lineNumber
            if let onRecord { onRecord(record) } else { response.records.append(record) }
            record = OAIRecord()
        default: break
        }
    }

    // MARK: - Metadata

    /// An element below a record's `<metadata>`: its root says the schema (`oai_dc:dc`, EDM's `rdf:RDF`, another
    /// kept by name); oai_dc's elements are its children, EDM's the children of its proxies and provided object
    /// (`edm:type` read as a type), with the web page and rights of its aggregation.
    private func startMetadata(_ name: (uri: String, local: String), depth: Int, attributes: [String: String]) {
        switch depth {
        case 5:
            guard record.dublinCore == nil, record.otherFormat == nil else { return }
            if name.uri == OAIResponseParser.oaiDCNamespace, name.local == "dc" {
                record.dublinCore = OAIDublinCore()
            } else if name.uri == OAIResponseParser.rdfNamespace, name.local == "RDF" {
                record.dublinCore = OAIDublinCore()
                record.schema = .edm
            } else {
                record.otherFormat = "{\(name.uri)}\(name.local)"
            }
        case 6 where record.schema == .dublinCore:
            startValue(name, depth, attributes)
        case 6 where record.schema == .edm:
            let isProxy = name.uri == OAIResponseParser.oreNamespace && (name.local == "Proxy" || name.local == "Aggregation")
            edmClass = isProxy || (name.uri == OAIResponseParser.edmNamespace && name.local == "ProvidedCHO") ? name.local : ""
        case 7 where record.schema == .edm && record.dublinCore != nil:
            if edmClass == "Aggregation" {
                // Links are attributes: `<edm:isShownAt rdf:resource="…"/>`.
                guard name.uri == OAIResponseParser.edmNamespace, let resource = attributes["rdf:resource"].map({ Clean.text($0) }), !resource.isEmpty else { return }
                if name.local == "isShownAt" || name.local == "isShownBy" { append(.identifier, resource, language: nil) }
                if name.local == "rights" { append(.rights, resource, language: nil) }
            } else if !edmClass.isEmpty {
                if name.uri == OAIResponseParser.edmNamespace, name.local == "type" {
                    valueElement = .type
                    language = nil
                    startText(depth)
                } else {
                    startValue(name, depth, attributes)
                }
            }
        default:
            break
        }
    }

    private func startValue(_ name: (uri: String, local: String), _ depth: Int, _ attributes: [String: String]) {
        guard record.dublinCore != nil, name.uri == OAIResponseParser.dcNamespace, let element = OAIDublinCore.Element(rawValue: name.local) else { return }
        valueElement = element
        language = attributes["xml:lang"].map { Clean.text($0) }.flatMap { $0.isEmpty ? nil : $0 }
        startText(depth)
    }

    private func append(_ element: OAIDublinCore.Element, _ value: String, language: String?) {
        guard !value.isEmpty else { return }
        let value = OAIValue(value: value, language: language)
        // EDM repeats a value in each proxy: once is enough.
        if record.schema == .edm, record.dublinCore?[element].contains(value) == true { return }
        record.dublinCore?.elements[element, default: []].append(value)
    }

    private func startText(_ depth: Int) {
        text = ""
        textBytes = 0
        textDepth = depth
    }

    // MARK: - Names

    /// The namespace and local name of a qualified name; an undeclared prefix gives the namespace `prefix:`.
    private func resolve(_ qualified: String) -> (uri: String, local: String) {
        let prefix: String, local: String
        if let colon = qualified.firstIndex(of: ":") {
            prefix = String(qualified[..<colon])
            local = String(qualified[qualified.index(after: colon)...])
        } else {
            prefix = ""
            local = qualified
        }
        let uri = declarations.reversed().lazy.compactMap { $0[prefix] }.first ?? (prefix.isEmpty ? "" : prefix + ":")
        return (uri, local)
    }

    private func isOAI(_ name: (uri: String, local: String)) -> Bool {
        name.uri == OAIResponseParser.oaiNamespace || name.uri.isEmpty
    }

    private func stop(_ parser: XMLParser, _ kind: OAIInterruption.Kind, _ message: String) {
        response.interruption = OAIInterruption(kind: kind, line: parser.lineNumber, message: message)
        stopped = true
        parser.abortParsing()
    }
}
