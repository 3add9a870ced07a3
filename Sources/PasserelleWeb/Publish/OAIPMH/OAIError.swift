/// An OAI-PMH error condition (spec §3.6): answered with HTTP 200 and an `<error code="…">` element, never a
/// problem document, because harvesters read the protocol's codes, not HTTP statuses.
struct OAIError: Error, Hashable, Sendable {
    /// The spec's error codes. `noMetadataFormats` and `noSetHierarchy` are listed for completeness: every work
    /// has `oai_dc` and the repository has sets, so neither condition can arise here.
    struct Code: RawRepresentable, Hashable, Sendable {
        let rawValue: String
        static let badArgument = Code(rawValue: "badArgument")
        static let badResumptionToken = Code(rawValue: "badResumptionToken")
        static let badVerb = Code(rawValue: "badVerb")
        static let cannotDisseminateFormat = Code(rawValue: "cannotDisseminateFormat")
        static let idDoesNotExist = Code(rawValue: "idDoesNotExist")
        static let noRecordsMatch = Code(rawValue: "noRecordsMatch")
        static let noMetadataFormats = Code(rawValue: "noMetadataFormats")
        static let noSetHierarchy = Code(rawValue: "noSetHierarchy")
    }

    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// For badVerb and badArgument the `<request>` element carries no attributes (spec §3.2): the request was not
    /// understood, so echoing it would claim otherwise.
    var echoesRequest: Bool { code != .badVerb && code != .badArgument }
}
