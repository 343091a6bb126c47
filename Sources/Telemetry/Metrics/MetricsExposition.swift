/// Renders `GET /metrics`: the registry, the process metrics, and gzip when the scraper accepts it;
/// OpenMetrics 1.0 (with trace exemplars on the latency histograms) when the scraper asks for it.
public struct MetricsExposition: Sendable {
    /// The Content-Type of Prometheus text format 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The Content-Type of OpenMetrics 1.0.
    public static let openMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

    /// A rendered scrape.
    public struct Body: Sendable {
        public var bytes: [UInt8]
        /// True when `bytes` is gzip-compressed.
        public var isGzipped: Bool
        /// The format's Content-Type.
        public var contentType: String = MetricsExposition.contentType
    }

    private let registry: MetricsRegistry

    public init(registry: MetricsRegistry = .shared) {
        self.registry = registry
    }

    /// The uncompressed exposition: text format 0.0.4, or OpenMetrics 1.0 with exemplars.
    public func renderText(openMetrics: Bool = false) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.prepareScrape()
        registry.prometheus.emit(into: &buffer)
        ProcessMetrics.read()?.render(into: &buffer)
        if openMetrics { buffer = OpenMetricsText.convert(buffer) }
        registry.exemplarHistogramFamilies.render(into: &buffer, openMetrics: openMetrics)
        if openMetrics { buffer.append(contentsOf: "# EOF\n".utf8) }
        return buffer
    }

    /// The response body for a request with these `Accept` and `Accept-Encoding` headers.
    public func render(accept: String? = nil, acceptEncoding: String?) -> Body {
        let openMetrics = accept.map(Self.prefersOpenMetrics) ?? false
        let text = renderText(openMetrics: openMetrics)
        let contentType = openMetrics ? Self.openMetricsContentType : Self.contentType
        if let acceptEncoding, Self.acceptsGzip(acceptEncoding), let compressed = try? Gzip.compress(text) {
            return Body(bytes: compressed, isGzipped: true, contentType: contentType)
        }
        return Body(bytes: text, isGzipped: false, contentType: contentType)
    }

    /// True when an `Accept` value ranks OpenMetrics at least as high as the text format (Prometheus
    /// sends `application/openmetrics-text;version=1.0.0,…;q=0.75,text/plain;version=0.0.4;q=0.5,…`).
    public static func prefersOpenMetrics(_ header: String) -> Bool {
        var openMetrics = 0.0
        var text = 0.0
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
            guard let type = parts.first?.lowercased() else { continue }
            let quality = parts.dropFirst().compactMap { parameter -> Double? in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: " \t") }
                return pair.count == 2 && pair[0].lowercased() == "q" ? Double(pair[1]) : nil
            }.first ?? 1
            let version = parts.dropFirst().first { $0.lowercased().hasPrefix("version=") }.map { String($0.dropFirst(8)) }
            if type == "application/openmetrics-text", version == nil || version == "1.0.0" {
                openMetrics = max(openMetrics, quality)
            } else if type == "text/plain" || type == "*/*" {
                text = max(text, quality)
            }
        }
        return openMetrics > 0 && openMetrics >= text
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
