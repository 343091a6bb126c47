import HTTPTypes

/// Why a page could not be built from the backend's answer.
enum StoreError: Error, Sendable {
    /// The backend did not answer, or answered 5xx: the shop is down, not the shopper's fault.
    case unavailable(String)
    /// The backend has no such thing (product, order): 404.
    case notFound(String)
    /// The backend refused the shopper's request (out of stock, bad address…), with its message.
    case rejected(status: Int, code: String, message: String)

    /// The status of the error page for this error.
    var status: HTTPResponse.Status {
        switch self {
        case .unavailable: .serviceUnavailable
        case .notFound: .notFound
        case .rejected(let status, _, _): HTTPResponse.Status(code: status)
        }
    }
}
