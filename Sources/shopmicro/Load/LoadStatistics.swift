import Foundation
import Histogram
import Synchronization

/// The steps of a journey, as the summary reports them.
enum JourneyStep: String, CaseIterable, Sendable {
    case browse, product = "product_page", addToCart = "add_to_cart", viewCart = "cart", checkout, confirmation
}

/// Requests, errors and latency (HdrHistogram, microseconds) per journey step; safe to record from any task.
final class LoadStatistics: Sendable {
    private struct Step {
        var latency = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        var errors = 0
        var refused = 0
    }

    private let steps = Mutex<[JourneyStep: Step]>([:])
    private let orders = Mutex(0)
    private let errorKinds = Mutex<[String: Int]>([:])

    /// Records one request; `errorKind` says how an error looked to the client (`http_503`, `timeout`…).
    func record(_ step: JourneyStep, microseconds: UInt64, outcome: Outcome, errorKind: String? = nil) {
        if outcome == .error { errorKinds.withLock { $0[errorKind ?? "other", default: 0] += 1 } }
        steps.withLock { steps in
            var entry = steps[step] ?? Step()
            _ = entry.latency.record(min(microseconds, 60_000_000))
            switch outcome {
            case .ok: break
            case .error: entry.errors += 1
            case .refused: entry.refused += 1
            }
            steps[step] = entry
        }
    }

    func recordOrder() { orders.withLock { $0 += 1 } }

    enum Outcome { case ok, error, refused }

    /// Errors by how they looked to the client.
    var errorsByKind: [String: Int] { errorKinds.withLock { $0 } }

    /// Requests and errors of the given steps.
    func counts(of selected: Set<JourneyStep>) -> (requests: Int, errors: Int) {
        steps.withLock { steps in
            steps.filter { selected.contains($0.key) }.values.reduce((0, 0)) { ($0.0 + Int($1.latency.totalCount), $0.1 + $1.errors) }
        }
    }

    /// Totals so far: requests, errors, orders.
    var totals: (requests: UInt64, errors: Int, orders: Int) {
        let (requests, errors) = steps.withLock { steps in
            steps.values.reduce((UInt64(0), 0)) { ($0.0 + $1.latency.totalCount, $0.1 + $1.errors) }
        }
        return (requests, errors, orders.withLock { $0 })
    }

    func summary(seconds: Double) -> LoadSummary {
        steps.withLock { steps in
            LoadSummary(
                seconds: seconds,
                rows: JourneyStep.allCases.compactMap { step in
                    guard let entry = steps[step], entry.latency.totalCount > 0 else { return nil }
                    return LoadSummary.Row(
                        step: step.rawValue, requests: Int(entry.latency.totalCount), errors: entry.errors, refused: entry.refused,
                        perSecond: Double(entry.latency.totalCount) / seconds,
                        p50: Double(entry.latency.valueAtPercentile(50)) / 1000,
                        p90: Double(entry.latency.valueAtPercentile(90)) / 1000,
                        p99: Double(entry.latency.valueAtPercentile(99)) / 1000)
                },
                orders: orders.withLock { $0 })
        }
    }
}

/// The end-of-run report.
struct LoadSummary: Codable {
    struct Row: Codable {
        let step: String
        let requests: Int
        let errors: Int
        /// Requests the shop refused for the shopper's reasons (sold out), not errors.
        let refused: Int
        let perSecond: Double
        let p50: Double
        let p90: Double
        let p99: Double
    }

    let seconds: Double
    let rows: [Row]
    let orders: Int

    var requests: Int { rows.reduce(0) { $0 + $1.requests } }
    var errors: Int { rows.reduce(0) { $0 + $1.errors } }

    func table() -> String {
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + fill : fill + text
        }
        let header = [pad("step", 14, left: true), pad("requests", 9), pad("errors", 7), pad("req/s", 8),
                      pad("p50 ms", 8), pad("p90 ms", 8), pad("p99 ms", 8)].joined(separator: " ")
        var lines = [header, String(repeating: "-", count: header.count)]
        for row in rows {
            lines.append([pad(row.step, 14, left: true), pad("\(row.requests)", 9), pad("\(row.errors)", 7),
                          pad(String(format: "%.1f", row.perSecond), 8), pad(String(format: "%.1f", row.p50), 8),
                          pad(String(format: "%.1f", row.p90), 8), pad(String(format: "%.1f", row.p99), 8)].joined(separator: " "))
        }
        lines.append(String(repeating: "-", count: header.count))
        lines.append([pad("total", 14, left: true), pad("\(requests)", 9), pad("\(errors)", 7),
                      pad(String(format: "%.1f", Double(requests) / seconds), 8)].joined(separator: " "))
        let refused = rows.reduce(0) { $0 + $1.refused }
        lines.append("\(orders) orders placed in \(Int(seconds)) s" + (refused > 0 ? "; \(refused) requests refused because products sold out" : ""))
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// A line of progress every few seconds while the load runs (on stderr, so `--json` output stays clean).
enum Progress {
    static func report(statistics: LoadStatistics, until deadline: ContinuousClock.Instant) async {
        let start = ContinuousClock.now
        while !Task.isCancelled, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .seconds(2))
            let (requests, errors, orders) = statistics.totals
            let elapsed = (ContinuousClock.now - start).components.seconds
            let line = "\(elapsed) s: \(requests) requests (\(elapsed > 0 ? Int64(requests) / elapsed : 0)/s), \(errors) errors, \(orders) orders\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
