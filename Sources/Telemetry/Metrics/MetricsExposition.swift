/// Renders `GET /metrics`: the registry, the process metrics, and gzip when the scraper accepts it.
public struct MetricsExposition: Sendable {
    /// The Content-Type of Prometheus text format 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// A rendered scrape.
    public struct Body: Sendable {
        public var bytes: [UInt8]
        /// True when `bytes` is gzip-compressed.
        public var isGzipped: Bool
    }

    private let registry: MetricsRegistry

    public init(registry: MetricsRegistry = .shared) {
        self.registry = registry
    }

    /// The uncompressed exposition text.
    public func renderText() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.prepareScrape()
        registry.prometheus.emit(into: &buffer)
        ProcessMetrics.read()?.render(into: &buffer)
        return buffer
    }

    /// The response body for a request whose `Accept-Encoding` header is `acceptEncoding`.
    public func render(acceptEncoding: String?) -> Body {
        let text = renderText()
        if let acceptEncoding, Self.acceptsGzip(acceptEncoding), let compressed = try? Gzip.compress(text) {
            return Body(bytes: compressed, isGzipped: true)
        }
        return Body(bytes: text, isGzipped: false)
    }

    /// True when an `Accept-Encoding` value allows gzip (honouring `q=0`).
    public static func acceptsGzip(_ header: String) -> Bool {
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
            guard let coding = parts.first?.lowercased(), coding == "gzip" || coding == "*" else { continue }
            let refused = parts.dropFirst().contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: " \t") }
                return pair.count == 2 && pair[0].lowercased() == "q" && (Double(pair[1]) ?? 1) == 0
            }
            return !refused
        }
        return false
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        return String(self.drop(while: { characters.contains($0) }).reversed().drop(while: { characters.contains($0) }).reversed())
    }
}
