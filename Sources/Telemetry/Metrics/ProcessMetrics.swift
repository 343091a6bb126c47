#if canImport(Glibc)
import Glibc
#endif

/// The standard `process_*` metrics, read from `/proc/self` at scrape time.
public struct ProcessMetrics: Sendable, Equatable {
    public var cpuSeconds: Double
    public var residentMemoryBytes: Double
    public var virtualMemoryBytes: Double
    public var openFileDescriptors: Double
    public var maxFileDescriptors: Double
    public var startTimeSeconds: Double

    /// Reads the current values for this process; nil where `/proc` is not available.
    public static func read() -> ProcessMetrics? {
        guard let stat = readFile("/proc/self/stat"), let bootTime = bootTimeSeconds() else { return nil }
        // Fields after the command name, which sits in parentheses and may itself hold spaces.
        guard let close = stat.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = stat[(close + 2)...].split(separator: UInt8(ascii: " ")).map { Double(String(decoding: $0, as: UTF8.self)) ?? 0 }
        // man 5 proc: field 14 utime, 15 stime, 22 starttime, 23 vsize, 24 rss (1-based; field 3 is fields[0]).
        guard fields.count > 21 else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        var limit = rlimit()
        getrlimit(RLIMIT_NOFILE_VALUE, &limit)
        return ProcessMetrics(
            cpuSeconds: (fields[11] + fields[12]) / ticks,
            residentMemoryBytes: fields[21] * pageSize,
            virtualMemoryBytes: fields[20],
            openFileDescriptors: Double(countOpenFileDescriptors()),
            maxFileDescriptors: Double(limit.rlim_cur),
            startTimeSeconds: bootTime + fields[19] / ticks
        )
    }

    /// Appends the families in Prometheus text format 0.0.4.
    public func render(into buffer: inout [UInt8]) {
        func family(_ name: String, _ type: String, _ help: String, _ value: Double) {
            buffer.append(contentsOf: "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(format(value))\n".utf8)
        }
        family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", cpuSeconds)
        family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", residentMemoryBytes)
        family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", virtualMemoryBytes)
        family("process_open_fds", "gauge", "Number of open file descriptors.", openFileDescriptors)
        family("process_max_fds", "gauge", "Maximum number of open file descriptors.", maxFileDescriptors)
        family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", startTimeSeconds)
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static var RLIMIT_NOFILE_VALUE: __rlimit_resource_t { __rlimit_resource_t(RLIMIT_NOFILE.rawValue) }

    private static func bootTimeSeconds() -> Double? {
        guard let stat = readFile("/proc/stat") else { return nil }
        for line in stat.split(separator: UInt8(ascii: "\n")) where line.starts(with: "btime ".utf8) {
            return Double(String(decoding: line.dropFirst(6), as: UTF8.self).trimmingCharacters(in: " "))
        }
        return nil
    }

    private static func countOpenFileDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            if entry.pointee.d_name.0 != UInt8(ascii: ".") { count += 1 }
        }
        return count - 1  // the descriptor opendir itself holds
    }

    /// Reads a small procfs file whole (procfs reports size 0, so read until EOF).
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }
}
