/// Histogram bucket boundaries shared by every ShopMicro histogram.
public enum HistogramBuckets {
    /// The OpenTelemetry HTTP semantic-convention buckets, in seconds.
    public static let seconds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]

    /// The same boundaries as `Duration`s, as swift-prometheus duration histograms take them.
    public static let durations: [Duration] = seconds.map { .nanoseconds(Int64(($0 * 1e9).rounded())) }

    /// The OpenTelemetry database-client buckets, in seconds (finer at the low end, where queries live).
    public static let databaseSeconds: [Double] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]
}
