import Telemetry

extension EnvironmentReader {
    /// `SHOPMICRO_VERSION` and `SHOPMICRO_REVISION`, what `shopmicro_build_info` reports, set by the
    /// deployment (Docker build arguments, Ansible, `shopmicro up`); unset or empty: the compiled
    /// version and `unknown`. A value that cannot be a label stops the service.
    public func buildInfo() throws(ConfigurationError) -> BuildInfo {
        BuildInfo(version: try buildLabel("SHOPMICRO_VERSION") ?? BuildInfo.currentVersion,
                  revision: try buildLabel("SHOPMICRO_REVISION") ?? BuildInfo.unknownRevision)
    }

    /// A version or revision label; the error shows the value escaped on one line, shortened.
    func buildLabel(_ name: String) throws(ConfigurationError) -> String? {
        guard let raw = string(name) else { return nil }
        if let problem = BuildInfo.problem(with: raw) {
            let shown = raw.count > 80 ? String(raw.prefix(80)) + "…" : raw
            throw ConfigurationError(variable: name, reason: "=\(shown.debugDescription) \(problem)")
        }
        return raw
    }
}
