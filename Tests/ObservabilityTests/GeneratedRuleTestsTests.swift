import Foundation
import TestSupport
import Testing

@Suite("The generated promtool tests of the SLO rules: each can fail, and windows other than 30 days scale")
struct GeneratedRuleTestsTests {
    /// A copy of alerts/ holding only the SLO specs `keeping`, with the rules and tests generated for them.
    static func generated(keeping: Set<String>, edit: (URL) throws -> Void = { _ in }) async throws -> URL {
        let folder = try SLOCheckTests.copy()
        let slos = folder.appendingPathComponent("alerts/slos")
        for name in try FileManager.default.contentsOfDirectory(atPath: slos.path) where !keeping.contains(String(name.dropLast(".yaml".count))) {
            try FileManager.default.removeItem(at: slos.appendingPathComponent(name))
        }
        try edit(folder)
        let generate = try await Tool.run(SLOCheckTests.slocheck, ["generate", "--repository", folder.path])
        #expect(generate.status == 0, "\(generate.output)")
        return folder
    }

    static func promtoolTest(_ folder: URL, _ file: String) async throws -> (status: Int32, output: String) {
        try await Tool.run("/usr/bin/promtool", ["test", "rules", folder.appendingPathComponent("alerts/tests/\(file)").path])
    }

    static let checkout = "checkout-availability"

    /// (what is broken in alerts/slo-rules.yml, replaced, by what, the test file, the group that must fail).
    static let breakages: [(String, String, String, String, String)] = [
        ("page factor 14.4 4% up", "(14.4 * 0.001)", "(14.976 * 0.001)", "slo-rules.test.yml", "checkout-availability pages just above burn rate 14.4 over 1h and 5m"),
        ("page factor 14.4 4% down", "(14.4 * 0.001)", "(13.824 * 0.001)", "slo-rules.test.yml", "checkout-availability does not page just below burn rate 14.4 over 1h and 5m"),
        ("page factor 6 4% up", "(6 * 0.001)", "(6.24 * 0.001)", "slo-rules.test.yml", "checkout-availability pages just above burn rate 6 over 6h and 30m"),
        ("page factor 6 4% down", "(6 * 0.001)", "(5.76 * 0.001)", "slo-rules.test.yml", "checkout-availability does not page just below burn rate 6 over 6h and 30m"),
        ("ticket factor 3 4% up", "(3 * 0.001)", "(3.12 * 0.001)", "slo-rules-ticket.test.yml", "checkout-availability opens a ticket just above burn rate 3 over 1d and 2h"),
        ("ticket factor 3 4% down", "(3 * 0.001)", "(2.88 * 0.001)", "slo-rules-ticket.test.yml", "checkout-availability does not open a ticket just below burn rate 3 over 1d and 2h"),
        ("ticket factor 1 4% up", "(1 * 0.001)", "(1.04 * 0.001)", "slo-rules-ticket.test.yml", "checkout-availability opens a ticket just above burn rate 1 over 3d and 6h"),
        ("ticket factor 1 4% down", "(1 * 0.001)", "(0.96 * 0.001)", "slo-rules-ticket.test.yml", "checkout-availability does not open a ticket just below burn rate 1 over 3d and 6h"),
        ("minimum of events 25% up", " >= 100)", " >= 125)", "slo-rules.test.yml", "checkout-availability every request failing pages with at least 100 requests in the long windows"),
        ("minimum of events 20% down", " >= 100)", " >= 80)", "slo-rules.test.yml", "checkout-availability every request failing does not page with fewer than 100 requests in the long windows"),
        ("minimum of events gone", " >= 100)", " >= 0)", "slo-rules-low-traffic.test.yml", "checkout-availability one bad request among about 10 an hour does not page"),
        ("synthetic requests not subtracted", "shopmicro_synthetic_", "shopmicro_synthetic_none_", "slo-rules.test.yml", "checkout-availability synthetic requests failing burn no error budget"),
    ]

