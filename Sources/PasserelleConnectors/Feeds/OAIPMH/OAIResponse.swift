public import Foundation

/// The six OAI-PMH 2.0 requests.
public enum OAIVerb: String, Sendable, Hashable, CaseIterable {
    case identify = "Identify"
    case listSets = "ListSets"
    case listMetadataFormats = "ListMetadataFormats"
    case listIdentifiers = "ListIdentifiers"
    case listRecords = "ListRecords"
    case getRecord = "GetRecord"
}

/// An OAI-PMH error code: the protocol's eight, or another a repository sent (kept as written).
public enum OAIErrorCode: Sendable, Hashable, CustomStringConvertible {
    case badArgument, badResumptionToken, badVerb, cannotDisseminateFormat, idDoesNotExist, noRecordsMatch, noMetadataFormats,
        noSetHierarchy
    /// A code outside the protocol (`undefinedError`…), or none (`""`).
    case other(String)

    public init(rawValue: String) {
        let known: [String: OAIErrorCode] = [
            "badArgument": .badArgument, "badResumptionToken": .badResumptionToken, "badVerb": .badVerb,
            "cannotDisseminateFormat": .cannotDisseminateFormat, "idDoesNotExist": .idDoesNotExist, "noRecordsMatch": .noRecordsMatch,
            "noMetadataFormats": .noMetadataFormats, "noSetHierarchy": .noSetHierarchy,
        ]
        self = known[rawValue] ?? .other(String(rawValue.prefix(64)))
    }

    public var rawValue: String {
        switch self {
        case .badArgument: "badArgument"
        case .badResumptionToken: "badResumptionToken"
        case .badVerb: "badVerb"
        case .cannotDisseminateFormat: "cannotDisseminateFormat"
        case .idDoesNotExist: "idDoesNotExist"
        case .noRecordsMatch: "noRecordsMatch"
        case .noMetadataFormats: "noMetadataFormats"
        case .noSetHierarchy: "noSetHierarchy"
        case .other(let code): code
        }
    }

    public var description: String { rawValue }
}

/// An `<error>` of a response: its code and the repository's message (white space collapsed).
public struct OAIError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: OAIErrorCode
    public let message: String

    public var description: String { message.isEmpty ? code.rawValue : "\(code.rawValue): \(message)" }
}

/// A record's `<header>`.
public struct OAIHeader: Sendable, Hashable {
    /// The record's unique identifier in the repository (`oai:bnf.fr:gallica/ark:/12148/bpt6k852111`); empty when the
    /// header has none.
    public internal(set) var identifier = ""
    /// The datestamp, when it is one of the two granularities.
    public internal(set) var datestamp: OAIDatestamp?
    /// The datestamp as written (white space collapsed), read or not.
    public internal(set) var datestampText = ""
    public internal(set) var setSpecs: [String] = []
    /// `status="deleted"`: the repository no longer has the record.
    public internal(set) var isDeleted = false
}

/// One value of a Dublin Core element, with its `xml:lang` when it has one.
public struct OAIValue: Sendable, Hashable {
    public let value: String
    public let language: String?
}

/// The fifteen elements of simple Dublin Core, as an `oai_dc:dc` record holds them: each repeated, in document order.
public struct OAIDublinCore: Sendable, Hashable {
    public enum Element: String, Sendable, Hashable, CaseIterable {
        case title, creator, subject, description, publisher, contributor, date, type, format, identifier, source, language,
            relation, coverage, rights
    }

    public internal(set) var elements: [Element: [OAIValue]] = [:]

    public subscript(element: Element) -> [OAIValue] { elements[element] ?? [] }

    /// The values of an element, without their languages.
    public func values(_ element: Element) -> [String] { self[element].map(\.value) }
}

/// A `<record>` of `ListRecords` or `GetRecord`.
public struct OAIRecord: Sendable, Hashable {
    public internal(set) var header = OAIHeader()
    /// The Dublin Core metadata (see `schema`); nil for a deleted record, or when the metadata is in another format.
    public internal(set) var dublinCore: OAIDublinCore?
    /// What `dublinCore` was read from: an `oai_dc:dc` record, or an EDM one (`rdf:RDF`: its proxies' Dublin Core,
    /// `edm:type` as a type, the aggregation's `edm:isShownAt` as an identifier and `edm:rights` as rights).
    public enum Schema: Sendable, Hashable { case dublinCore, edm }
    public internal(set) var schema = Schema.dublinCore
    /// The root element of the metadata when it is neither (`mods`…), as `{namespace}name`.
    public internal(set) var otherFormat: String?
    /// The record's place in its page (1-based), and its first and last lines there.
    public internal(set) var position = 0
    public internal(set) var line = 0
    public internal(set) var endLine = 0
}

/// A `<resumptionToken>`. An empty value ends a list (the last page says so); a value is sent back as is.
public struct OAIResumptionToken: Sendable, Hashable {
    public let value: String
    public let completeListSize: Int?
    public let cursor: Int?
    public let expirationDate: OAIDatestamp?

    /// The last page of a list: it carries an empty token.
    public var endsList: Bool { value.isEmpty }
}

