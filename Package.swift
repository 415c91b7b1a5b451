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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
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
        // Test doubles and conformance suites, shipped as a product.
        .target(name: "ParapetTesting", dependencies: ["ParapetCore"]),
        .executableTarget(
            name: "parapet",
            dependencies: [
                "ParapetCore",
                "ParapetGuards",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ParapetCoreTests", dependencies: ["ParapetCore"]),
        .testTarget(name: "ParapetGuardsTests", dependencies: ["ParapetGuards", "ParapetTesting"]),
        .testTarget(name: "ParapetCLITests", dependencies: ["parapet"]),
    ],
    swiftLanguageModes: [.v6]
)
