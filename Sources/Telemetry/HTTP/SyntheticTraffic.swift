import HTTPTypes
import ServiceContextModule

/// Requests from load generators and probes carry `X-ShopMicro-Synthetic: 1`. A service that trusts
/// the mark records them as such — `"synthetic":true` in the access log, the span attribute
/// `shopmicro.synthetic`, and a second histogram `shopmicro_synthetic_http_server_request_duration_seconds`
/// with the same labels and buckets as the contract's — and forwards the header on its own calls,
/// so that the SLIs (which subtract the synthetic histogram) count real shoppers only.
///
/// The mark is honoured only where it is trusted (`SYNTHETIC_TRAFFIC_TRUSTED=true`: the header can
/// only come from the platform's own load generators, because the ingress strips it); by default it
/// is ignored, so an outside client cannot hide its requests from the SLOs.
public enum SyntheticTraffic {
    public static let headerName = "X-ShopMicro-Synthetic"
    public static let headerValue = "1"

    /// True when `headers` mark the request as synthetic.
    static func isMarked(_ headers: HTTPFields) -> Bool {
        guard let name = HTTPField.Name(headerName) else { return false }
        return headers[name] == headerValue
    }

    /// True inside the handling of a synthetic request.
    public static var isCurrent: Bool {
        ServiceContext.current?[ContextKey.self] ?? false
    }

    enum ContextKey: ServiceContextKey {
        typealias Value = Bool
    }
}
