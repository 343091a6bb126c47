#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Writes whole lines to a file descriptor under a lock, so concurrent lines never interleave.
public final class FileDescriptorWriter: Sendable {
    /// Standard output, shared by every handler in the process.
    public static let standardOutput = FileDescriptorWriter(fileDescriptor: STDOUT_FILENO)

    private let fileDescriptor: Int32
    private let lock = Mutex<Void>(())

    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Writes all of `bytes`, retrying on partial writes and EINTR.
    public func write(_ bytes: [UInt8]) {
        lock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return  // the reader went away: drop the line rather than crash or block
                    }
                    offset += written
                }
            }
        }
    }
}
