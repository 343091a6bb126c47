import Foundation
import TestSupport
import Testing

@Suite("The snapshot of emitted metrics matches the live services")
struct EmittedMetricsSnapshotTests {
    static let repository = Repository.root
    static let snapshot = repository.appendingPathComponent("alerts/emitted-metrics.txt")

    /// `service type metric labels` lines from one service's exposition (histogram series folded
    /// into their family, `le` left out).
    static func families(service: String, exposition: String) -> Set<String> {
        var types: [String: String] = [:]
        var labels: [String: Set<String>] = [:]
        var bounds: [String: Set<String>] = [:]
        for line in exposition.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                types[String(parts[2])] = String(parts[3])
                labels[String(parts[2]), default: []] = labels[String(parts[2])] ?? []
                continue
            }
            if line.hasPrefix("#") { continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            let family = types[name] != nil ? name : ["_bucket", "_count", "_sum"].compactMap { suffix in
                name.hasSuffix(suffix) && types[String(name.dropLast(suffix.count))] == "histogram" ? String(name.dropLast(suffix.count)) : nil
            }.first ?? name
            var names = labels[family] ?? []
            if let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") {
                // Label values here are simple (no escaped quotes or commas inside values).
                for pair in line[line.index(after: open)..<close].split(separator: ",") {
                    let label = String(pair.prefix { $0 != "=" })
                    if label != "le" { names.insert(label) } else {
                        bounds[family, default: []].insert(String(pair.dropFirst(4).dropLast()))
                    }
                }
            }
            labels[family] = names
        }
        return Set(labels.map { family, names in
            let le = bounds[family].map { " le=" + $0.sorted { (Double($0) ?? .infinity) < (Double($1) ?? .infinity) }.joined(separator: ",") } ?? ""
            return "\(service) \(types[family] ?? "untyped") \(family) labels=\(names.sorted().joined(separator: ","))\(le)"
        })
    }

    static func render(_ lines: Set<String>) -> String {
        """
        # What the services emit: `service type metric labels=… [le=…]` (histograms by family, with their bucket bounds as exposed).
        # `slocheck lint` checks every metric and label of the SLOs, rules and dashboards against this file.
        # Made from the live services' /metrics by Tests/ObservabilityTests; refresh it with `make metrics-snapshot`
        # (the test fails while it differs from what the services emit). `prometheus` lines: series Prometheus makes itself.
        prometheus gauge up labels=
        prometheus gauge ALERTS labels=alertname,alertstate,instance,job,service,severity,slo
        \(lines.sorted().joined(separator: "\n"))

        """
    }

    @Test("every family and label the services emit after a shopper's visit is in alerts/emitted-metrics.txt, and nothing else")
    func snapshotMatchesLiveServices() async throws {
        let shop = try await StorefrontUnderTest()
        let shopper = shop.shopper()
        let synthetic = [("X-ShopMicro-Synthetic", "1")]
        _ = try await shopper.get("/", headers: synthetic)
        let product = try await shopper.get("/products/1", headers: synthetic)
        let csrf = try #require(Shopper.hiddenValue("csrf_token", in: product.text))
        _ = try await shopper.post("/cart/items", form: [("csrf_token", csrf), ("product_id", "1"), ("quantity", "1")], headers: synthetic)
        let checkout = try await shopper.get("/checkout", headers: synthetic)
        let key = try #require(Shopper.hiddenValue("idempotency_key", in: checkout.text))
        let placed = try await shopper.post("/checkout", form: [
            ("csrf_token", csrf), ("idempotency_key", key), ("email", "a@example.com"), ("name", "A"), ("line1", "1 Main St"),
            ("city", "Springfield"), ("postal_code", "12345"), ("country", "US"),
        ], headers: synthetic)
        #expect(placed.status == .seeOther)
        _ = try await HTTP.get(shop.backend.baseURL + "/api/products?q=knife")
        #expect(try await eventually { try await shop.ml.metric("shopmicro_model_orders") >= 1 })
        _ = try await HTTP.get(shop.ml.baseURL + "/recommendations?product_id=1")
        _ = try await HTTP.get(shop.ml.baseURL + "/readyz")
        _ = try await HTTP.get(shop.frontend.baseURL + "/readyz")
        _ = try await HTTP.get(shop.backend.baseURL + "/readyz")

        var live: Set<String> = []
        for (name, process) in [("backend", shop.backend.process), ("ml-service", shop.ml), ("frontend", shop.frontend)] {
            live.formUnion(Self.families(service: name, exposition: try await HTTP.get(process.baseURL + "/metrics").text))
        }
        let rendered = Self.render(live)
        if ProcessInfo.processInfo.environment["UPDATE_METRICS_SNAPSHOT"] == "1" {
            try rendered.write(to: Self.snapshot, atomically: true, encoding: .utf8)
        }
        let committed = (try? String(contentsOf: Self.snapshot, encoding: .utf8)) ?? ""
        let committedLines = Set(committed.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.hasPrefix("prometheus ") })
        #expect(committedLines.subtracting(live).isEmpty, "in the snapshot but not emitted: \(committedLines.subtracting(live).sorted())")
        #expect(live.subtracting(committedLines).isEmpty, "emitted but not in the snapshot: \(live.subtracting(committedLines).sorted())")
    }
}
