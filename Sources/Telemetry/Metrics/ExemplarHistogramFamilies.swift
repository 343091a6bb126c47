import Synchronization

/// The exemplar histograms of a registry, by family, rendered after swift-prometheus's families.
final class ExemplarHistogramFamilies: Sendable {
    private struct Family {
        let help: String
        let boundsSeconds: [Double]
        var series: [(labels: [(String, String)], histogram: ExemplarHistogram)]
    }

    private let families = Mutex<[String: Family]>([:])

    /// The series of family `name` with `labels`, created the first time; one family keeps one help
    /// text and one set of bounds.
    func histogram(_ name: String, help: String, boundsSeconds: [Double], labels: [(String, String)]) -> ExemplarHistogram {
        families.withLock { families in
            var family = families[name] ?? Family(help: help, boundsSeconds: boundsSeconds, series: [])
            precondition(family.help == help && family.boundsSeconds == boundsSeconds,
                         "histogram \(name) registered with another help text or other buckets")
            if let existing = family.series.first(where: { $0.labels.elementsEqual(labels, by: ==) }) {
                return existing.histogram
            }
            let histogram = ExemplarHistogram(boundsSeconds: boundsSeconds)
            family.series.append((labels, histogram))
            families[name] = family
            return histogram
        }
    }

    /// Appends every family; with `openMetrics`, bucket lines carry their exemplars.
    func render(into buffer: inout [UInt8], openMetrics: Bool) {
        let copy = families.withLock { $0 }
        for name in copy.keys.sorted() {
            let family = copy[name]!
            buffer.append(contentsOf: "# HELP \(name) \(family.help)\n# TYPE \(name) histogram\n".utf8)
            for (labels, histogram) in family.series {
                let snapshot = histogram.snapshot()
                let prefix = labels.map { "\($0.0)=\"\(Self.escaped($0.1))\"" }.joined(separator: ",")
                let separator = prefix.isEmpty ? "" : ","
                for (index, count) in snapshot.cumulativeCounts.enumerated() {
                    let bound = index < histogram.boundTexts.count ? histogram.boundTexts[index] : "+Inf"
                    buffer.append(contentsOf: "\(name)_bucket{\(prefix)\(separator)le=\"\(bound)\"} \(count)".utf8)
                    if openMetrics, let exemplar = snapshot.exemplars[index] {
                        buffer.append(contentsOf: " # {trace_id=\"\(exemplar.traceID)\"} \(exemplar.valueSeconds) \(exemplar.unixSeconds)".utf8)
                    }
                    buffer.append(UInt8(ascii: "\n"))
                }
                let braces = prefix.isEmpty ? "" : "{\(prefix)}"
                buffer.append(contentsOf: "\(name)_sum\(braces) \(snapshot.sumSeconds)\n\(name)_count\(braces) \(snapshot.count)\n".utf8)
            }
        }
    }

    private static func escaped(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        return value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
