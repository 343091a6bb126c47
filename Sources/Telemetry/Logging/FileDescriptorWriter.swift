#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Writes whole lines to a file descriptor from a background thread, so logging never waits for
/// the disk or the pipe and concurrent lines never interleave.
///
/// Lines are appended to a buffer under a lock; a flusher thread writes the buffer in batches
/// (at most about a millisecond after the first line of a batch). A caller that finds more than
/// 1 MiB pending writes it itself, which bounds memory when the reader is slow. `flush()` writes
/// everything pending before it returns; the process calls it at exit.
public final class FileDescriptorWriter: @unchecked Sendable {
    /// Standard output, shared by every handler in the process.
    public static let standardOutput: FileDescriptorWriter = {
        let writer = FileDescriptorWriter(fileDescriptor: STDOUT_FILENO)
        atexit { FileDescriptorWriter.standardOutput.flush() }
        return writer
    }()

    private static let pendingLimit = 1 << 20
    private static let batchDelayMicroseconds: UInt32 = 1000

    private let fileDescriptor: Int32
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let linesArrived = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Serialises writes to the descriptor, so batches reach it in the order they were taken.
    private let writeOrder = Mutex<[UInt8]>([])
    /// Guarded by `mutex`.
    private var pending: [UInt8] = []
    private var flusherStarted = false

    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(linesArrived, nil)
    }

    /// Queues `bytes` (one or more whole lines) for writing.
    public func write(_ bytes: [UInt8]) {
        pthread_mutex_lock(mutex)
        let wasEmpty = pending.isEmpty
        pending.append(contentsOf: bytes)
        let pendingCount = pending.count
        if !flusherStarted { startFlusher() }
        if wasEmpty { pthread_cond_signal(linesArrived) }
        pthread_mutex_unlock(mutex)
        if pendingCount > Self.pendingLimit { flush() }
    }

    /// Writes every queued line before returning.
    public func flush() {
        writeOrder.withLock { batch in
            pthread_mutex_lock(mutex)
            swap(&batch, &pending)
            pthread_mutex_unlock(mutex)
            writeAll(batch)
            batch.removeAll(keepingCapacity: batch.capacity <= Self.pendingLimit)
        }
    }

    /// Writes all of `bytes`, retrying on partial writes and EINTR; drops them if the reader went away.
    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Starts the flusher thread; called with `mutex` held. The thread lives as long as the process.
    private func startFlusher() {
        flusherStarted = true
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(&thread, nil, { context in
            let writer = Unmanaged<FileDescriptorWriter>.fromOpaque(context!).takeRetainedValue()
            writer.runFlusher()
            return nil
        }, context)
        if result == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<FileDescriptorWriter>.fromOpaque(context).release()
            flusherStarted = false
        }
    }

    private func runFlusher() {
        while true {
            pthread_mutex_lock(mutex)
            while pending.isEmpty { pthread_cond_wait(linesArrived, mutex) }
            pthread_mutex_unlock(mutex)
            usleep(Self.batchDelayMicroseconds)  // let a batch gather: one write instead of hundreds
            flush()
        }
    }
}
