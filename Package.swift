// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Shared settings of every cxloop target. Under CI=true warnings are errors in our own
/// targets (not in dependencies, whose warnings SwiftPM suppresses).
let swiftSettings: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ] + (ProcessInfo.processInfo.environment["CI"] == "true" ? [.unsafeFlags(["-warnings-as-errors"])] : [])

let package = Package(
    name: "CXLoop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cxloop", targets: ["cxloop"]),
        .library(name: "CXCore", targets: ["CXCore"]),
        .library(name: "CXStore", targets: ["CXStore"]),
        .library(name: "CXServer", targets: ["CXServer"]),
        .library(name: "CXReports", targets: ["CXReports"]),
        .library(name: "CXDecide", targets: ["CXDecide"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // Already in the graph through Hummingbird; named here for their products (the webhook
        // worker's and the benchmark's HTTP client, the body deadline's channel handler, the
        // database's hard deadline).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    ],
    targets: [
        .target(
            name: "CXStats",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CXCore",
            dependencies: ["CXStats", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CXStore",
            dependencies: [
                "CXCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CXServer",
            dependencies: [
                "CXCore",
                "CXStore",
                "CXDecide",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CXReports",
            dependencies: [
                "CXStore",
                "CXDecide",
                "CXCore",
                "CXStats",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CXDecide",
            dependencies: ["CXCore", "CXStats", "CXStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CXSim",
            dependencies: ["CXCore", "CXStats", "CXStore", "CXDecide", "CXReports"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cxloop",
            dependencies: [
                "CXStats",
                "CXCore",
                "CXStore",
                "CXServer",
                "CXReports",
                "CXSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                "CXStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/Support",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ReportBenchmark",
            dependencies: [
                "BenchmarkSupport",
                "CXReports",
                "CXServer",
                "CXStore",
                "CXCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ReportBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ExperimentBenchmark",
            dependencies: [
                "BenchmarkSupport",
                "CXReports",
                "CXStore",
                "CXCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/ExperimentBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "TuningBenchmark",
            dependencies: [
                "BenchmarkSupport",
                "CXReports",
                "CXDecide",
                "CXStats",
                "CXStore",
                "CXCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/TuningBenchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ReliabilityLoad",
            dependencies: [
                "BenchmarkSupport",
                "CXStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/ReliabilityLoad",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CXTestSupport",
            dependencies: [
                "CXStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/CXTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CXStatsTests",
            dependencies: ["CXStats"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CXCoreTests",
            dependencies: ["CXCore", "CXStats"],
            exclude: [
                "Metrics/make_metric_fixtures.py", "Metrics/metric_fixtures.json", "Experiments/check_cases.py",
                "Experiments/non-ascii-supplement.json", "Experiments/README.md",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CXDecideTests",
            dependencies: ["CXDecide", "CXCore", "CXStats", "CXStore", "CXSim"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CXStoreTests",
            dependencies: ["CXStore", "CXCore", "CXTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CXReportsTests",
            dependencies: ["CXReports", "CXServer", "CXStore", "CXCore", "CXStats", "CXTestSupport"],
            resources: [.copy("Reference")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CXServerTests",
            dependencies: [
                "CXServer",
                "CXStore",
                "CXCore",
                "CXStats",
                "CXDecide",
                "CXReports",
                "CXSim",
                "CXTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
