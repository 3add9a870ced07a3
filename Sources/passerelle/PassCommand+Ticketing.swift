import ArgumentParser
import Crypto
import Foundation
import Hummingbird
import Logging
import PasserelleApp
import PasserelleCore
import PasserellePass
import PasserelleStorage

/// `passerelle pass ticketing` and `passerelle pass settle-holds`: partners whose places their own ticketing system sells.
extension PassCommand {
    struct TicketingCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ticketing", abstract: "Partners' ticketing systems: where their offers are held, then confirmed.",
            subcommands: [Set.self, Remove.self, Simulate.self])

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Book an institution's provider-API offers through its ticketing system; prints the signing secret once, alone on the last line.")

            @Argument(help: "The institution's id.")
            var institution: String
            @Option(help: "The base URL of its ticketing system's Passerelle API (https://…; holds live under /holds).")
            var url: String
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                guard let institution = InstitutionID(institution) else { throw ValidationError("the institution is not an id") }
                guard let base = URL(string: url), TicketingEndpoint.problem(base) == nil else {
                    throw ValidationError("--url \(TicketingEndpoint.problem(URL(string: "x:")!) ?? "is not a URL")")
                }
                let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
                try await withStore(options) { try await $0.setTicketingEndpoint(TicketingEndpoint(institutionID: institution, baseURL: base, secret: secret)) }
                print("Bookings of \(institution)'s provider-API offers now go through \(base.absoluteString).")
                print("Signing secret (shown once; give it to the provider, who checks the Passerelle-Signature header):")
                print(secret)
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Book an institution's offers in Passerelle alone again.")

            @Argument(help: "The institution's id.")
            var institution: String
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                guard let institution = InstitutionID(institution) else { throw ValidationError("the institution is not an id") }
                try await withStore(options) { try await $0.removeTicketingEndpoint(of: institution) }
                print("\(institution)'s offers are booked in Passerelle alone.")
            }
        }

        struct Simulate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Run a provider's ticketing system on loopback, for tests, fault runs and demos (holds kept in memory).")

            @Option(help: "Port on 127.0.0.1.")
            var port: Int = 9_100
            @Option(help: "The signing secret `pass ticketing set` printed.")
            var secret: String
            @Option(help: "normal, refuse, slow (answers a confirmation late), sluggish (a hold late too), flaky (fails each first confirmation after doing it), down.")
            var behaviour: String = "normal"
            @Option(help: "With --behaviour slow: seconds before answering a confirmation.")
            var slowSeconds: Double = 8
            @Option(help: "The path the holds live under (the path of the URL given to `pass ticketing set`).")
            var prefix: String = ""

            func run() async throws {
                guard let behaviour = TicketingSimulator.Behaviour(rawValue: behaviour) else {
                    throw ValidationError("--behaviour is one of \(TicketingSimulator.Behaviour.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let simulator = TicketingSimulator(secret: secret, behaviour: behaviour, slowSeconds: slowSeconds)
                let app = Application(router: simulator.router(prefix: prefix), configuration: .init(address: .hostname("127.0.0.1", port: port)),
                                      logger: Logger(label: "ticketing-simulator"))
                print("Ticketing simulator (\(behaviour.rawValue)) on http://127.0.0.1:\(port)")
                try await app.runService()
            }
        }
    }

    struct SettleHolds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "settle-holds",
            abstract: "Settle partner bookings still pending after their hold expired: activated when the provider confirmed, else released.",
            discussion: "`serve` does this every minute by itself; this runs it once (after an outage, or from a cron).")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let settings = try await options.settings()
            let settled = try await withStore(settings: settings) { store in
                try await PasserelleServer.partnerBooking(store, settings).settle(expiredBefore: Date())
            }
            print("Settled partner holds: \(settled.activated) activated, \(settled.released) released, \(settled.waiting) still waiting for their provider.")
        }
    }
}
