import Foundation

/// What is really emitted: metric names with their label names, per source, from the snapshot
/// `alerts/emitted-metrics.txt` (a test compares it with live `/metrics`). Sources are the services
/// (`backend`, `ml-service`, `frontend`), the exporters (`postgres-exporter`, `redis-exporter`: scrape
/// jobs `postgres`, `redis`), the backup's metrics (`shopmicro-backup`: Pushgateway or node_exporter
/// textfile), and `prometheus` (series Prometheus makes itself). Types: counter, gauge, histogram,
/// summary (`_count`/`_sum` without `quantile`), untyped.
struct EmittedMetrics {
    static let path = "alerts/emitted-metrics.txt"
    /// Labels every scraped series has or every query may use.
    static let alwaysPresent: Set<String> = ["job", "instance", "__name__"]

    /// Sample names (`x_bucket`, `x_count`, `x_sum` for histograms) → label names.
    private(set) var labels: [String: Set<String>] = [:]
    /// `x_bucket` → the `le` values exposed, exactly as written (`1.0`, not `1`).
    private(set) var bucketBounds: [String: Set<String>] = [:]

    init(repository: URL) throws {
        let text = try UnreadableFile.text(of: Self.path, in: repository, holding: "the snapshot of emitted metrics")
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: " ")
            if line.hasPrefix("#") || fields.isEmpty { continue }
            guard fields.count >= 3 else {
                throw UnreadableFile(finding: Finding(file: Self.path, line: number + 1, check: "snapshot",
                                                      message: "expected \"service type metric labels=a,b [le=x,y]\""))
            }
            let (type, name) = (String(fields[1]), String(fields[2]))
            func list(_ prefix: String) -> Set<String> {
                fields.first { $0.hasPrefix(prefix) }.map { Set($0.dropFirst(prefix.count).split(separator: ",").map(String.init)) } ?? []
            }
            let names = list("labels=")
            add(name, names)
            switch type {
            case "histogram":
                bucketBounds[name + "_bucket", default: []].formUnion(list("le="))
                add(name + "_bucket", names.union(["le"]))
                add(name + "_count", names)
                add(name + "_sum", names)
            case "summary":
                add(name + "_count", names.subtracting(["quantile"]))
                add(name + "_sum", names.subtracting(["quantile"]))
            default:
                break
            }
        }
    }

    private mutating func add(_ name: String, _ names: Set<String>) {
        labels[name, default: []].formUnion(names)
    }

    /// Findings for the names `expression` uses that nothing emits or records.
    func check(_ expression: String, recorded: [String: Set<String>], file: String, line: Int, context: String) -> [Finding] {
        let names: ReferencedNames
        do {
            names = try ReferencedNames(expression: expression)
        } catch {
            return [Finding(file: file, line: line, check: "promql-syntax", message: "\(context): cannot read the query: \(error)")]
        }
        var findings: [Finding] = []
        var known: Set<String> = Self.alwaysPresent
        for (metric, used) in names.metrics.sorted(by: { $0.key < $1.key }) {
            guard let available = labels[metric] ?? recorded[metric] else {
                findings.append(Finding(file: file, line: line, check: "metric-not-emitted",
                                        message: "\(context): nothing in \(Self.path) emits the metric \(metric) (and no rule records it)"))
                continue
            }
            known.formUnion(available)
            for bound in (names.bucketBounds[metric] ?? []).subtracting(bucketBounds[metric] ?? []).sorted() where bucketBounds[metric] != nil {
                findings.append(Finding(file: file, line: line, check: "bucket-not-emitted",
                                        message: "\(context): \(metric) has no bucket le=\"\(bound)\" (it exposes \((bucketBounds[metric] ?? []).sorted { (Double($0) ?? .infinity) < (Double($1) ?? .infinity) }.joined(separator: ", ")))"))
            }
            for label in used.subtracting(available).subtracting(Self.alwaysPresent).sorted() {
                findings.append(Finding(file: file, line: line, check: "label-not-emitted",
                                        message: "\(context): \(metric) has no label \(label)"))
            }
        }
        for label in names.groupingLabels.subtracting(known).sorted() where !names.metrics.isEmpty {
            findings.append(Finding(file: file, line: line, check: "label-not-emitted",
                                    message: "\(context): no metric of the query has the label \(label)"))
        }
        return findings
    }
}
