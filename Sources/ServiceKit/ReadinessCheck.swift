/// A dependency that `/readyz` asks about.
public struct ReadinessCheck: Sendable {
    /// Shown in the readiness body, e.g. `postgres`.
    public let name: String
    /// When true a failure makes the service not ready (503); otherwise it is only reported as degraded.
    public let isCritical: Bool
    /// Returns normally when the dependency is usable; throws or returns false otherwise.
    public let probe: @Sendable () async throws -> Bool

    public init(name: String, isCritical: Bool, probe: @escaping @Sendable () async throws -> Bool) {
        self.name = name
        self.isCritical = isCritical
        self.probe = probe
    }
}
