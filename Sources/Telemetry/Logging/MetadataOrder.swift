import Logging

/// Logger metadata in key order (the order of a line's metadata fields), without copying it: the
/// dictionary's indices are sorted in a temporary buffer, on the stack for the usual few keys.
enum MetadataOrder {
    /// One entry to sort: where it is in the dictionary, and its key's first eight bytes.
    struct Entry {
        var index: Logger.Metadata.Index
        /// The key's first eight UTF-8 bytes, big-endian, zero-padded: for ASCII keys, comparing these
        /// compares the keys' first eight characters.
        var prefix: UInt64
        /// The key's UTF-8 length, or -1 when the key is not all ASCII (then only `String`'s own
        /// comparison, which works on normalised text, orders it).
        var asciiLength: Int
    }

    /// Calls `body` with the indices of `metadata`'s entries whose key `skipping` does not reject,
    /// sorted by key (`String` order), and an estimate of the bytes those entries take as JSON
    /// (exact for the keys, `typicalValueBytes` for each value).
    static func withSortedIndices<Result>(
        _ metadata: Logger.Metadata, skipping: (String) -> Bool,
        _ body: (UnsafeBufferPointer<Entry>, _ estimatedBytes: Int) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: Entry.self, capacity: metadata.count) { buffer in
            var kept = 0
            var estimatedBytes = 0
            var index = metadata.startIndex
            while index != metadata.endIndex {
                let key = metadata.keys[index]
                if !skipping(key) {
                    let (prefix, asciiLength) = Self.prefix(of: key)
                    (buffer.baseAddress! + kept).initialize(to: Entry(index: index, prefix: prefix, asciiLength: asciiLength))
                    kept += 1
                    estimatedBytes += key.utf8.count + 4 + Self.typicalValueBytes
                }
                metadata.formIndex(after: &index)
            }
            var sorted = UnsafeMutableBufferPointer(rebasing: buffer[..<kept])
            let precedes = { (left: Entry, right: Entry) in Self.precedes(left, right, in: metadata) }
            // Insertion sort for a handful of keys (no allocation, few comparisons); the library's
            // sort beyond that.
            if kept > 16 {
                sorted.sort(by: precedes)
            } else if kept > 1 {
                for next in 1..<kept {
                    let moving = sorted[next]
                    var position = next
                    while position > 0, precedes(moving, sorted[position - 1]) {
                        sorted[position] = sorted[position - 1]
                        position -= 1
                    }
                    sorted[position] = moving
                }
            }
            defer { sorted.deinitialize() }
            return body(UnsafeBufferPointer(sorted), estimatedBytes)
        }
    }

    /// Calls `body` with each entry of `dictionary` in key order.
    static func forEachSorted(_ dictionary: Logger.Metadata, _ body: (String, Logger.MetadataValue) -> Void) {
        withSortedIndices(dictionary, skipping: { _ in false }) { entries, _ in
            for entry in entries {
                let (key, value) = dictionary[entry.index]
                body(key, value)
            }
        }
    }

    /// `String`'s `<` on the two keys, decided by the prefixes when both keys are ASCII.
    @inline(__always)
    static func precedes(_ left: Entry, _ right: Entry, in metadata: Logger.Metadata) -> Bool {
        if left.asciiLength >= 0 && right.asciiLength >= 0 {
            if left.prefix != right.prefix { return left.prefix < right.prefix }
            // Same first eight bytes: a key of at most eight bytes is a prefix of the other one.
            if left.asciiLength <= 8 || right.asciiLength <= 8 { return left.asciiLength < right.asciiLength }
        }
        return metadata.keys[left.index] < metadata.keys[right.index]
    }

    private static func prefix(of key: String) -> (UInt64, Int) {
        if let found = key.utf8.withContiguousStorageIfAvailable(prefix) { return found }
        var key = key
        return key.withUTF8(prefix)
    }

    private static func prefix(_ utf8: UnsafeBufferPointer<UInt8>) -> (UInt64, Int) {
        var prefix: UInt64 = 0
        for position in 0..<8 {
            prefix <<= 8
            if position < utf8.count { prefix |= UInt64(utf8[position]) }
        }
        var high: UInt8 = 0
        for byte in utf8 { high |= byte }
        return (prefix, high & 0x80 == 0 ? utf8.count : -1)
    }

    /// Room left for a value when estimating a line (values are not read for the estimate: copying
    /// them costs more than a rare second allocation for a long one).
    static var typicalValueBytes: Int { 48 }
}
