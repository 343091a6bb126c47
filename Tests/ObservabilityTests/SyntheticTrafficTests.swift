import Foundation
import TestSupport
import Testing

@Suite("Synthetic traffic: the mark is honoured only where trusted, and the SLIs leave it out")
struct SyntheticTrafficTests {
    static let mark = [("X-ShopMicro-Synthetic", "1")]
    static let trusted = ["SYNTHETIC_TRAFFIC_TRUSTED": "true"]
    static let syntheticFamily = "shopmicro_synthetic_http_server_request_duration_seconds"

    static func syntheticSeries(_ service: ServiceProcess) async throws -> [Substring] {
        try await HTTP.get(service.baseURL + "/metrics").text.split(separator: "\n").filter { $0.hasPrefix(syntheticFamily + "_count") }
    }

    static func markedAccessLines(_ service: ServiceProcess) -> Int {
        service.logRecords().filter { $0?["message"] as? String == "request" && $0?["synthetic"] as? Bool == true }.count
    }

    @Test("by default a service ignores the mark: not counted synthetic, not logged so, not forwarded to the backend even when the backend trusts it")
    func untrustedMarkIsIgnored() async throws {
        let backend = try await BackendUnderTest(environment: Self.trusted)
        let ml = try await ServiceProcess("ml-service", environment: ["BACKEND_URL": backend.baseURL])
        let frontend = try await ServiceProcess("frontend", environment: ["BACKEND_URL": backend.baseURL, "ML_URL": ml.baseURL])
        for path in ["/", "/products/1"] {
            #expect(try await HTTP.get(frontend.baseURL + path, headers: Self.mark).status == .ok)
        }
        #expect(try await Self.syntheticSeries(frontend).isEmpty)
        #expect(Self.markedAccessLines(frontend) == 0)
        #expect(try await frontend.metric(#"http_server_request_duration_seconds_count{http_request_method="GET",http_route="/",http_response_status_code="200"}"#) == 1)
        // The storefront called the backend, without the mark: nothing synthetic there either.
        #expect(try await Self.syntheticSeries(backend.process).isEmpty)
        #expect(Self.markedAccessLines(backend.process) == 0)

        // The backend does honour a mark sent to it directly: it is the storefront that did not pass it on.
        #expect(try await HTTP.get(backend.baseURL + "/api/categories", headers: Self.mark).status == .ok)
        #expect(try await backend.process.metric(Self.syntheticFamily + #"_count{http_request_method="GET",http_route="/api/categories",http_response_status_code="200"}"#) == 1)
        #expect(Self.markedAccessLines(backend.process) == 1)
    }

    @Test("with SYNTHETIC_TRAFFIC_TRUSTED=true the mark is counted, logged and forwarded on the storefront's calls")
    func trustedMarkIsCountedAndForwarded() async throws {
        let shop = try await StorefrontUnderTest(environment: Self.trusted)
        #expect(try await HTTP.get(shop.frontend.baseURL + "/products/1", headers: Self.mark).status == .ok)
        #expect(try await shop.frontend.metric(Self.syntheticFamily + #"_count{http_request_method="GET",http_route="/products/{id}",http_response_status_code="200"}"#) == 1)
        #expect(Self.markedAccessLines(shop.frontend) == 1)
        let backendSeries = try await Self.syntheticSeries(shop.backend.process)
        #expect(backendSeries.contains { $0.contains(#"http_route="/api/products/{id}""#) }, "\(backendSeries)")
        #expect(Self.markedAccessLines(shop.backend.process) >= 1)
        let mlSeries = try await Self.syntheticSeries(shop.ml)
        #expect(mlSeries.contains { $0.contains(#"http_route="/recommendations""#) }, "\(mlSeries)")
        // A request without the mark stays real.
        #expect(try await HTTP.get(shop.frontend.baseURL + "/products/1").status == .ok)
        #expect(try await shop.frontend.metric(Self.syntheticFamily + #"_count{http_request_method="GET",http_route="/products/{id}",http_response_status_code="200"}"#) == 1)
    }

