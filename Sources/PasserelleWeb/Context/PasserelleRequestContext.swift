public import Hummingbird
public import PasserelleCore
public import PasserellePass

/// The request context of every Passerelle route. `institution` is set only by `APIKeyAuthMiddleware`
/// after a key matched; handlers never read it directly: write routes take an `AuthenticatedContext`.
public struct PasserelleRequestContext: RequestContext {
    /// Hummingbird's core storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// The institution whose API key authenticated this request, if any.
    public internal(set) var institution: Institution?
    /// The public prefix of the key that authenticated this request, if any.
    public internal(set) var apiKeyID: String?
    /// The beneficiary whose pass session authenticated this request, if any (`PassSessionMiddleware`).
    public internal(set) var beneficiaryID: String?
    /// The SHA-256 of that session's token, so that signing out closes this session and no other.
    public internal(set) var passSessionHash: String?
    /// The professional (a teacher, venue staff) whose session authenticated this request, if any, and its hash.
    public internal(set) var staffMember: StaffMember?
    public internal(set) var proSessionHash: String?
    /// The body size limit Hummingbird applies when decoding; routes may tighten it further.
    public var maxUploadSize: Int
    /// The peer's IP address as text, for the observatory's daily visitor key only: it is never logged or stored.
    public let remoteAddress: String?

    /// Builds a context for a request from the server (or the test harness).
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
        self.institution = nil
        self.apiKeyID = nil
        self.beneficiaryID = nil
        self.passSessionHash = nil
        self.staffMember = nil
        self.proSessionHash = nil
        self.maxUploadSize = WebLimits.standard.batchBodyBytes
    }
}

/// The context of write routes: it can only be built from a context the auth middleware authenticated,
/// so an unauthenticated request cannot reach a write handler (the transform throws 401 first).
public struct AuthenticatedContext: ChildRequestContext {
    /// Hummingbird's core storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// The institution the API key belongs to; every write is made on its behalf.
    public let institution: Institution
    /// The public prefix of the key used (`psl_3f9a1c2b`).
    public let apiKeyID: String
    /// The body size limit inherited from the parent context.
    public var maxUploadSize: Int

    /// Succeeds only when the parent context carries an authenticated institution.
    public init(context: PasserelleRequestContext) throws {
        guard let institution = context.institution, let apiKeyID = context.apiKeyID else { throw Unauthenticated() }
        self.coreContext = context.coreContext
        self.institution = institution
        self.apiKeyID = apiKeyID
        self.maxUploadSize = context.maxUploadSize
    }
}

/// Thrown when a write route is reached without a valid key; rendered as 401 with `WWW-Authenticate: Bearer`.
struct Unauthenticated: Error, Sendable {
    var reason = "An API key is required: send `Authorization: Bearer <key>`."
    /// True when a credential was sent but refused (RFC 6750 `error="invalid_token"`).
    var invalidToken = false

    /// The `WWW-Authenticate` challenge (RFC 6750 §3).
    var challenge: String {
        invalidToken ? #"Bearer realm="passerelle", error="invalid_token""# : #"Bearer realm="passerelle""#
    }
}
