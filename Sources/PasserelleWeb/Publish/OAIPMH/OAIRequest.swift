import Foundation

/// The six verbs of OAI-PMH 2.0.
enum OAIVerb: String, CaseIterable, Hashable {
    case identify = "Identify"
    case listMetadataFormats = "ListMetadataFormats"
    case listSets = "ListSets"
    case listIdentifiers = "ListIdentifiers"
    case listRecords = "ListRecords"
    case getRecord = "GetRecord"

    /// The arguments each verb takes besides `verb` (spec §4); any other is a badArgument.
    var allowed: Set<String> {
        switch self {
        case .identify: []
        case .listMetadataFormats: ["identifier"]
        case .listSets: ["resumptionToken"]
        case .listIdentifiers, .listRecords: ["metadataPrefix", "from", "until", "set", "resumptionToken"]
        case .getRecord: ["identifier", "metadataPrefix"]
        }
    }
}

/// The arguments of ListIdentifiers and ListRecords, checked for syntax; the token, format and set are resolved
/// against the repository later.
struct OAIListArguments: Hashable {
    var metadataPrefix: String?
    var from: OAIDatestamp.Bound?
    var until: OAIDatestamp.Bound?
    var set: String?
    var resumptionToken: String?
}

/// A request whose arguments follow the spec's rules: one verb, only its arguments, none repeated or empty, the
/// required ones present, `resumptionToken` alone, dates of one granularity with `from` not after `until`.
struct OAIRequest: Hashable {
    enum Action: Hashable {
        case identify
        case listMetadataFormats(identifier: String?)
        case listSets(resumptionToken: String?)
        case list(OAIListArguments)
        case getRecord(identifier: String, metadataPrefix: String)
    }

    let verb: OAIVerb
    let action: Action
    /// The arguments as sent, echoed in the response's `<request>` element.
    let echo: [(name: String, value: String)]

    static func == (lhs: OAIRequest, rhs: OAIRequest) -> Bool { lhs.action == rhs.action && lhs.verb == rhs.verb }
    func hash(into hasher: inout Hasher) { hasher.combine(action) }

    /// The request `arguments` make, or the error that answers them.
    static func parse(_ arguments: [(name: String, value: String)]) throws(OAIError) -> OAIRequest {
        let verbs = arguments.filter { $0.name == "verb" }.map(\.value)
        guard let verbText = verbs.first else { throw OAIError(.badVerb, "The verb argument is missing.") }
        guard verbs.count == 1 else { throw OAIError(.badVerb, "The verb argument is repeated.") }
        guard let verb = OAIVerb(rawValue: verbText) else {
            throw OAIError(.badVerb, "'\(verbText)' is not an OAI-PMH verb (\(OAIVerb.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        var values: [String: String] = [:]
        for (name, value) in arguments where name != "verb" {
            guard verb.allowed.contains(name) else { throw OAIError(.badArgument, "\(verb.rawValue) takes no argument '\(name)'.") }
            guard values[name] == nil else { throw OAIError(.badArgument, "The argument '\(name)' is repeated.") }
            guard !value.isEmpty else { throw OAIError(.badArgument, "The argument '\(name)' is empty.") }
            values[name] = value
        }
        if values["resumptionToken"] != nil, values.count > 1 {
            throw OAIError(.badArgument, "resumptionToken is an exclusive argument: send it with the verb alone.")
        }
        func required(_ name: String) throws(OAIError) -> String {
            guard let value = values[name] else { throw OAIError(.badArgument, "\(verb.rawValue) requires the argument '\(name)'.") }
            return value
        }
        let action: Action
        switch verb {
        case .identify: action = .identify
        case .listMetadataFormats: action = .listMetadataFormats(identifier: values["identifier"])
        case .listSets: action = .listSets(resumptionToken: values["resumptionToken"])
        case .getRecord: action = .getRecord(identifier: try required("identifier"), metadataPrefix: try required("metadataPrefix"))
        case .listIdentifiers, .listRecords:
            var list = OAIListArguments(set: values["set"], resumptionToken: values["resumptionToken"])
            if list.resumptionToken == nil { list.metadataPrefix = try required("metadataPrefix") }
            list.from = try values["from"].map { text throws(OAIError) in try bound("from", text) }
            list.until = try values["until"].map { text throws(OAIError) in try bound("until", text) }
            if let from = list.from, let until = list.until {
                guard from.granularity == until.granularity else {
                    throw OAIError(.badArgument, "from and until must have the same granularity (both days or both seconds).")
                }
                guard from.start <= until.start else { throw OAIError(.badArgument, "from is later than until.") }
            }
            action = .list(list)
        }
        return OAIRequest(verb: verb, action: action, echo: arguments)
    }

    private static func bound(_ name: String, _ text: String) throws(OAIError) -> OAIDatestamp.Bound {
        guard let bound = OAIDatestamp.parse(text) else {
            throw OAIError(.badArgument, "\(name) must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC), not '\(text)'.")
        }
        return bound
    }
}

/// The name–value pairs of a query string or an `application/x-www-form-urlencoded` body, strictly: `+` is a space,
/// percent escapes must decode to UTF-8, and a pair that does not is a badArgument rather than silently dropped.
enum OAIArguments {
    /// Longer requests are refused: an OAI-PMH request is a few short arguments (a token is at most 2 KiB).
    static let maximumBytes = 8_192

    static func parse(_ text: String) throws(OAIError) -> [(name: String, value: String)] {
        guard text.utf8.count <= maximumBytes else { throw OAIError(.badArgument, "The request is longer than \(maximumBytes) bytes.") }
        var pairs: [(name: String, value: String)] = []
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? { String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else {
                throw OAIError(.badArgument, "An argument is not valid percent-encoded UTF-8.")
            }
            pairs.append((name, value))
        }
        return pairs
    }
}