    @Test("a value other than true or false stops the service, naming the variable", arguments: ["yes", "1", "maybe"])
    func badValueStopsService(value: String) async throws {
        let service = try await ServiceProcess("ml-service", environment: ["SYNTHETIC_TRAFFIC_TRUSTED": value], waitUntilHealthy: false)
        #expect(try await service.waitForExit() == 2)
        let lines = service.stderr().split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.contains("SYNTHETIC_TRAFFIC_TRUSTED") == true
                && lines.first?.contains("\"\(value)\" is not true or false") == true, "\(service.stderr())")
    }

    static let notFoundSpec = """
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: product-found
          displayName: Product lookups find the product
        spec:
          service: backend
          budgetingMethod: Occurrences
          timeWindow:
            - duration: 7d
              isRolling: true
          indicator:
            spec:
              ratioMetric:
                counter: true
                bad:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: 'http_server_request_duration_seconds_count{job="backend",http_route="/api/products/{id}",http_response_status_code="404"}'
                total:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: 'http_server_request_duration_seconds_count{job="backend",http_route="/api/products/{id}"}'
          objectives:
            - target: 0.99

        """

    @Test("on a real Prometheus the generated SLI leaves synthetic requests out: synthetic 404s burn nothing, real requests are all it counts")
    func generatedSLIExcludesSyntheticRequests() async throws {
        // The repository's SLOs and one over 404s of product lookups, generated by slocheck.
        let folder = try SLOCheckTests.copy()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.notFoundSpec.write(to: folder.appendingPathComponent("alerts/slos/product-found.yaml"), atomically: true, encoding: .utf8)
        let generate = try await Tool.run(SLOCheckTests.slocheck, ["generate", "--repository", folder.path])
        #expect(generate.status == 0, "\(generate.output)")

        let backend = try await BackendUnderTest(environment: Self.trusted)
        let prometheus = try await PrometheusServer(targets: ["backend": backend.baseURL],
                                                    ruleFiles: [folder.appendingPathComponent("alerts/slo-rules.yml").path])
        func value(_ expression: String) async throws -> Double? {
            ((try await prometheus.query(expression).first?["value"] as? [Any])?.last as? String).flatMap(Double.init)
        }
        /// `expression` evaluated at `time` (Unix seconds), as a rule evaluated then saw it.
        func value(_ expression: String, at time: Double) async throws -> Double? {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let reply = try await HTTP.get("\(prometheus.baseURL)/api/v1/query?time=\(time)&query=\(expression.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")")
            let result = (try reply.json()["data"] as? [String: Any])?["result"] as? [[String: Any]]
            return ((result?.first?["value"] as? [Any])?.last as? String).flatMap(Double.init)
        }
        let selector = #"{slo="product-found"}"#
        let contract404 = #"sum(rate(http_server_request_duration_seconds_count{job="backend",http_route="/api/products/{id}",http_response_status_code="404"}[5m]))"#
        let real200 = #"sum(rate(http_server_request_duration_seconds_count{job="backend",http_route="/api/products/{id}",http_response_status_code="200"}[5m]))"#
        // Real shoppers find their products; a synthetic probe asks for missing ones, many more times.
        let settled = try await eventually(timeout: .seconds(60)) {
            for _ in 0..<3 { #expect(try await HTTP.get(backend.baseURL + "/api/products/1").status == .ok) }
            for _ in 0..<10 { #expect(try await HTTP.get(backend.baseURL + "/api/products/999999", headers: Self.mark).status == .notFound) }
            guard let bad = try await value(contract404), bad > 0, let total = try await value("slo:total_events:rate5m\(selector)"), total > 0 else { return false }
            return true
        }
        #expect(settled, "Prometheus never saw both the real requests and the synthetic 404s")
        // The contract's histogram counts the 404s; the SLI does not.
        #expect(try await value(contract404) ?? 0 > 0)
        #expect(try await value("slo:bad_events:rate5m\(selector)") == 0)
        #expect(try await value("slo:error_ratio:rate5m\(selector)") == 0)
        #expect(try await value("slo:error_ratio:rate1h\(selector)") == 0)
        // The SLI's events per second are exactly the real requests': the loaded rule's own expression
        // minus the real requests' rate, in one query at the time of an evaluation (one query reads one
        // state of the data; a rule's recorded value and a later query can differ by a scrape that
        // was still being ingested when the rule ran).
        let rules = try await HTTP.get(prometheus.baseURL + "/api/v1/rules?type=record").json()
        let groups = ((rules["data"] as? [String: Any])?["groups"] as? [[String: Any]]) ?? []
        let rule = groups.flatMap { ($0["rules"] as? [[String: Any]]) ?? [] }.first {
            $0["name"] as? String == "slo:total_events:rate5m" && ($0["labels"] as? [String: String])?["slo"] == "product-found"
        }
        let expression = try #require(rule?["query"] as? String, "no recording rule slo:total_events:rate5m for product-found")
        let evaluated = try #require(try await value("timestamp(slo:total_events:rate5m\(selector))"))
        let real = try #require(try await value(real200, at: evaluated))
        let difference = try #require(try await value("(\(expression)) - \(real200)", at: evaluated))
        #expect(real > 0)
        #expect(abs(difference) < 1e-9 * max(1, real), "the SLI's events differ from the real requests' (\(real)/s) by \(difference)/s")
        // And the alert it would page with stays silent.
        #expect(try await prometheus.query(#"ALERTS{alertname="ProductFoundErrorBudgetBurnFast"}"#).isEmpty)
    }
}
