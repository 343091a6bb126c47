import Foundation

/// The drills `shopmicro faults` runs, in order.
enum DrillCatalog {
    static let services = ["backend", "ml-service", "frontend"]
    /// Pages for the users' errors a dependency outage causes: the SLOs' fast burns of the services
    /// whose answers fail (the storefront and checkout depend on every store).
    static let outagePages: Set<String> = [
        "StorefrontAvailabilityErrorBudgetBurnFast", "BackendApiAvailabilityErrorBudgetBurnFast",
        "CheckoutAvailabilityErrorBudgetBurnFast", "ShopMicroHighErrorRatio",
    ]

    static var all: [Drill] {
        [redisKilled, postgresRestarted, postgresHung, mlServiceKilled, backendKilledDuringCheckout]
            + services.map(gracefulStop)
    }

    static let redisKilled = Drill(
        name: "redis-kill", fault: "Redis killed (SIGKILL), restarted after the alert",
        expected: [ExpectedAlert(name: "ShopMicroRedisUnavailable"), ExpectedAlert(name: "ShopMicroRedisDown")],
        receiver: "ticket", allowedPages: outagePages, readsMustSucceed: true,
        inject: { context in
            try signal(SIGKILL, to: "redis", in: context.platform)
            return Observations(notes: ["redis-server killed"])
        },
        repair: { context in _ = try await context.platform.restart("redis") })

    static let postgresRestarted = Drill(
        name: "postgres-restart", fault: "PostgreSQL restarted (pg_ctl restart -m fast)",
        inject: { context in
            guard let cluster = context.platform.postgres else { throw PlatformError("the drill needs the private PostgreSQL") }
            let started = ContinuousClock.now
            try cluster.restart()
            return Observations(notes: ["PostgreSQL back after \(Seconds.text(ContinuousClock.now - started))"])
        })

    static let postgresHung = Drill(
        name: "postgres-hang", fault: "PostgreSQL hung (SIGSTOP to every server process) until the page",
        expected: [ExpectedAlert(name: "ShopMicroPostgresUnreachable"), ExpectedAlert(name: "ShopMicroPostgresDown")],
        receiver: "page", allowedPages: ["ShopMicroPostgresUnreachable", "ShopMicroPostgresDown"],
        inject: { context in
            guard let cluster = context.platform.postgres else { throw PlatformError("the drill needs the private PostgreSQL") }
            let processes = cluster.serverProcesses()
            for pid in processes { kill(pid, SIGSTOP) }
            return Observations(notes: ["\(processes.count) PostgreSQL processes stopped"])
        },
        repair: { context in
            for pid in context.platform.postgres?.serverProcesses() ?? [] { kill(pid, SIGCONT) }
        })

    static let mlServiceKilled = Drill(
        name: "ml-service-kill", fault: "ml-service killed (SIGKILL), restarted after the page",
        expected: [ExpectedAlert(name: "ShopMicroTargetDown", labels: ["job": "ml-service"])], receiver: "page",
        readsMustSucceed: true,
        inject: { context in
            try signal(SIGKILL, to: "ml-service", in: context.platform)
            return Observations(notes: ["ml-service killed"])
        },
        repair: { context in _ = try await context.platform.restart("ml-service") })

    static let backendKilledDuringCheckout = Drill(
        name: "backend-kill", fault: "backend killed (SIGKILL) with checkouts in flight, restarted after the page",
        expected: [ExpectedAlert(name: "ShopMicroTargetDown", labels: ["job": "backend"])], receiver: "page",
        allowedPages: outagePages,
        inject: { context in
            let inFlight = await waitForCheckoutInFlight(context.ledger)
            try signal(SIGKILL, to: "backend", in: context.platform)
            return Observations(notes: ["\(inFlight) checkout(s) in flight when killed"],
                                problems: inFlight == 0 ? ["no checkout was in flight within 60 s"] : [])
        },
        repair: { context in _ = try await context.platform.restart("backend") })

    /// SIGTERM to a service while checkouts are in flight: it must finish what it accepted and exit 0;
    /// then it is started again.
    static func gracefulStop(_ service: String) -> Drill {
        Drill(
            name: "sigterm-\(service)", fault: "SIGTERM to \(service) with checkouts in flight, then started again",
            allowedPages: [], requestsMustNotBeCut: true,
            inject: { context in
                guard let process = context.platform.process(named: service) else { throw PlatformError("no \(service)") }
                let inFlight = await waitForCheckoutInFlight(context.ledger)
                let started = ContinuousClock.now
                kill(process.pid, SIGTERM)
                while process.isRunning, ContinuousClock.now - started < .seconds(40) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                var observations = Observations(notes: ["\(inFlight) checkout(s) in flight at SIGTERM"])
                if process.isRunning {
                    observations.problems.append("\(service) still running 40 s after SIGTERM")
                } else {
                    observations.notes.append("\(service) exited \(process.exitStatus) after \(Seconds.text(ContinuousClock.now - started))")
                    if process.exitStatus != 0 { observations.problems.append("\(service) exited \(process.exitStatus), not 0") }
                }
                guard try await context.platform.restart(service) else {
                    observations.problems.append("\(service) did not become ready again")
                    return observations
                }
                return observations
            })
    }

    /// Waits (up to 60 s) until a shopper is submitting a checkout; how many are.
    private static func waitForCheckoutInFlight(_ ledger: CheckoutLedger) async -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        while ledger.checkoutsInFlight == 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(1))
        }
        return ledger.checkoutsInFlight
    }

    private static func signal(_ number: Int32, to name: String, in platform: LocalPlatform) throws {
        guard let process = platform.process(named: name), process.isRunning else { throw PlatformError("\(name) is not running") }
        kill(process.pid, number)
    }
}

/// Durations as the drills report them.
enum Seconds {
    static func of(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func text(_ duration: Duration) -> String { String(format: "%.1f s", of(duration)) }
}
