import ArgumentParser
import Foundation
import PasserelleCore
import PasserelleWeb

/// `passerelle institution key`: an operator's view of API keys (an institution does the same through `/api/v1/keys`).
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Issue, list, rotate or revoke an institution's API keys.",
        subcommands: [Issue.self, List.self, Rotate.self, Revoke.self]
    )

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a new key for an existing institution and print it once (e.g. to hand an imported museum its key)."
        )

        @Argument(help: "The institution's id (see `passerelle institution list`).")
        var institution: String

        @Option(help: "A name for the key, e.g. \"ticketing system\" (at most 100 characters).")
        var label: String?

        @Option(help: "When the key stops working: an RFC 3339 date (2027-06-30) or date-time.")
        var expires: String?

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let id = try institutionID(institution)
            var expiresAt: Date?
            if let expires {
                guard let date = RFC3339.dateTime(expires) ?? RFC3339.date(expires) else {
                    throw ValidationError("--expires must be an RFC 3339 date (2027-06-30) or date-time")
                }
                expiresAt = date
            }
            let issued = try await withStore(options) { store in
                try await APIKeyLifecycle(store: store).issue(for: id, label: label, expiresAt: expiresAt)
            }
            print("Issued key \(issued.record.id) for institution \(id)\(expiresAt.map { ", valid until \($0.formatted(.iso8601))" } ?? "").")
            printKeyOnce(issued.plaintext)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an institution's keys, newest first (never their secrets).")

        @Argument(help: "The institution's id.")
        var institution: String

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let id = try institutionID(institution)
            let keys = try await withStore(options) { store in try await APIKeyLifecycle(store: store).keys(of: id) }
            if keys.isEmpty { print("Institution \(id) has no key.") }
            let now = Date()
            for key in keys {
                var facts = ["created \(key.createdAt.formatted(.iso8601))"]
                if let expiresAt = key.expiresAt { facts.append("expires \(expiresAt.formatted(.iso8601))") }
                if let revokedAt = key.revokedAt { facts.append("revoked \(revokedAt.formatted(.iso8601))") }
                facts.append("last used \(key.lastUsedAt.map { $0.formatted(.iso8601) } ?? "never")")
                let label = key.label.map { " \"\($0)\"" } ?? ""
                print("\(key.id)\(label)  \(key.state(at: now).rawValue)  \(facts.joined(separator: ", "))")
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a key: print a new one now; the old one keeps working for the grace period, then expires."
        )

        @Argument(help: "The key's public prefix, e.g. psl_3f9a1c2b.")
        var key: String

        @Option(help: "Hours the old key keeps working (0–720, default 24).")
        var graceHours = 24

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let (issued, previous) = try await withStore(options) { store in
                try await APIKeyLifecycle(store: store).rotate(key, by: nil, grace: TimeInterval(graceHours) * 3_600)
            }
            print("Key \(previous.id) now expires at \((previous.expiresAt ?? Date()).formatted(.iso8601)); its replacement is \(issued.record.id).")
            printKeyOnce(issued.plaintext)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once.")

        @Argument(help: "The key's public prefix, e.g. psl_3f9a1c2b.")
        var key: String

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let revoked = try await withStore(options) { store in try await APIKeyLifecycle(store: store).revoke(key, by: nil) }
            print("Key \(revoked.id) of institution \(revoked.institutionID) is revoked (since \((revoked.revokedAt ?? Date()).formatted(.iso8601))).")
        }
    }
}

/// The institution id given on the command line, or a usage error that states the rule.
func institutionID(_ text: String) throws -> InstitutionID {
    guard let id = InstitutionID(text) else { throw ValidationError("the institution id must be \(InstitutionID.rule)") }
    return id
}

/// Prints a new key the only time it is ever shown: alone on the last line of standard output, for scripts.
func printKeyOnce(_ plaintext: String) {
    print("API key (store it now, it is not shown again):")
    print(plaintext)
}
