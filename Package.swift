// swift-tools-version: 6.1
import PackageDescription

/// Strictness shared by every target: Swift 6 mode plus the upcoming features the house rules name.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "passerelle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "passerelle", targets: ["passerelle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        // Pure domain: Foundation only. Catalogue, taxonomy, validation, storage ports.
        .target(name: "PasserelleCore", swiftSettings: strict),
        // Privacy engine of the observatory: exact samplers, disclosure rules, accounting. Foundation only.
        .target(name: "PasserellePrivacy", dependencies: ["PasserelleCore"], swiftSettings: strict),
        // Observatory of online audiences: consent-free collection (daily salts, per-institution visitor keys),
        // the indicator grid, releases through PasserellePrivacy. Foundation and swift-crypto (HMAC) only.
        .target(
            name: "PasserelleObservatory",
            dependencies: ["PasserelleCore", "PasserellePrivacy", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Discovery: search text folding, typo tolerance, the query model and its ranking. Foundation only.
        .target(name: "PasserelleDiscovery", dependencies: ["PasserelleCore"], swiftSettings: strict),
        // The culture pass: credit policy, eligibility, the double-entry ledger, booking rules, countermarks. Foundation only.
        .target(name: "PasserellePass", dependencies: ["PasserelleCore"], swiftSettings: strict),
        // A QR Code encoder (ISO/IEC 18004), pure Swift: countermarks drawn as inline SVG, no image library.
        .target(name: "PasserelleQRCode", swiftSettings: strict),
        // Declarations of the SQLite C API that SQLiteNIO bundles, for the direct read path (see its header).
        .target(name: "CBundledSQLite"),
        // SQLKit adapters for SQLite (embedded default) and PostgreSQL, numbered migrations.
        .target(
            name: "PasserelleStorage",
            dependencies: [
                "PasserelleCore", "PasserellePrivacy", "PasserelleObservatory", "PasserelleDiscovery", "PasserellePass", "CBundledSQLite",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Importers of real open data and standard formats, with per-record outcomes.
        .target(name: "PasserelleConnectors", dependencies: ["PasserelleCore"], swiftSettings: strict),
        // Hummingbird: JSON API, OpenAPI document, server-rendered pages, problem+json errors.
        .target(
            name: "PasserelleWeb",
            dependencies: [
                "PasserelleCore", "PasserelleObservatory", "PasserellePrivacy", "PasserelleDiscovery", "PasserellePass", "PasserelleQRCode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Composition root: configuration → store → services → ServiceGroup; demo and benchmarks.
        .target(
            name: "PasserelleApp",
            dependencies: [
                "PasserelleCore", "PasserellePrivacy", "PasserelleObservatory", "PasserelleStorage", "PasserelleConnectors",
                "PasserelleWeb", "PasserelleDiscovery", "PasserellePass",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "passerelle",
            dependencies: [
                "PasserelleApp", "PasserelleCore", "PasserellePrivacy", "PasserelleObservatory", "PasserelleStorage", "PasserelleConnectors",
                "PasserelleWeb", "PasserellePass",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "PasserelleCoreTests", dependencies: ["PasserelleCore"], swiftSettings: strict),
        .testTarget(name: "PasserellePrivacyTests", dependencies: ["PasserellePrivacy", "PasserelleCore"], swiftSettings: strict),
        .testTarget(name: "PasserelleDiscoveryTests", dependencies: ["PasserelleDiscovery", "PasserelleCore"], swiftSettings: strict),
        .testTarget(name: "PasserellePassTests", dependencies: ["PasserellePass", "PasserelleCore"], swiftSettings: strict),
        // Fixtures: segno's matrices (scripts/qrcode/make_fixtures.py), read from the source tree by path.
        .testTarget(name: "PasserelleQRCodeTests", dependencies: ["PasserelleQRCode"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "PasserelleObservatoryTests", dependencies: ["PasserelleObservatory", "PasserelleCore"], swiftSettings: strict),
        .testTarget(
            name: "PasserelleStorageTests",
            dependencies: ["PasserelleStorage", "PasserelleCore", "PasserellePrivacy", "PasserelleObservatory", "PasserelleDiscovery", "PasserellePass"],
            swiftSettings: strict
        ),
        .testTarget(name: "PasserelleConnectorsTests", dependencies: ["PasserelleConnectors", "PasserelleCore"], swiftSettings: strict),
        .testTarget(
            name: "PasserelleWebTests",
            dependencies: [
                "PasserelleWeb", "PasserelleStorage", "PasserelleCore", "PasserelleObservatory", "PasserelleDiscovery", "PasserellePass",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PasserelleAppTests",
            dependencies: [
                "PasserelleApp", "PasserelleCore", "PasserelleStorage", "PasserelleConnectors", "PasserelleWeb",
                "PasserellePrivacy", "PasserelleObservatory",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
    ]
)
