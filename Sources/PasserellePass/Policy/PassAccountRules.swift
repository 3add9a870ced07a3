public import PasserelleCore

/// The rules of beneficiaries' accounts, and the default limits on what is worth guessing or hammering. Each limit
/// can be changed in configuration (`PASSERELLE_PASS_*_LIMIT`); these are the defaults a deployment starts with.
public enum PassAccountRules {
    /// bcrypt's cost: 2¹² rounds, about 0.25 s on one core of this class of machine (OWASP's floor is 10).
    public static let bcryptCost = 12
    /// bcrypt reads at most 72 bytes; longer would be silently cut, so they are refused instead. 12 bytes at least
    /// (NIST SP 800-63B asks 8; the pass holds money).
    public static let passwordBytes = 12...72

    /// Sign-in attempts per email: a guesser gets 5 tries per quarter of an hour on one account.
    public static let loginPerEmail = RateLimit(limit: 5, window: 900)!
    /// Sign-in attempts per client address: one address trying many accounts.
    public static let loginPerAddress = RateLimit(limit: 50, window: 900)!
    /// Accounts opened per client address.
    public static let signupPerAddress = RateLimit(limit: 10, window: 3_600)!
    /// Booking attempts per beneficiary: far above what a person does, low enough to stop a script draining a stock.
    public static let bookingPerBeneficiary = RateLimit(limit: 30, window: 60)!
    /// Countermark checks per institution: a venue's door at full speed, not a guesser's enumeration.
    public static let countermarkPerInstitution = RateLimit(limit: 120, window: 60)!

    /// Why a password is refused, or nil.
    public static func passwordProblem(_ password: String) -> String? {
        let bytes = password.utf8.count
        if bytes < passwordBytes.lowerBound { return "must be at least \(passwordBytes.lowerBound) bytes long" }
        if bytes > passwordBytes.upperBound { return "must be at most \(passwordBytes.upperBound) bytes long (bcrypt reads no further)" }
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "must not hold control characters" }
        return nil
    }
}

extension Beneficiary {
    /// What is wrong with an email and a birth date a beneficiary gives, field by field (empty: nothing). Checked
    /// by the store on every write and by sign-up before the password is hashed (a quarter of a second of CPU).
    public static func problems(email: String, birthdate: String) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if email.utf8.count > 254 || email.split(separator: "@", omittingEmptySubsequences: false).count != 2
            || email.hasPrefix("@") || email.hasSuffix("@") || email.contains(where: \.isWhitespace) {
            issues.append(FieldIssue(field: "email", code: "invalid-value", message: "must be an email address"))
        }
        if Eligibility.birthdate(birthdate) == nil {
            issues.append(FieldIssue(field: "birthdate", code: "invalid-date", message: "must be a real date written YYYY-MM-DD"))
        }
        return issues
    }
}
