import Foundation

extension LocalPlatform {
    /// Prometheus with the repository's rules, scraping the services and, when installed, the
    /// PostgreSQL and Redis exporters and Alertmanager, which routes alerts as
    /// `alertmanager/alertmanager.yml` says to `alertReceiver` or to a `shopmicro alert-log` child.
    /// Each missing part is said in one line and left out; the shop runs without it.
    func startMonitoring(services: [(name: String, port: Int)]) async throws {
        guard let prometheus = CommandLineTool.find("prometheus") else {
            console.line("Prometheus is not installed (apt-get install prometheus); continuing without it")
            return
        }
        guard LocalPort.isFree(ports.prometheus) else {
            console.line("port \(ports.prometheus) is in use; continuing without Prometheus")
            return
        }
        var targets = services.map { (job: $0.name, address: "127.0.0.1:\($0.port)") }
        targets += try startExporters()
        let alertmanager = try await startAlertmanager()
        if let alertmanager { targets.append((job: "alertmanager", address: alertmanager)) }

        let configuration = state.appendingPathComponent("prometheus.yml")
        try PrometheusSetup.configuration(targets: targets, ruleFiles: PrometheusSetup.ruleFiles(in: repository),
                                          alertmanager: alertmanager)
            .write(to: configuration, atomically: true, encoding: .utf8)
        let process = try ManagedProcess(name: "prometheus", executable: prometheus, arguments: [
            "--config.file=\(configuration.path)", "--storage.tsdb.path=\(state.appendingPathComponent("prometheus").path)",
            "--web.listen-address=127.0.0.1:\(ports.prometheus)", "--log.level=warn",
            // Trace exemplars of the latency histograms (OpenMetrics), for the dashboards' exemplar markers.
            "--enable-feature=exemplar-storage",
            // Samples for the longest SLO window and a day, as `slocheck generate` computed from the specs.
            "--storage.tsdb.retention.time=" + ((try? String(contentsOf: repository.appendingPathComponent("alerts/prometheus-retention.txt"), encoding: .utf8))?
                .split(separator: "\n").last { !$0.hasPrefix("#") }.map(String.init) ?? "31d"),
        ])
        add(process)
        prometheusURL = "http://127.0.0.1:\(ports.prometheus)"
        guard await ReadinessProbe.wait(for: prometheusURL! + "/-/ready", process: process, timeout: .seconds(60)) else {
            throw PlatformError("Prometheus did not become ready (its lines above say why)")
        }
    }

    /// Restarts Prometheus and Alertmanager with empty storage: no alert, rate or notification of
    /// an earlier fault drill is left to blur the next one.
    func resetMonitoring() async throws {
        for (name, storage) in [("prometheus", "prometheus"), ("alertmanager", "alertmanager")] {
            guard let process = process(named: name) else { continue }
            await process.stop()
            try? FileManager.default.removeItem(at: state.appendingPathComponent(storage))
            _ = try await restart(name)
            let url = name == "prometheus" ? prometheusURL : alertmanagerURL
            if let url, let restarted = self.process(named: name) {
                guard await ReadinessProbe.wait(for: url + "/-/ready", process: restarted, timeout: .seconds(60)) else {
                    throw PlatformError("\(name) did not become ready again")
                }
            }
        }
    }

    /// postgres_exporter and redis_exporter on free ports; their scrape targets.
    private func startExporters() throws -> [(job: String, address: String)] {
        var targets: [(job: String, address: String)] = []
        if let exporter = CommandLineTool.find("prometheus-postgres-exporter", "postgres_exporter") {
            let port = LocalPort.free(preferring: 9187)
            add(try ManagedProcess(name: "postgres-exporter", executable: exporter,
                                   arguments: ["--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"],
                                   environment: ["DATA_SOURCE_NAME": ExporterSetup.postgresDataSource(databaseURL, privateCluster: postgres != nil)]))
            targets.append((job: "postgres", address: "127.0.0.1:\(port)"))
        } else {
            console.line("postgres_exporter is not installed (apt-get install prometheus-postgres-exporter); continuing without it")
        }
        if let exporter = CommandLineTool.find("prometheus-redis-exporter", "redis_exporter") {
            let port = LocalPort.free(preferring: 9121)
            add(try ManagedProcess(name: "redis-exporter", executable: exporter, arguments: [
                "--redis.addr=\(redisURL)", "--web.listen-address=127.0.0.1:\(port)", "--log-format=txt",
            ]))
            targets.append((job: "redis", address: "127.0.0.1:\(port)"))
        } else {
            console.line("redis_exporter is not installed (apt-get install prometheus-redis-exporter); continuing without it")
        }
        return targets
    }

    /// Alertmanager with the repository's routes; its address, nil when it is not installed.
    private func startAlertmanager() async throws -> String? {
        let routes = repository.appendingPathComponent("alertmanager/alertmanager.yml")
        guard let alertmanager = CommandLineTool.find("prometheus-alertmanager", "alertmanager") else {
            console.line("Alertmanager is not installed (apt-get install prometheus-alertmanager); alerts are not routed")
            return nil
        }
        guard let template = try? String(contentsOf: routes, encoding: .utf8) else {
            console.line("\(routes.path) is missing; alerts are not routed")
            return nil
        }
        let receiver: String
        if let alertReceiver {
            receiver = alertReceiver
        } else {
            let port = LocalPort.free(preferring: ports.alertLog)
            add(try ManagedProcess(name: "alert-log", executable: binDirectory.appendingPathComponent("shopmicro").path,
                                   arguments: ["alert-log"],
                                   environment: ["PORT": String(port), "HOST": "127.0.0.1", "LOG_OUTPUT": "stdout",
                                                 "SHOPMICRO_REVISION": revision]))
            receiver = "http://127.0.0.1:\(port)"
        }
        let configuration = state.appendingPathComponent("alertmanager.yml")
        try AlertmanagerSetup.configuration(template, receiver: receiver).write(to: configuration, atomically: true, encoding: .utf8)
        let port = LocalPort.free(preferring: ports.alertmanager)
        let process = try ManagedProcess(name: "alertmanager", executable: alertmanager, arguments: [
            "--config.file=\(configuration.path)", "--storage.path=\(state.appendingPathComponent("alertmanager").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn",
        ])
        add(process)
        alertmanagerURL = "http://127.0.0.1:\(port)"
        guard await ReadinessProbe.wait(for: alertmanagerURL! + "/-/ready", process: process, timeout: .seconds(60)) else {
            throw PlatformError("Alertmanager did not become ready (its lines above say why)")
        }
        return "127.0.0.1:\(port)"
    }
}
