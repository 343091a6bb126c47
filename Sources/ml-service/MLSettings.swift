import ServiceKit

/// The ml-service's own configuration, read once at start.
struct MLSettings: Sendable {
    /// `BACKEND_URL`: where the order history and the catalog come from.
    var backendURL: String
    /// `ML_RETRAIN_INTERVAL`: time between trainings after a success (seconds or `5m`), default 5 minutes.
    var retrainInterval: Duration
    /// `ML_RETRY_MAX_INTERVAL`: the longest wait between retries after a failed training, default 30 s;
    /// retries start at 1 s and double.
    var retryMaxInterval: Duration
    /// `ML_MIN_SUPPORT`: orders two products must share before the model links them, default 2.
    var minimumSupport: Int
    /// `ML_NEIGHBOURS`: similar products kept per product, default 20 (the largest useful `limit`).
    var neighbourCount: Int
    /// `ML_MAX_ORDERS`: the most recent orders kept for training, default 1,000,000 (bounds memory).
    var maxOrders: Int

    init(_ reader: EnvironmentReader) throws(ConfigurationError) {
        backendURL = try reader.httpURL("BACKEND_URL", default: "http://127.0.0.1:8080")!
        retrainInterval = try reader.duration("ML_RETRAIN_INTERVAL", default: .seconds(300), in: 1...86_400)
        retryMaxInterval = try reader.duration("ML_RETRY_MAX_INTERVAL", default: .seconds(30), in: 1...3600)
        minimumSupport = try reader.integer("ML_MIN_SUPPORT", default: 2, in: 1...1000)
        neighbourCount = try reader.integer("ML_NEIGHBOURS", default: 20, in: 1...200)
        maxOrders = try reader.integer("ML_MAX_ORDERS", default: 1_000_000, in: 100...50_000_000)
    }
}
