import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `slocheck budget --prometheus URL`: each SLO's SLI, error budget left, burn rates and time to
/// exhaustion, from the recording rules in a live Prometheus. Exit 1 when a budget is exhausted,
/// 4 when Prometheus cannot be reached.
struct Budget: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Report every SLO's error budget from a live Prometheus.")
    @OptionGroup var options: CommonOptions
    @Option(help: "Prometheus base URL.") var prometheus = "http://127.0.0.1:9090"

    struct Status: Codable {
        let slo: String
        let target: Double
        /// 1 - error ratio over the SLO window; nil without data.
        let sli: Double?
        /// The share of the error budget left (negative when overspent).
        let budgetRemaining: Double?
        /// Burn rate (error ratio / budget) per window, e.g. `1h`.
        let burnRates: [String: Double]
        /// Seconds until the budget is gone at the 1h burn rate; nil when not burning or no data.
        let secondsToExhaustion: Double?
        var exhausted: Bool { (budgetRemaining ?? 1) <= 0 }
    }

    func run() async throws {
        let specs: [SLOSpec]
        do {
            let loaded = try SpecLoader(repository: options.repositoryURL).load()
            guard loaded.findings.isEmpty else { try FindingReport.finish(loaded.findings, format: options.format, clean: "") }
            specs = loaded.specs.sorted { $0.name < $1.name }
        } catch let error as UnreadableFile {
            throw FindingReport.unreadable(error, format: options.format)
        }
        guard URL(string: prometheus)?.scheme?.hasPrefix("http") == true else {
            throw ValidationError("--prometheus must be an http:// URL, not \"\(prometheus)\"")
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let statuses: [Status]
        do {
            statuses = try await report(specs, PrometheusClient(baseURL: prometheus.hasSuffix("/") ? String(prometheus.dropLast()) : prometheus,
                                                              client: client))
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            FileHandle.standardError.write(Data("slocheck: \(error)\n".utf8))
            throw ExitCode(4)
        }
        print(options.format == .json ? Self.json(statuses) : Self.table(statuses))
        throw ExitCode(statuses.contains(where: \.exhausted) ? 1 : 0)
    }

    private func report(_ specs: [SLOSpec], _ prometheus: PrometheusClient) async throws -> [Status] {
        var statuses: [Status] = []
        for spec in specs {
            let selector = "{slo=\"\(spec.name)\"}"
            let budget = 1 - spec.target
            let days = "\(spec.windowSeconds / 86_400)d"
            let windowRatio = try await prometheus.scalar("slo:error_ratio:rate\(days)\(selector)")
            var burnRates: [String: Double] = [:]
            for window in BurnPolicy.windows {
                if let ratio = try await prometheus.scalar("slo:error_ratio:rate\(window)\(selector)") { burnRates[window] = ratio / budget }
            }
            let remaining = windowRatio.map { 1 - $0 / budget }
            var exhaustion: Double?
            if let remaining, let burn = burnRates["1h"], burn > 0 {
                exhaustion = max(0, remaining) * Double(spec.windowSeconds) / burn
            }
            statuses.append(Status(slo: spec.name, target: spec.target, sli: windowRatio.map { 1 - $0 },
                                   budgetRemaining: remaining, burnRates: burnRates, secondsToExhaustion: exhaustion))
        }
        return statuses
    }

    static func json(_ statuses: [Status]) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(["slos": statuses])) ?? Data(), as: UTF8.self)
    }

    static func table(_ statuses: [Status]) -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.3f%%", $0 * 100) } ?? "no data" }
        func duration(_ seconds: Double?) -> String {
            guard let seconds else { return "-" }
            return seconds >= 86_400 ? String(format: "%.1fd", seconds / 86_400) : String(format: "%.1fh", seconds / 3600)
        }
        var lines = ["SLO                           target    SLI        budget left  burn 5m  burn 1h  burn 6h  burn 3d  exhausted in"]
        for status in statuses {
            func burn(_ window: String) -> String { status.burnRates[window].map { String(format: "%.2f", $0) } ?? "-" }
            lines.append([status.slo.padding(toLength: 29, withPad: " ", startingAt: 0),
                          String(format: "%.3f%%", status.target * 100).padding(toLength: 9, withPad: " ", startingAt: 0),
                          percent(status.sli).padding(toLength: 10, withPad: " ", startingAt: 0),
                          percent(status.budgetRemaining).padding(toLength: 12, withPad: " ", startingAt: 0),
                          burn("5m").padding(toLength: 8, withPad: " ", startingAt: 0), burn("1h").padding(toLength: 8, withPad: " ", startingAt: 0),
                          burn("6h").padding(toLength: 8, withPad: " ", startingAt: 0), burn("3d").padding(toLength: 8, withPad: " ", startingAt: 0),
                          duration(status.secondsToExhaustion)].joined(separator: " "))
        }
        let exhausted = statuses.filter(\.exhausted).map(\.slo)
        lines.append(exhausted.isEmpty ? "no error budget is exhausted" : "exhausted: \(exhausted.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
