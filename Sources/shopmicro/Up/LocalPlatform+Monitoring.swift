import Foundation

extension LocalPlatform {
    /// Prometheus with the repository's rules, scraping the services and, when installed, the
    /// PostgreSQL and Redis exporters and Alertmanager, which routes alerts as
    /// `alertmanager/alertmanager.yml` says to `alertReceiver` or to a `shopmicro alert-log` child.
    /// Each missing part is said in one line and left out; the shop runs without it.
    func startMonitoring(services: [(name: String, port: Int)]) throws {
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
        let alertmanager = try startAlertmanager()
        if let alertmanager { targets.append((job: "alertmanager", address: alertmanager)) }

        let configuration = state.appendingPathComponent("prometheus.yml")
        try PrometheusSetup.configuration(targets: targets, ruleFiles: PrometheusSetup.ruleFiles(in: repository),
                                          alertmanager: alertmanager)
            .write(to: configuration, atomically: true, encoding: .utf8)
        add(try ManagedProcess(name: "prometheus", executable: prometheus, arguments: [
            "--config.file=\(configuration.path)", "--storage.tsdb.path=\(state.appendingPathComponent("prometheus").path)",
            "--web.listen-address=127.0.0.1:\(ports.prometheus)", "--log.level=warn",
            // Trace exemplars of the latency histograms (OpenMetrics), for the dashboards' exemplar markers.
            "--enable-feature=exemplar-storage",
        ]))
        prometheusURL = "http://127.0.0.1:\(ports.prometheus)"
    }

    /// Restarts Prometheus and Alertmanager with empty storage: no alert, rate or notification of
    /// an earlier fault drill is left to blur the next one.
    func resetMonitoring() async throws {
        for (name, storage) in [("prometheus", "prometheus"), ("alertmanager", "alertmanager")] {
            guard let process = process(named: name) else { continue }
            await process.stop()
            try? FileManager.default.removeItem(at: state.appendingPathComponent(storage))
            _ = try await restart(name)
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
    private func startAlertmanager() throws -> String? {
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
                                   environment: ["PORT": String(port), "HOST": "127.0.0.1", "LOG_OUTPUT": "stdout"]))
            receiver = "http://127.0.0.1:\(port)"
        }
        let configuration = state.appendingPathComponent("alertmanager.yml")
        try AlertmanagerSetup.configuration(template, receiver: receiver).write(to: configuration, atomically: true, encoding: .utf8)
        let port = LocalPort.free(preferring: ports.alertmanager)
        add(try ManagedProcess(name: "alertmanager", executable: alertmanager, arguments: [
            "--config.file=\(configuration.path)", "--storage.path=\(state.appendingPathComponent("alertmanager").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn",
        ]))
        alertmanagerURL = "http://127.0.0.1:\(port)"
        return "127.0.0.1:\(port)"
    }
}
