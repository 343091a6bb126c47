import NIOCore

/// Reads the backend's compact order-history page (`text/tab-separated-values`): a header row, then
/// `sequence TAB order_id TAB created_at TAB product_ids` per order, ids comma-separated. Parsed in
/// one pass over the bytes, keeping only what the model learns from; anything else than that shape
/// is an error naming the line, never a silently shorter history.
enum OrderHistoryTSV {
    static let header = "sequence\torder_id\tcreated_at\tproduct_ids\n"

    /// The orders of one page: their sequences (increasing) and products.
    struct Page {
        var sequences: [Int] = []
        var productIds: [[Int]] = []
    }

    struct FormatError: Error, CustomStringConvertible {
        let line: Int
        let reason: String
        var description: String { "order-history TSV line \(line): \(reason)" }
    }

    /// The page in `body`; `FormatError` when it is not of that shape.
    static func parse(_ body: ByteBuffer) throws -> Page {
        try body.withUnsafeReadableBytes { try parse($0) }
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> Page {
        let headerBytes = header.utf8
        guard bytes.count >= headerBytes.count, headerBytes.elementsEqual(bytes[0..<headerBytes.count]) else {
            throw FormatError(line: 1, reason: "not the order-history header row")
        }
        var page = Page()
        page.sequences.reserveCapacity(bytes.count / 64)
        page.productIds.reserveCapacity(bytes.count / 64)
        var position = headerBytes.count
        var line = 1
        var previous = Int.min
        var ids: [Int] = []
        while position < bytes.count {
            line += 1
            // sequence
            var sequence = 0
            guard try readInteger(bytes, &position, into: &sequence, line: line), bytes[position] == tab else {
                throw FormatError(line: line, reason: "the sequence is not an integer followed by a tab")
            }
            guard sequence > previous else { throw FormatError(line: line, reason: "sequences do not increase") }
            previous = sequence
            position += 1
            // order_id and created_at: skipped, but each must be there
            for name in ["order_id", "created_at"] {
                let start = position
                while position < bytes.count, bytes[position] != tab, bytes[position] != newline { position += 1 }
                guard position < bytes.count, bytes[position] == tab, position > start else {
                    throw FormatError(line: line, reason: "no \(name) field")
                }
                position += 1
            }
            // product_ids: empty, or integers separated by commas
            ids.removeAll(keepingCapacity: true)
            if position < bytes.count, bytes[position] != newline {
                while true {
                    var id = 0
                    guard try readInteger(bytes, &position, into: &id, line: line) else {
                        throw FormatError(line: line, reason: "a product id is not an integer")
                    }
                    ids.append(id)
                    guard position < bytes.count, bytes[position] == comma else { break }
                    position += 1
                }
            }
            guard position < bytes.count, bytes[position] == newline else {
                throw FormatError(line: line, reason: "the line does not end after the product ids")
            }
            position += 1
            page.sequences.append(sequence)
            page.productIds.append(ids)
        }
        return page
    }

    private static let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), comma = UInt8(ascii: ",")

    /// Reads decimal digits at `position` into `value`; false when there are none. Stops before the
    /// first other byte; `position` is then inside the buffer or a caller's bounds check fails.
    private static func readInteger(_ bytes: UnsafeRawBufferPointer, _ position: inout Int, into value: inout Int,
                                    line: Int) throws -> Bool {
        let start = position
        var result = 0
        while position < bytes.count {
            let digit = bytes[position] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
            guard !overflow1, !overflow2 else { throw FormatError(line: line, reason: "an integer out of range") }
            result = sum
            position += 1
        }
        guard position > start else { return false }
        guard position < bytes.count else { throw FormatError(line: line, reason: "the page ends inside a line") }
        value = result
        return true
    }
}