/// What `Identify` says of a repository (white space collapsed; Gallica's values are pretty-printed).
public struct OAIIdentify: Sendable, Hashable {
    public internal(set) var repositoryName = ""
    public internal(set) var baseURL = ""
    public internal(set) var protocolVersion = ""
    public internal(set) var adminEmails: [String] = []
    public internal(set) var earliestDatestamp = ""
    /// `no`, `transient` or `persistent`: whether deletions are announced, and for how long.
    public internal(set) var deletedRecord = ""
    public internal(set) var granularity: OAIDatestamp.Granularity?
    public internal(set) var compressions: [String] = []
}

/// A `<set>` of `ListSets`.
public struct OAISet: Sendable, Hashable {
    public internal(set) var spec = ""
    public internal(set) var name = ""
}

/// A `<metadataFormat>` of `ListMetadataFormats`.
public struct OAIMetadataFormat: Sendable, Hashable {
    public internal(set) var prefix = ""
    public internal(set) var schema = ""
    public internal(set) var namespace = ""
}

/// Where a response stopped being read before its end: cut short, broken, or past a limit. What came before is kept.
public struct OAIInterruption: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Not well-formed from there on, or cut short (the root element never closes).
        case malformed
        /// Past `OAIResponse.maximumDepth` or `maximumRecords`.
        case limit
    }

    public let kind: Kind
    public let line: Int
    public let message: String
}

/// One OAI-PMH response document, read in one streaming pass. Records are either collected in `records` (memory:
/// one page) or handed one by one to a callback and not kept (see `OAIResponse.parse(_:onRecord:)`).
public struct OAIResponse: Sendable {
    /// The largest document read. A page of 100 oai_dc records is about 160 KB (Gallica's); 16 MiB is far past any page.
    public static let maximumDocumentBytes = 16 * 1_024 * 1_024
    public static let maximumDepth = 64
    /// Records read from one page at most; past it the page is interrupted (repositories send 10 to 1 000).
    public static let maximumRecords = 50_000

    public internal(set) var responseDate: OAIDatestamp?
    /// The verb the response answers: its verb element, else the `verb` of its `<request>` (an error response).
    public internal(set) var verb: OAIVerb?
    /// The `<request>` element: the base URL it names and its arguments (`metadataPrefix`, `set`, `from`…).
    public internal(set) var requestURL = ""
    public internal(set) var requestArguments: [String: String] = [:]
    public internal(set) var errors: [OAIError] = []
    public internal(set) var identify: OAIIdentify?
    public internal(set) var sets: [OAISet] = []
    public internal(set) var metadataFormats: [OAIMetadataFormat] = []
    /// The headers of `ListIdentifiers`.
    public internal(set) var headers: [OAIHeader] = []
    /// The records of `ListRecords` or `GetRecord`, unless they went to a callback.
    public internal(set) var records: [OAIRecord] = []
    /// How many records the page held (collected or handed over), deleted ones included.
    public internal(set) var recordCount = 0
    public internal(set) var resumptionToken: OAIResumptionToken?
    public internal(set) var interruption: OAIInterruption?

    /// The errors that refuse a document as a whole.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case tooLarge(bytes: Int)
        case notUTF8
        case unsupportedEncoding(String)
        case undecodable(encoding: String)
        /// The document type declares entities (how XXE and "billion laughs" attacks are made).
        case entityDeclarations
        /// Not XML: nothing could be read up to a root element.
        case notXML(line: Int, message: String)
        /// XML whose root element is not `<OAI-PMH>`.
        case notOAIPMH(root: String)

        init(_ problem: XMLPrologue.Problem) {
            switch problem {
            case .tooLarge(let bytes): self = .tooLarge(bytes: bytes)
            case .notUTF8: self = .notUTF8
            case .unsupportedEncoding(let name): self = .unsupportedEncoding(name)
            case .undecodable(let name): self = .undecodable(encoding: name)
            case .entityDeclarations: self = .entityDeclarations
            }
        }

        public var description: String {
            switch self {
            case .tooLarge(let bytes): "the response has \(bytes) bytes; at most \(OAIResponse.maximumDocumentBytes) are read"
            case .notUTF8: "the response is not valid UTF-8 and declares no other encoding"
            case .unsupportedEncoding(let name): "the response declares the encoding '\(name.prefix(40))', which is not read (\(XMLPrologue.readableEncodings) are)"
            case .undecodable(let name): "the response is not valid \(name.prefix(40)), the encoding it declares"
            case .entityDeclarations: "the response declares XML entities (<!ENTITY>); OAI-PMH never needs them and they are refused"
            case .notXML(let line, let message): "the response is not XML (line \(line): \(message))"
            case .notOAIPMH(let root): "the response is XML but not OAI-PMH: its root element is <\(root.prefix(60))>, not <OAI-PMH>"
            }
        }
    }

    /// The response with its records collected in `records`.
    public static func parse(_ data: Data) throws(Refusal) -> OAIResponse {
        try OAIResponseParser.parse(data, onRecord: nil)
    }

    /// The response, each record handed to `onRecord` as soon as its `</record>` is read and not kept (`records`
    /// stays empty; `recordCount` counts them).
    public static func parse(_ data: Data, onRecord: (OAIRecord) -> Void) throws(Refusal) -> OAIResponse {
        try withoutActuallyEscaping(onRecord) { (callback) throws(Refusal) -> OAIResponse in
            try OAIResponseParser.parse(data, onRecord: callback)
        }
    }

    /// The error with this code, when the response has one.
    public func error(_ code: OAIErrorCode) -> OAIError? { errors.first { $0.code == code } }
}
