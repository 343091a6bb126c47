import AsyncHTTPClient
import Foundation
import Synchronization

/// Runs drills one after another against a started platform: load from simulated shoppers, the
/// fault, the wait for its alert at the receiver, the repair, the wait for recovery, and the audit
/// of what the shoppers were told.
struct DrillRunner: Sendable {
    let platform: LocalPlatform
    let inbox: AlertInbox
    let catalog: ShopCatalog
    let client: HTTPClient
    let users: Int
    let rate: Double
    var warmup: Duration = .seconds(15)
    var alertTimeout: Duration = .seconds(300)
    var afterRecovery: Duration = .seconds(10)

    func run(_ drill: Drill, index: Int) async -> DrillResult {
        var result = DrillResult(name: drill.name, fault: drill.fault)
        let say = { (text: String) in ConsoleOutput.shared.line("[\(drill.name)] \(text)") }
        do {
            try await platform.resetMonitoring()
            let since = try OrderAudit.databaseNow(platform.databaseURL)
            let ledger = CheckoutLedger()
            let statistics = LoadStatistics()
            let load = startLoad(ledger: ledger, statistics: statistics, seed: UInt64(index + 1) * 1000)
            say("\(users) shoppers for \(Seconds.text(warmup)) before the fault")
            try await Task.sleep(for: warmup)

            let context = DrillContext(platform: platform, ledger: ledger)
            let faultStart = ContinuousClock.now
            let injected = try await drill.inject(context)
            result.notes += injected.notes
            result.problems += injected.problems
            say("fault in place: \(injected.notes.joined(separator: "; "))")

            if !drill.expected.isEmpty {
                say("waiting for \(drill.expected.map(\.description).joined(separator: " or ")) at \(drill.receiver ?? "?")…")
                if let (delivery, alert) = await inbox.waitForFiring(drill.expected, since: faultStart, timeout: alertTimeout) {
                    result.alert = alert.name
                    result.receiver = delivery.notification.receiver
                    result.runbookURL = alert.annotations["runbook_url"]
                    result.detectSeconds = Seconds.of(delivery.at - faultStart)
                    say("\(alert.name) reached \(delivery.notification.receiver) after \(Seconds.text(delivery.at - faultStart))")
                    if delivery.notification.receiver != drill.receiver {
                        result.problems.append("\(alert.name) reached \(delivery.notification.receiver), not \(drill.receiver ?? "-")")
                    }
                    if !(result.runbookURL ?? "").hasPrefix("https://") && !(result.runbookURL ?? "").hasPrefix("http://") {
                        result.problems.append("\(alert.name) has no absolute runbook_url (\(result.runbookURL ?? "none"))")
                    }
                } else {
                    result.problems.append("no \(drill.expected.map(\.description).joined(separator: " or ")) reached a receiver within \(alertTimeout)")
                }
            }

            let repairStart = ContinuousClock.now
            if let repair = drill.repair {
                try await repair(context)
                say("repaired")
            }
            if await PlatformHealth.waitUntilReady(platform, client: client, timeout: .seconds(120)) {
                result.recoverSeconds = Seconds.of(ContinuousClock.now - (drill.repair == nil ? faultStart : repairStart))
            } else {
                result.problems.append("the services were not all ready within 120 s of the repair")
            }
            try await Task.sleep(for: afterRecovery)
            load.stop()
            await load.finished()

            result.requests = Int(statistics.totals.requests)
            result.errorsByKind = statistics.errorsByKind
            (result.reads, result.readErrors) = statistics.counts(of: [.browse, .product])
            if drill.readsMustSucceed, result.readErrors > 0 {
                result.problems.append("\(result.readErrors) of \(result.reads) catalog/product page reads failed")
            }
            let cut = result.errorsByKind.filter { ["connection_reset", "connection_closed", "timeout"].contains($0.key) }
                .values.reduce(0, +)
            if drill.requestsMustNotBeCut, cut > 0 { result.problems.append("\(cut) request(s) cut off (reset, closed or timed out)") }
            result.notes.append("\(ledger.submissions) checkout submissions (retries included)")

            result.audit = try OrderAudit.run(ledger: ledger, databaseURL: platform.databaseURL, since: since)
            result.problems += result.audit.problems
            if result.audit.unanswered > 0 { result.notes.append("\(result.audit.unanswered) checkout(s) never answered, no order for them") }

            let notified = inbox.delivered(since: faultStart)
            result.notified = Array(Set(notified.flatMap { delivery in
                delivery.notification.alerts.filter { $0.status == "firing" }.map { "\(delivery.notification.receiver):\($0.name)" }
            })).sorted()
            let allowed = Set(drill.expected.map(\.name)).union(drill.allowedPages)
            let unexpected = Set(notified.filter { $0.notification.receiver == "page" }
                .flatMap { $0.notification.alerts.filter { $0.status == "firing" && !allowed.contains($0.name) }.map(\.name) })
            if !unexpected.isEmpty { result.problems.append("unrelated page(s): \(unexpected.sorted().joined(separator: ", "))") }
        } catch {
            result.problems.append("the drill could not run: \(error)")
        }
        say(result.passed ? "passed" : "FAILED: \(result.problems.joined(separator: "; "))")
        return result
    }

    /// Shoppers that keep shopping until stopped; checkouts without an answer are retried with their key.
    private func startLoad(ledger: CheckoutLedger, statistics: LoadStatistics, seed: UInt64) -> RunningLoad {
        let load = RunningLoad()
        let (base, client, catalog, users) = (platform.url(of: "frontend"), client, catalog, users)
        let pacer = Pacer(requestsPerSecond: rate)
        load.task = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<users {
                    group.addTask {
                        var shopper = SimulatedShopper(base: base, client: client, catalog: catalog, statistics: statistics,
                                                       pacer: pacer, seed: seed &+ UInt64(index) &* 0x9E37_79B9)
                        shopper.ledger = ledger
                        shopper.retryWindow = .seconds(90)
                        await shopper.shop { load.isRunning }
                    }
                }
            }
        }
        return load
    }
}

/// The drill's load: running until stopped.
final class RunningLoad: @unchecked Sendable {
    private let running = Atomic<Bool>(true)
    var task: Task<Void, Never>?

    var isRunning: Bool { running.load(ordering: .relaxed) }
    func stop() { running.store(false, ordering: .relaxed) }
    func finished() async { await task?.value }
}

/// Whether every service of the platform reports itself ready (not degraded).
enum PlatformHealth {
    static func waitUntilReady(_ platform: LocalPlatform, client: HTTPClient, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var ready = true
            for service in DrillCatalog.services {
                guard let response = try? await client.execute(HTTPClientRequest(url: platform.url(of: service) + "/readyz"),
                                                                timeout: .seconds(2)),
                      response.status == .ok,
                      let body = try? await response.body.collect(upTo: 1 << 16),
                      String(buffer: body).contains("\"status\":\"ready\"") else {
                    ready = false
                    break
                }
            }
            if ready { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
