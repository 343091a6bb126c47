// swift-tools-version: 6.1
import PackageDescription

/// System libraries from Debian's -dev packages, each behind a module map.
func systemLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "shopmicro",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Telemetry", targets: ["Telemetry"]),
        .library(name: "ServiceKit", targets: ["ServiceKit"]),
        .library(name: "ServiceHTTPClient", targets: ["ServiceHTTPClient"]),
        .library(name: "Postgres", targets: ["Postgres"]),
        .library(name: "Redis", targets: ["Redis"]),
        .library(name: "Recommender", targets: ["Recommender"]),
        .library(name: "ShopAPI", targets: ["ShopAPI"]),
        .executable(name: "backend", targets: ["backend"]),
        .executable(name: "ml-service", targets: ["ml-service"]),
        .executable(name: "frontend", targets: ["frontend"]),
        .executable(name: "shopmicro", targets: ["shopmicro"]),
        .executable(name: "slocheck", targets: ["slocheck"]),
        .executable(name: "telemetry-bench", targets: ["telemetry-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-service-context.git", from: "1.5.1"),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        systemLibrary("CLibPQ", pkgConfig: "libpq", apt: "libpq-dev"),
        systemLibrary("CHiredis", pkgConfig: "hiredis", apt: "libhiredis-dev"),
        systemLibrary("CSystemd", pkgConfig: "libsystemd", apt: "libsystemd-dev"),
        systemLibrary("CZlib", pkgConfig: "zlib", apt: "zlib1g-dev"),

        .target(
            name: "Telemetry",
            dependencies: [
                "CSystemd", "CZlib", "SplitMix",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ServiceHTTPClient",
            dependencies: [
                "Telemetry",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Telemetry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ", "Telemetry",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "Redis",
            dependencies: [
                "CHiredis", "Telemetry",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        // `squareRoot()` lowers to libm's sqrt in debug builds, which the static stdlib link does not pull in.
        .target(name: "Recommender", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "RecommenderFixtures", dependencies: ["SplitMix"]),
        .target(name: "SplitMix"),
        .target(name: "ShopAPI"),
        .executableTarget(
            name: "slocheck",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "ProcessSpawning"),
        .executableTarget(
            name: "shopmicro",
            dependencies: [
                "Telemetry", "ServiceKit", "SplitMix", "ProcessSpawning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "backend",
            dependencies: [
                "ServiceKit", "Postgres", "Redis", "Telemetry", "ShopAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ml-service",
            dependencies: [
                "ServiceKit", "ServiceHTTPClient", "Recommender", "Telemetry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "frontend",
            dependencies: [
                "ServiceKit", "ServiceHTTPClient", "Telemetry", "ShopAPI", "Redis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "telemetry-bench",
            dependencies: [
                "Telemetry", "ServiceKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/telemetry-bench"
        ),
        .executableTarget(
            name: "recommender-bench",
            dependencies: ["Recommender", "RecommenderFixtures"],
            path: "Benchmarks/recommender-bench"
        ),
        .executableTarget(
            name: "kit-fixture",
            dependencies: ["ServiceKit", "ServiceHTTPClient", "Telemetry", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Fixtures/kit-fixture"
        ),

        .target(
            name: "TestSupport",
            dependencies: [
                "ProcessSpawning",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "TelemetryTests",
            dependencies: [
                "Telemetry",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
            ]
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit", "ServiceHTTPClient", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Postgres", "Telemetry", "TestSupport"]
        ),
        .testTarget(
            name: "RedisTests",
            dependencies: ["Redis", "TestSupport"]
        ),
        .testTarget(
            name: "RecommenderTests",
            dependencies: ["Recommender", "RecommenderFixtures"]
        ),
        .testTarget(
            name: "BackendTests",
            dependencies: ["TestSupport", .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
        .testTarget(
            name: "MLServiceTests",
            dependencies: ["TestSupport"]
        ),
        .testTarget(
            name: "FrontendTests",
            dependencies: ["TestSupport"]
        ),
        .testTarget(
            name: "ShopMicroCLITests",
            dependencies: ["TestSupport"]
        ),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: ["TestSupport"]
        ),
        .testTarget(
            name: "DeploymentTests",
            dependencies: ["TestSupport"]
        ),
    ]
)