    @Test("a burn factor, the minimum of events or the synthetic subtraction broken in the rules makes the generated test that names it fail",
          arguments: breakages)
    func brokenRuleFailsItsTest(broken: String, original: String, replacement: String, file: String, group: String) async throws {
        let folder = try await Self.generated(keeping: [Self.checkout])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await Self.promtoolTest(folder, file).status == 0, "the generated tests pass on the generated rules")
        try SLOCheckTests.edit(folder, "alerts/slo-rules.yml") { text in
            #expect(text.contains(original), "\(original) is not in the rules")
            return text.replacingOccurrences(of: original, with: replacement)
        }
        let result = try await Self.promtoolTest(folder, file)
        #expect(result.status != 0, "\(broken): promtool still passes")
        #expect(result.output.contains("name: \(group)"), "\(broken): \(group) did not fail:\n\(result.output.prefix(3000))")
    }

    @Test("SLOs over 28 and 7 days get factors, windows, texts and tests scaled to their window, and pass their generated tests")
    func windowsScale() async throws {
        let folder = try await Self.generated(keeping: [Self.checkout, "storefront-latency", "backend-api-latency"]) { folder in
            try SLOCheckTests.edit(folder, "alerts/slos/checkout-availability.yaml") { $0.replacingOccurrences(of: "duration: 30d", with: "duration: 28d") }
            try SLOCheckTests.edit(folder, "alerts/slos/storefront-latency.yaml") { $0.replacingOccurrences(of: "duration: 30d", with: "duration: 7d") }
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = try String(contentsOf: folder.appendingPathComponent("alerts/slo-rules.yml"), encoding: .utf8)
        func expression(_ alert: String) -> String {
            let lines = rules.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let index = lines.firstIndex(of: "- alert: \(alert)"), index + 1 < lines.count else { return "" }
            return lines[index + 1]
        }
        // 28 days: 2% in 1h = 13.44, 5% in 6h = 5.6, 10% in 1d = 2.8, 10% in 3d = 0.93 → at least 1.
        #expect(expression("CheckoutAvailabilityErrorBudgetBurnFast").contains("> (13.44 * 0.001)"))
        #expect(expression("CheckoutAvailabilityErrorBudgetBurnFast").contains("> (5.6 * 0.001)"))
        #expect(expression("CheckoutAvailabilityErrorBudgetBurnSlow").contains("> (2.8 * 0.001)"))
        #expect(expression("CheckoutAvailabilityErrorBudgetBurnSlow").contains("rate3d{slo=\"checkout-availability\"} > (1 * 0.001)"))
        // 7 days: 3.36, 1.4, then 0.7 and 0.23 → 1 (a ticket for a burn that would not exhaust the budget is noise).
        #expect(expression("StorefrontLatencyErrorBudgetBurnFast").contains("> (3.36 * 0.01)"))
        #expect(expression("StorefrontLatencyErrorBudgetBurnFast").contains("> (1.4 * 0.01)"))
        #expect(expression("StorefrontLatencyErrorBudgetBurnSlow").contains("rate1d{slo=\"storefront-latency\"} > (1 * 0.01)"))
        #expect(!expression("StorefrontLatencyErrorBudgetBurnFast").contains("14.4"))
        // 30 days, unchanged.
        #expect(expression("BackendApiLatencyErrorBudgetBurnFast").contains("> (14.4 * 0.01)"))
        for record in ["slo:error_ratio:rate28d", "slo:error_ratio:rate7d", "slo:error_ratio:rate30d", "window: 28d", "window: 7d"] {
            #expect(rules.contains(record), "\(record)")
        }
        #expect(rules.contains("SLO (99.9% over 28 days) is burning its error budget fast: 2% of it in 1h (burn rate 13.44) or 5% in 6h (burn rate 5.6)"))
        #expect(rules.contains("at 13.44 the 28-day budget is gone in about 2 days"))
        #expect(rules.contains("SLO (99% over 7 days) is burning its error budget steadily: 14.3% of it in 1d (burn rate 1) or 42.9% in 3d (burn rate 1)"))
        let check = try await Tool.run("/usr/bin/promtool", ["check", "rules", folder.appendingPathComponent("alerts/slo-rules.yml").path])
        #expect(check.status == 0, "\(check.output)")
        for file in ["slo-rules.test.yml", "slo-rules-low-traffic.test.yml", "slo-rules-ticket.test.yml"] {
            let result = try await Self.promtoolTest(folder, file)
            #expect(result.status == 0, "\(file): \(result.output.prefix(3000))")
        }
        let tests = try String(contentsOf: folder.appendingPathComponent("alerts/tests/slo-rules.test.yml"), encoding: .utf8)
        #expect(tests.contains("checkout-availability pages just above burn rate 13.44 over 1h and 5m"))
        #expect(tests.contains("storefront-latency does not page just below burn rate 1.4 over 6h and 30m"))
        // The retention follows the longest window left: 30 days (backend-api-latency) and a day.
        let retention = try String(contentsOf: folder.appendingPathComponent("alerts/prometheus-retention.txt"), encoding: .utf8)
        #expect(retention.hasSuffix("\n31d\n") && retention.contains("30d (backend-api-latency)"), "\(retention)")
    }

    @Test("with only 7-day SLOs the retention asked for is 8 days")
    func retentionFollowsLongestWindow() async throws {
        let folder = try await Self.generated(keeping: ["storefront-latency"]) { folder in
            try SLOCheckTests.edit(folder, "alerts/slos/storefront-latency.yaml") { $0.replacingOccurrences(of: "duration: 30d", with: "duration: 7d") }
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let retention = try String(contentsOf: folder.appendingPathComponent("alerts/prometheus-retention.txt"), encoding: .utf8)
        #expect(retention.hasSuffix("\n8d\n"), "\(retention)")
    }
}
