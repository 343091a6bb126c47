#if canImport(Glibc)
import Glibc
#endif

/// Where log records go (`LOG_OUTPUT`).
public enum LogOutput: String, Sendable, CaseIterable {
    case stdout
    case journald
    /// journald when systemd started the process (its `JOURNAL_STREAM` names our stderr), stdout otherwise.
    case auto

    /// The concrete destination once `auto` is decided against the process's environment.
    public func resolved(environment: [String: String]) -> LogOutput {
        guard self == .auto else { return self }
        return Self.stderrIsJournalStream(environment["JOURNAL_STREAM"]) ? .journald : .stdout
    }

    /// True when `journalStream` ("device:inode", as systemd sets it) is the file behind stderr.
    static func stderrIsJournalStream(_ journalStream: String?) -> Bool {
        guard let journalStream else { return false }
        let parts = journalStream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
