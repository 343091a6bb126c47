import ArgumentParser
import AsyncHTTPClient
import Foundation
import ServiceKit
import Telemetry

/// `shopmicro load`: simulated shoppers against the storefront, with a summary per journey step.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Drive realistic shopper journeys against the storefront and report throughput and latency.",
        discussion: """
            Each simulated shopper repeatedly picks a task, weighted like the OpenTelemetry demo's load \
            generator: browse ×10 (home, a category or a search), product page ×5 (which shows \
            recommendations from the ml-service), add to cart ×2, checkout ×1. Every request carries \
            `\(SyntheticTraffic.headerName): \(SyntheticTraffic.headerValue)`, which the services record.
            """)

    @Option(help: "The storefront's base URL.") var target = "http://localhost:3000"
    @Option(help: "Concurrent simulated shoppers.") var users = 10
    @Option(help: "Requests per second in all (0: as fast as the shoppers go).") var rate: Double = 0
    @Option(help: "How long to run: seconds, or with a unit (30s, 5m).") var duration = "60s"
    @Flag(help: "Print the summary as JSON instead of a table.") var json = false

    func validate() throws {
        guard TargetURL(target) != nil else {
            throw ValidationError("--target must be an http:// or https:// URL such as http://localhost:3000, not \"\(target)\"")
        }
        guard (1...10_000).contains(users) else { throw ValidationError("--users must be between 1 and 10000") }
        guard rate >= 0, rate.isFinite else { throw ValidationError("--rate must be 0 or more requests per second") }
        guard let seconds = DurationText.seconds(duration), seconds > 0 else {
            throw ValidationError("--duration must be a positive number of seconds, or like 30s, 5m, 1h; not \"\(duration)\"")
        }
    }

    func run() async throws {
        let base = TargetURL(target)!.base
        let seconds = DurationText.seconds(duration)!
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(3)))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(users, 8)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let summary = await load(base: base, seconds: seconds, client: client)
        try? await client.shutdown()
        guard let summary else { throw ExitCode(1) }
        print(json ? summary.json() : summary.table())
    }

    /// Runs the shoppers; nil (after a message) when the storefront cannot be used.
    private func load(base: String, seconds: Int, client: HTTPClient) async -> LoadSummary? {
        let catalog: ShopCatalog
        do {
            catalog = try await ShopCatalog.discover(base: base, client: client)
        } catch {
            FileHandle.standardError.write(Data("shopmicro load: cannot use the storefront at \(base): \(LoadError.describe(error))\n".utf8))
            return nil
        }
        let statistics = LoadStatistics()
        let pacer = Pacer(requestsPerSecond: rate)
        let deadline = ContinuousClock.now + .seconds(seconds)
        let progress = Task { await Progress.report(statistics: statistics, until: deadline) }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<users {
                group.addTask {
                    var shopper = SimulatedShopper(base: base, client: client, catalog: catalog, statistics: statistics,
                                                   pacer: pacer, seed: UInt64(index + 1) &* 0x9E37_79B9)
                    await shopper.shop { ContinuousClock.now < deadline }
                }
            }
        }
        progress.cancel()
        return statistics.summary(seconds: Double(seconds))
    }
}

/// A storefront base URL given on the command line.
struct TargetURL {
    let base: String

    init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty,
              components.query == nil else { return nil }
        base = text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}
