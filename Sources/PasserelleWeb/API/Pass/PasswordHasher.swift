import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on NIO's blocking thread pool: one hash takes a quarter of a second at cost 12, which must not hold
/// an event loop or a Swift concurrency thread.
struct PasswordHasher: Sendable {
    /// log₂ of the rounds (4…31); `PassAccountRules.bcryptCost` in production, 4 in tests.
    let cost: UInt8

    /// A hash of a password no one has, compared when the email is unknown so that "no such account" takes as
    /// long as "wrong password" (no account enumeration by timing).
    private let decoy: String

    init(cost: UInt8) {
        precondition((4...31).contains(cost), "bcrypt's cost is 4 to 31")
        self.cost = cost
        self.decoy = Bcrypt.hash("passerelle-decoy-password", cost: cost)
    }

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; with no hash (unknown email, or an account without password) the decoy is
    /// checked and the answer is false.
    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? decoy
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return hash != nil && matches
    }
}
