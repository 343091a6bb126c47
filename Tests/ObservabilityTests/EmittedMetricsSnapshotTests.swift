import Foundation
import TestSupport
import Testing

@Suite("The snapshot of emitted metrics matches the live services")
struct EmittedMetricsSnapshotTests {
    static let repository = Repository.root
    static let snapshot = repository.appendingPathComponent("alerts/emitted-metrics.txt")

    /// `source type metric labels` lines from one exposition: histogram and summary series folded
    /// into their family (`le` left out, its bounds listed; `quantile` kept as the summary's label).
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
                let base = String(name.dropLast(suffix.count))
                let folds = types[base] == "histogram" || (types[base] == "summary" && suffix != "_bucket")
                return name.hasSuffix(suffix) && folds ? base : nil
            }.first ?? name
            var names = labels[family] ?? []
            for (label, value) in labelPairs(line) {
                if label != "le" { names.insert(label) } else { bounds[family, default: []].insert(value) }
            }
            labels[family] = names
        }
        return Set(labels.map { family, names in
            let le = bounds[family].map { " le=" + $0.sorted { (Double($0) ?? .infinity) < (Double($1) ?? .infinity) }.joined(separator: ",") } ?? ""
            return "\(service) \(types[family] ?? "untyped") \(family) labels=\(names.sorted().joined(separator: ","))\(le)"
        })
    }

    /// The `name="value"` pairs of one sample line (values may hold commas, braces and escaped quotes).
    static func labelPairs(_ line: Substring) -> [(String, String)] {
        guard let open = line.firstIndex(of: "{") else { return [] }
        var pairs: [(String, String)] = []
        var index = line.index(after: open)
        while index < line.endIndex, line[index] != "}" {
            guard let equals = line[index...].firstIndex(of: "=") else { break }
            let name = line[index..<equals].trimmingCharacters(in: CharacterSet(charactersIn: ", "))
            var value = ""
            var cursor = line.index(equals, offsetBy: 2)  // past `="`
            while cursor < line.endIndex, line[cursor] != "\"" {
                if line[cursor] == "\\" { cursor = line.index(after: cursor) }
                if cursor < line.endIndex { value.append(line[cursor]) }
                cursor = line.index(after: cursor)
            }
            pairs.append((name, value))
            index = cursor < line.endIndex ? line.index(after: cursor) : cursor
            if index < line.endIndex, line[index] == "," { index = line.index(after: index) }
        }
        return pairs
    }

    static func render(_ lines: Set<String>) -> String {
        """
        # What is emitted: `source type metric labels=… [le=…]` (histograms and summaries by family, with their bucket bounds as exposed).
        # `slocheck lint` checks every metric and label of the SLOs, rules and dashboards against this file.
        # Made by Tests/ObservabilityTests from live /metrics: the services (backend, ml-service, frontend) after a shopper's visit,
        # postgres_exporter and redis_exporter (scrape jobs `postgres`, `redis`) watching the test's PostgreSQL and Redis, and the
        # textfile a real ops/shopmicro-backup run writes (`shopmicro-backup`: Pushgateway or node_exporter textfile). Refresh it with
        # `make metrics-snapshot` (the test fails while it differs from what is emitted). `prometheus` lines: series Prometheus makes itself.
        prometheus gauge up labels=
        prometheus gauge ALERTS labels=alertname,alertstate,instance,job,service,severity,slo
        \(lines.sorted().joined(separator: "\n"))

        """
    }

    /// The exporters' families, each watching a test data store: postgres_exporter on the shop's
    /// PostgreSQL, redis_exporter on a Redis holding a cart-like key with a TTL and one without (so
    /// the keyspace families appear). The second scrape counts (the first one's commands are then in Redis's stats).
    static func exporterFamilies(postgres: PostgresServer, database: String) async throws -> Set<String> {
        let redis = try RedisServer()
        for command in [["SET", "cart:test", "{}", "EX", "3600"], ["SET", "catalog:test", "{}"]] {
            let result = try await Tool.run("/usr/bin/redis-cli", ["-p", String(redis.port)] + command)
            #expect(result.status == 0, "\(result.output)")
        }
        let postgresExporter = try await MonitoringDaemon.postgresExporter(postgres, database: database)
        let redisExporter = try await MonitoringDaemon.redisExporter(redis)
        var families: Set<String> = []
        for (source, exporter) in [("postgres-exporter", postgresExporter), ("redis-exporter", redisExporter)] {
            _ = try await exporter.metrics()
            let exposition = try await exporter.metrics()
            #expect(exposition.contains(source == "postgres-exporter" ? "\npg_up 1" : "\nredis_up 1"), "\(source) does not see its store")
            families.formUnion(Self.families(service: source, exposition: exposition))
        }
        return families
    }

    /// The families of the textfile a successful ops/shopmicro-backup run writes.
    static func backupFamilies(databaseURL: String) async throws -> Set<String> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await Tool.run("/usr/bin/env", [
            "DATABASE_URL=\(databaseURL)", repository.appendingPathComponent("ops/shopmicro-backup").path,
            "--dir", folder.appendingPathComponent("dumps").path, "--textfile-dir", folder.path,
        ])
        #expect(run.status == 0, "\(run.output)")
        let textfile = try String(contentsOf: folder.appendingPathComponent("shopmicro_backup.prom"), encoding: .utf8)
        return Self.families(service: "shopmicro-backup", exposition: textfile)
    }

    /// A shopper's visit: home, a product page (with its recommendations), add to cart, checkout.
    static func shopperJourney(_ shop: StorefrontUnderTest, headers: [(String, String)] = []) async throws {
        let shopper = shop.shopper()
        _ = try await shopper.get("/", headers: headers)
        let product = try await shopper.get("/products/1", headers: headers)
        let csrf = try #require(Shopper.hiddenValue("csrf_token", in: product.text))
        _ = try await shopper.post("/cart/items", form: [("csrf_token", csrf), ("product_id", "1"), ("quantity", "1")], headers: headers)
        let checkout = try await shopper.get("/checkout", headers: headers)
        let key = try #require(Shopper.hiddenValue("idempotency_key", in: checkout.text))
        let placed = try await shopper.post("/checkout", form: [
            ("csrf_token", csrf), ("idempotency_key", key), ("email", "a@example.com"), ("name", "A"), ("line1", "1 Main St"),
            ("city", "Springfield"), ("postal_code", "12345"), ("country", "US"),
        ], headers: headers)
        #expect(placed.status == .seeOther)
    }

    @Test("label values with commas, braces and escaped quotes are read whole; summaries fold into their family")
    func parsesExpositionLines() {
        let pairs = Self.labelPairs(#"pg_static{server="db:5432",short_version="15.8.0",version="PostgreSQL 15.8 on x86_64, compiled by \"gcc\" {x}"} 1"#)
        #expect(pairs.map(\.0) == ["server", "short_version", "version"])
        #expect(pairs.last?.1 == #"PostgreSQL 15.8 on x86_64, compiled by "gcc" {x}"#)
        let summary = Self.families(service: "x", exposition: """
            # TYPE go_gc_duration_seconds summary
            go_gc_duration_seconds{quantile="0.5"} 0.1
            go_gc_duration_seconds_sum 1
            go_gc_duration_seconds_count 3
            # TYPE pg_static untyped
            pg_static{server="a",version="b, c"} 1
            """)
        #expect(summary == ["x summary go_gc_duration_seconds labels=quantile", "x untyped pg_static labels=server,version"])
    }

    @Test("every family and label the services (after a shopper's visit), the exporters and the backup emit is in alerts/emitted-metrics.txt, and nothing else")
    func snapshotMatchesLiveServices() async throws {
        // Trusted, so that the synthetic mark is honoured and its histogram emitted.
        let shop = try await StorefrontUnderTest(environment: ["SYNTHETIC_TRAFFIC_TRUSTED": "true"])
        try await Self.shopperJourney(shop, headers: [("X-ShopMicro-Synthetic", "1")])
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
        live.formUnion(try await Self.exporterFamilies(postgres: shop.backend.postgres,
                                                       database: PostgresServer.databaseName(of: shop.backend.databaseURL)))
        live.formUnion(try await Self.backupFamilies(databaseURL: shop.backend.databaseURL))
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
