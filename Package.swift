// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Parapet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parapet", targets: ["parapet"]),
        .library(name: "ParapetCore", targets: ["ParapetCore"]),
        .library(name: "ParapetGuards", targets: ["ParapetGuards"]),
        .library(name: "ParapetTesting", targets: ["ParapetTesting"]),
        .library(name: "ParapetStore", targets: ["ParapetStore"]),
        .library(name: "ParapetAudit", targets: ["ParapetAudit"]),
        .library(name: "ParapetSQLite", targets: ["ParapetSQLite"]),
        .library(name: "ParapetServer", targets: ["ParapetServer"]),
        .library(name: "ParapetGateway", targets: ["ParapetGateway"]),
        .library(name: "ParapetConfidence", targets: ["ParapetConfidence"]),
        .library(name: "ParapetReview", targets: ["ParapetReview"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Domain types and stage protocols. Foundation only.
        .target(name: "ParapetCore"),
        // Deterministic detectors, Unicode normalisation, policy loading and the guard pipeline.
        .target(
            name: "ParapetGuards",
            dependencies: [
                "ParapetCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Confidence signals from logprobs and judges, calibration (isotonic, Platt, temperature)
        // and its metrics. Foundation only.
        .target(name: "ParapetConfidence", dependencies: ["ParapetCore"]),
        // Store protocols (one per aggregate) and in-memory implementations. No database.
        .target(name: "ParapetStore", dependencies: ["ParapetCore"]),
        // The escalation engine (triggers, risk matrix, review policy, handoff, queue priority)
        // and the review statistics. Pure; Foundation only.
        .target(name: "ParapetReview", dependencies: ["ParapetCore", "ParapetStore"]),
        // Audit records: hash chain, signed checkpoints, verification, retention, group commit.
        .target(
            name: "ParapetAudit",
            dependencies: [
                "ParapetCore", "ParapetStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // SQLite implementations of the stores through GRDB (the embedded default).
        .target(
            name: "ParapetSQLite",
            dependencies: [
                "ParapetCore", "ParapetStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The gateway: providers, wire formats and their translation, routing, retries, circuit
        // breakers, streaming guards. No HTTP server framework: ParapetServer mounts it.
        .target(
            name: "ParapetGateway",
            dependencies: [
                "ParapetCore", "ParapetGuards", "ParapetStore", "ParapetConfidence", "ParapetReview",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The Hummingbird application: guard API, admin API, audit API, OpenAPI document.
        .target(
            name: "ParapetServer",
            dependencies: [
                "ParapetCore", "ParapetGuards", "ParapetStore", "ParapetAudit", "ParapetGateway", "ParapetConfidence", "ParapetReview",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Test doubles and conformance suites, shipped as a product.
        .target(
            name: "ParapetTesting",
            dependencies: [
                "ParapetCore", "ParapetStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "parapet",
            dependencies: [
                "ParapetCore", "ParapetGuards", "ParapetStore", "ParapetAudit", "ParapetSQLite", "ParapetServer",
                "ParapetGateway", "ParapetTesting", "ParapetConfidence", "ParapetReview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ParapetCoreTests", dependencies: ["ParapetCore"]),
        .testTarget(name: "ParapetConfidenceTests", dependencies: ["ParapetConfidence"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ParapetReviewTests", dependencies: ["ParapetReview", "ParapetStore", "ParapetCore", "ParapetConfidence"]),
        .testTarget(name: "ParapetGuardsTests", dependencies: ["ParapetGuards", "ParapetTesting"]),
        .testTarget(
            name: "ParapetStoreTests",
            dependencies: [
                "ParapetStore", "ParapetAudit", "ParapetSQLite", "ParapetTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ParapetServerTests",
            dependencies: [
                "ParapetServer", "ParapetStore", "ParapetAudit", "ParapetTesting", "ParapetGateway",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "ParapetGatewayTests",
            dependencies: [
                "ParapetGateway", "ParapetTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ParapetCLITests",
            dependencies: ["parapet", "ParapetTesting", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
