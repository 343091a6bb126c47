/// What `shopmicro_build_info{version,revision}` reports.
public struct BuildInfo: Sendable, Equatable {
    /// The release of ShopMicro this binary belongs to.
    public static let currentVersion = "0.1.0"

    public var version: String
    public var revision: String

    public init(version: String = BuildInfo.currentVersion, revision: String) {
        self.version = version
        self.revision = revision
    }

    /// Registers the constant-1 info gauge.
    func register(in registry: MetricsRegistry) {
        registry.gauge(
            "shopmicro_build_info",
            help: "Build information of the running ShopMicro service; the value is always 1.",
            labels: [("version", version), ("revision", revision)]
        ).set(to: 1)
    }
}
