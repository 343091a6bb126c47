import Synchronization

/// The exemplar histograms of a registry, by family, rendered after swift-prometheus's families.
///
/// One lock guards the families, the snapshots a scrape takes, the series created together and
/// the observations recorded together: a scrape sees all of such series or observations or none.
final class ExemplarHistogramFamilies: Sendable {
    private struct Family {
        let help: String
        let boundsSeconds: [Double]
        var series: [(labels: [(String, String)], histogram: ExemplarHistogram)]
    }

    private let families = Mutex<[String: Family]>([:])

    /// The series of `series` (family name, help text, labels), each created the first time, all in
    /// one step: a scrape sees all of them or none. One family keeps one help text and one set of bounds.
    func histograms(_ series: [(name: String, help: String, labels: [(String, String)])],
                    boundsSeconds: [Double]) -> [ExemplarHistogram] {
        families.withLock { families in
            series.map { Self.findOrCreate($0.name, help: $0.help, labels: $0.labels, boundsSeconds: boundsSeconds, in: &families) }
        }
    }

    private static func findOrCreate(_ name: String, help: String, labels: [(String, String)], boundsSeconds: [Double],
                                     in families: inout [String: Family]) -> ExemplarHistogram {
        // Taken out and put back, so that appending a series does not copy the family's array.
        var family = families.removeValue(forKey: name) ?? Family(help: help, boundsSeconds: boundsSeconds, series: [])
        defer { families[name] = family }
        precondition(family.help == help && family.boundsSeconds == boundsSeconds,
                     "histogram \(name) registered with another help text or other buckets")
        if let existing = family.series.first(where: { $0.labels.elementsEqual(labels, by: ==) }) {
            return existing.histogram
        }
        let histogram = ExemplarHistogram(boundsSeconds: boundsSeconds)
        family.series.append((labels, histogram))
        return histogram
    }

    /// Records one observation in each of `histograms` so that no scrape sees it in some and not in
    /// the others (a request counted in a histogram and in its synthetic twin). Get the histograms
    /// before (`histograms`), since creating one takes the same lock.
    func recordTogether(_ histograms: [ExemplarHistogram], nanoseconds: Int64, traceID: () -> String?) {
        families.withLock { _ in
            for histogram in histograms { histogram.recordNanoseconds(nanoseconds, traceID: traceID) }
        }
    }

    /// Appends every family; with `openMetrics`, bucket lines carry their exemplars.
    func render(into buffer: inout [UInt8], openMetrics: Bool) {
        // Every series' snapshot in one critical section, formatted outside it.
        let snapshots = families.withLock { families in
            families.keys.sorted().map { name in
                let family = families[name]!
                return (name, family.help, family.series.map { ($0.labels, $0.histogram, $0.histogram.snapshot()) })
            }
        }
        for (name, help, series) in snapshots {
            buffer.append(contentsOf: "# HELP \(name) \(help)\n# TYPE \(name) histogram\n".utf8)
            for (labels, histogram, snapshot) in series {
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
