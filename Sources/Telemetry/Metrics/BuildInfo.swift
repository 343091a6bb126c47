/// What `shopmicro_build_info{version,revision}` reports.
public struct BuildInfo: Sendable, Equatable {
    /// The release of ShopMicro this binary belongs to, reported unless `SHOPMICRO_VERSION` says otherwise.
    public static let currentVersion = "0.1.0"
    /// The revision reported when the deployment does not say which one it built.
    public static let unknownRevision = "unknown"
    /// The longest version or revision a label may carry.
    public static let maximumLength = 64

    public var version: String
    public var revision: String

    public init(version: String = BuildInfo.currentVersion, revision: String = BuildInfo.unknownRevision) {
        self.version = version
        self.revision = revision
    }

    /// Why `value` cannot be a version or revision label, nil when it can: 1 to 64 characters, each
    /// an ASCII letter or digit or one of `. _ + -` (a semantic version, a commit hash, `git describe`).
    public static func problem(with value: String) -> String? {
        let allowed = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        if value.isEmpty || value.utf8.count > maximumLength || !allowed {
            return "must be 1 to \(maximumLength) ASCII letters, digits or . _ + -"
        }
        return nil
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
