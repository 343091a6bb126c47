/// Turns Prometheus text format 0.0.4 (what swift-prometheus and the process collector write) into
/// OpenMetrics 1.0: a counter's family is named without its `_total` suffix (its samples keep it),
/// `untyped` becomes `unknown`, and the exposition ends with `# EOF` (appended by the caller).
enum OpenMetricsText {
    static func convert(_ text: [UInt8]) -> [UInt8] {
        var counters = Set<Substring>()
        let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        for line in lines where line.starts(with: "# TYPE ".utf8) {
            let fields = String(decoding: line, as: UTF8.self).split(separator: " ")
            if fields.count == 4, fields[3] == "counter" { counters.insert(fields[2]) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 256)
        for line in lines {
            guard line.first == UInt8(ascii: "#") else {
                out.append(contentsOf: line)
                out.append(UInt8(ascii: "\n"))
                continue
            }
            let string = String(decoding: line, as: UTF8.self)
            let fields = string.split(separator: " ", maxSplits: 3)
            guard fields.count >= 3, fields[1] == "HELP" || fields[1] == "TYPE" else { continue }
            var name = fields[2]
            if counters.contains(name), name.hasSuffix("_total") { name = name.dropLast("_total".count) }
            var rest = fields.count > 3 ? fields[3] : ""
            if fields[1] == "TYPE", rest == "untyped" { rest = "unknown" }
            out.append(contentsOf: "# \(fields[1]) \(name) \(rest)\n".utf8)
        }
        return out
    }
}
