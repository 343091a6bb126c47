import Foundation

/// The three services as real processes: a backend on its own database, an ml-service learning
/// from it, and the storefront in front of both.
public final class StorefrontUnderTest: @unchecked Sendable {
    public let backend: BackendUnderTest
    public let ml: ServiceProcess
    public let frontend: ServiceProcess

    public init(environment: [String: String] = [:]) async throws {
        backend = try await BackendUnderTest(environment: environment)
        ml = try await ServiceProcess("ml-service", environment: [
            "BACKEND_URL": backend.baseURL, "ML_RETRAIN_INTERVAL": "1s", "ML_RETRY_MAX_INTERVAL": "1s",
        ].merging(environment) { $1 })
        frontend = try await ServiceProcess("frontend", environment: [
            "BACKEND_URL": backend.baseURL, "ML_URL": ml.baseURL,
        ].merging(environment) { $1 })
    }

    public func shopper() -> Shopper { Shopper(baseURL: frontend.baseURL) }
}

extension HTTP.Reply {
    /// The `<main>` part of an HTML page (what the shopper reads).
    public var main: String {
        guard let start = text.range(of: "<main"), let end = text.range(of: "</main>") else { return "" }
        return String(text[start.lowerBound..<end.upperBound])
    }

    public var location: String? { headers["Location"].first }
}
