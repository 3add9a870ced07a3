import PasserelleCore
import PasserellePass

/// How beneficiaries' accounts are guarded: bcrypt's cost and the rate limits (`PASSERELLE_PASS_*` settings).
public struct PassAccountSettings: Sendable, Hashable {
    /// log₂ of bcrypt's rounds, 4…31 (the settings allow 10…31; tests use 4).
    public var bcryptCost: UInt8
    public var limits: RateLimiter.Limits

    public init(bcryptCost: UInt8, limits: RateLimiter.Limits) {
        self.bcryptCost = bcryptCost
        self.limits = limits
    }

    /// `PassAccountRules`' defaults.
    public static let standard = PassAccountSettings(
        bcryptCost: UInt8(PassAccountRules.bcryptCost),
        limits: RateLimiter.Limits(
            loginPerEmail: PassAccountRules.loginPerEmail, loginPerAddress: PassAccountRules.loginPerAddress,
            signupPerAddress: PassAccountRules.signupPerAddress, bookingPerBeneficiary: PassAccountRules.bookingPerBeneficiary,
            countermarkPerInstitution: PassAccountRules.countermarkPerInstitution))
}
