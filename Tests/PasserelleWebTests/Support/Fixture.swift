import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PasserelleCore
import PasserellePass
import PasserelleObservatory
import PasserelleStorage
import PasserelleWeb
import Prometheus

/// Two institutions with their API keys, a venue, a work and offers of A, and the app over one store.
struct Fixture {
    let store: SQLStore
    let a: Institution
    let b: Institution
    let keyA: String
    let keyB: String
    let prometheus = PrometheusCollectorRegistry()

    static let venueA = VenueID(trusted: "venue-a")
    static let workA = WorkID(trusted: "work-a")
    static let venueB = VenueID(trusted: "venue-b")
    /// B is also an editor: its collections may list A's records (A's may not list B's).
    static let editorID = InstitutionID(trusted: "inst-b")
    static let passPolicy = CreditPolicy(
        version: "test-1", grants: [.init(age: 18, amountCents: 15_000, validityMonths: 24)], caps: [.init(applies: "online", maximumCents: 10_000)],
        cancellationWindowHours: 48, uncollectedGoodsExpiryDays: 30, maximumQuantityPerBooking: 2)

    /// Runs `body` on a fresh fixture (after `seed`), then closes its store, whether `body` succeeded or not.
    @discardableResult
    static func using<Value: Sendable>(
        seed: @Sendable (Fixture) async throws -> Void = { _ in }, _ body: @Sendable (Fixture) async throws -> Value
    ) async throws -> Value {
        let fixture = try await make()
        let value: Value
        do {
            try await seed(fixture)
            value = try await body(fixture)
        } catch {
            try? await fixture.store.shutdown()
            throw error
        }
        try await fixture.store.shutdown()
        return value
    }

    /// A fresh catalogue: institution A (a museum in Paris) and B (a cinema in Lyon), no offers yet.
    private static func make() async throws -> Fixture {
        let store = try await TestStores.make()
        let a = Institution(id: InstitutionID(trusted: "inst-a"), name: "Musée A")
        let b = Institution(id: InstitutionID(trusted: "inst-b"), name: "Cinéma B")
        let (keyA, recordA) = APIKeys.generate(for: a.id)
        let (keyB, recordB) = APIKeys.generate(for: b.id)
        try await store.write { tx in
            try await tx.save([a, b])
            try await tx.save(recordA)
            try await tx.save(recordB)
            try await tx.save(Venue(
                id: venueA, institutionID: a.id, name: "Musée A, site Rivoli", kind: .museum,
                address: Address(street: "1 rue de Rivoli", postalCode: "75001", city: "Paris"), communeCode: "75056",
                departementCode: "75", regionCode: "11", accessibility: [.motor, .visual]
            ))
            try await tx.save(Venue(
                id: venueB, institutionID: b.id, name: "Cinéma B", kind: .cinema,
                address: Address(city: "Lyon"), communeCode: "69123", departementCode: "69", regionCode: "84"
            ))
            try await tx.save(Work(
                id: workA, institutionID: a.id, title: LocalizedText([.fr: "La Joconde", .en: "Mona Lisa"]),
                creators: ["Léonard de Vinci"], categoryID: CategoryID(trusted: "heritage")
            ))
        }
        return Fixture(store: store, a: a, b: b, keyA: keyA, keyB: keyB)
    }

    func dependencies(ready: @escaping @Sendable () async -> Bool = { true }, notice: String? = nil, limits: WebLimits = .standard) -> WebDependencies {
        var dependencies = WebDependencies(
            store: store, ready: ready, prometheus: prometheus,
            credits: [SourceCredit(title: "Base Muséofile", publisher: "Ministère de la Culture", licence: "Licence Ouverte 2.0", url: "https://data.culture.gouv.fr/")],
            notice: notice, limits: limits, collector: EventCollector(store: SQLObservatoryStore(store: store))
        )
        dependencies.search = store
        dependencies.collections = store
        dependencies.visitors = store
        dependencies.venueTraits = store
        dependencies.collectionEditors = [Fixture.editorID]
        dependencies.feedSources = store
        dependencies.idempotency = store
        dependencies.pass = store
        dependencies.staff = store
        dependencies.groupBookings = store
        dependencies.passPolicy = Fixture.passPolicy
        dependencies.rateLimits = store
        dependencies.webhooks = store
        // bcrypt's lowest cost: the tests check what is hashed and compared, not how slowly.
        dependencies.passAccounts = PassAccountSettings(bcryptCost: 4, limits: PassAccountSettings.standard.limits)
        // The connectors' reader is the app's to give; here a mapping must at least name its columns.
        dependencies.feedMappingProblem = { $0.contains("\"columns\"") ? nil : "columns is missing" }
        return dependencies
    }

    /// Runs `body` with a client talking to the router in-process (no socket).
    func test<Value: Sendable>(
        logger: Logger = Logger(label: "web-tests"), ready: @escaping @Sendable () async -> Bool = { true },
        notice: String? = nil, limits: WebLimits = .standard,
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let app = Application(router: makeRouter(dependencies(ready: ready, notice: notice, limits: limits)), logger: logger)
        return try await app.test(.router, body)
    }

    func auth(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)", .contentType: "application/json"] }
}

/// Request helpers returning decoded JSON.
extension TestClientProtocol {
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], json: JSONValue? = nil) async throws -> TestResponse {
        let body = try json.map { ByteBuffer(bytes: try JSONEncoder().encode($0)) }
        return try await executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], raw: String) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: method, headers: headers, body: ByteBuffer(string: raw))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    var json: JSONValue {
        get throws { try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)) }
    }
}

/// JSON bodies used by several tests.
enum Bodies {
    static func offer(id: String? = nil, title: String = "Visite nocturne", venue: String? = "venue-a", access: String = "on-site",
                      category: String = "heritage.museum-visit", extra: [String: JSONValue] = [:]) -> JSONValue {
        var object: [String: JSONValue] = [
            "title": ["fr": .string(title)], "categoryID": .string(category), "access": .string(access),
        ]
        if let id { object["id"] = .string(id) }
        if let venue { object["venueID"] = .string(venue) }
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    static func venue(name: String = "Salle Nord", commune: String = "75056") -> JSONValue {
        ["name": .string(name), "kind": "theatre", "communeCode": .string(commune), "address": ["city": "Paris"]]
    }
}
