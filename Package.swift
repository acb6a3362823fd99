// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "jikim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "jikim", targets: ["jikim"]),
        .library(name: "JikimCore", targets: ["JikimCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/JohnSundell/Ink", exact: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/vapor/sqlite-kit", exact: "4.5.2"),
        .package(url: "https://github.com/vapor/sql-kit", exact: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-kit", exact: "2.17.0"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // The domain model and the rules of PIPA: values and pure functions, no I/O.
        // The holidays are compiled in (HolidayTable.swift, generated from the JSON by scripts/generate-holiday-table).
        .target(name: "JikimCore", exclude: ["Time/korean-public-holidays.json"], swiftSettings: swiftSettings),
        // The policy file: YAML in, a checked Policy out, every problem with its file, line and column.
        .target(
            name: "JikimPolicyFile",
            dependencies: ["JikimCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The published privacy policy (개인정보 처리방침), rendered from the policy through templates.
        .target(
            name: "JikimPublishing",
            dependencies: [
                "JikimCore",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Ink", package: "Ink"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        // Cryptography through swift-crypto: per-person data keys, blind indexes, pseudonyms, password hashes.
        .target(
            name: "JikimCrypto",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Storage through SQLKit: embedded SQLite by default or PostgreSQL, with versioned migrations and group commit.
        .target(
            name: "JikimStore",
            dependencies: [
                "JikimCore",
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The vault: people's information kept encrypted and given out only under the rules, every access recorded.
        .target(
            name: "JikimVault",
            dependencies: [
                "JikimCore", "JikimCrypto", "JikimStore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The tamper-evident access log: a Merkle tree (RFC 6962) of access records and rights changes.
        .target(
            name: "JikimAccessLog",
            dependencies: [
                "JikimCore", "JikimStore", "JikimVault",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Delivery of notices to people (a dormancy notice): a webhook or an SMTP server.
        .target(
            name: "JikimNotify",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP server.
        .target(
            name: "JikimServer",
            dependencies: [
                "JikimCore", "JikimPolicyFile", "JikimPublishing", "JikimStore", "JikimAccessLog", "JikimVault", "JikimCrypto",
                "JikimNotify",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("DemoPolicy"), .copy("OpenAPI")],
            swiftSettings: swiftSettings
        ),
        // The `jikim` command.
        .executableTarget(
            name: "jikim",
            dependencies: [
                "JikimCore", "JikimPolicyFile", "JikimPublishing", "JikimServer", "JikimStore", "JikimCrypto", "JikimVault", "JikimAccessLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // What the suites share: the databases they run against, the Python their independent peers run on.
        .target(
            name: "JikimTestSupport",
            dependencies: [
                "JikimCore", "JikimStore", "JikimAccessLog", "JikimCrypto", "JikimVault", .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks that print figures and ratios (BENCHMARKS.md).
        .executableTarget(
            name: "jikim-benchmarks",
            dependencies: [
                "JikimCore", "JikimPolicyFile", "JikimPublishing", "JikimStore", "JikimCrypto", "JikimVault", "JikimAccessLog",
                "JikimTestSupport",
                .product(name: "SQLKit", package: "sql-kit"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JikimCoreTests",
            dependencies: ["JikimCore", "JikimTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JikimPolicyFileTests",
            dependencies: ["JikimCore", "JikimPolicyFile", "JikimPublishing", "JikimTestSupport"],
            exclude: ["Fixtures", "SchemaFixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JikimCryptoTests",
            dependencies: ["JikimCrypto"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JikimVaultTests",
            dependencies: ["JikimVault", "JikimAccessLog", "JikimPolicyFile", "JikimCrypto", "JikimStore", "JikimTestSupport", .product(name: "SQLKit", package: "sql-kit")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JikimAccessLogTests",
            dependencies: ["JikimAccessLog", "JikimVault", "JikimStore", "JikimCore", "JikimPolicyFile", "JikimCrypto", "JikimTestSupport",
                           .product(name: "SQLKit", package: "sql-kit"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JikimStoreTests",
            dependencies: [
                "JikimStore", "JikimTestSupport", .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JikimNotifyTests",
            dependencies: [
                "JikimNotify", "JikimTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["smtp_sink.py"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JikimServerTests",
            dependencies: [
                "JikimServer", "JikimAccessLog", "JikimStore", "JikimCore", "JikimVault", "JikimCrypto", "JikimNotify", "JikimTestSupport", "JikimPolicyFile",
                .product(name: "Yams", package: "Yams"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
