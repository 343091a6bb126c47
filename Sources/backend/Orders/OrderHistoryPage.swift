import NIOCore

/// One page of `GET /internal/order-history`, written in either of its two formats by hand: pages hold
/// thousands of entries, and Foundation's `JSONEncoder` spent about 50 µs on each (250 ms per
/// 5,000-order page; writing the bytes directly takes a few ms).
struct OrderHistoryPage: Sendable {
    struct Entry: Sendable, Equatable {
        let sequence: Int
        let orderId: String
        let createdAt: String
        /// The product ids as PostgreSQL writes an integer list: decimal, comma-separated, no spaces
        /// (empty for an order without items).
        let productIds: String
    }

    let orders: [Entry]
    /// The sequence to ask for the next page after; nil on the last page.
    let nextAfter: Int?

    /// The TSV header row; the ml-service checks it before reading a page.
    static let tsvHeader = "sequence\torder_id\tcreated_at\tproduct_ids\n"

    /// The JSON form (the default): `{"next_after":N|null,"orders":[{"created_at":…,"order_id":…,"product_ids":[…],"sequence":N}]}`.
    func json() -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(64 + orders.count * 120)
        out.writeString(#"{"next_after":"#)
        if let nextAfter { Self.writeInteger(nextAfter, to: &out) } else { out.writeString("null") }
        out.writeString(#","orders":["#)
        for (index, entry) in orders.enumerated() {
            if index > 0 { out.writeInteger(UInt8(ascii: ",")) }
            out.writeString(#"{"created_at":"#)
            Self.writeJSONString(entry.createdAt, to: &out)
            out.writeString(#","order_id":"#)
            Self.writeJSONString(entry.orderId, to: &out)
            out.writeString(#","product_ids":["#)
            out.writeString(entry.productIds)
            out.writeString(#"],"sequence":"#)
            Self.writeInteger(entry.sequence, to: &out)
            out.writeInteger(UInt8(ascii: "}"))
        }
        out.writeString("]}")
        return out
    }

    /// The compact form (`text/tab-separated-values`): the header row, then one line per order,
    /// `sequence TAB order_id TAB created_at TAB product_ids` with the ids comma-separated (empty for
    /// an order without items). No value contains a tab or a line break: they are integers, uuids
    /// and timestamps.
    func tsv() -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(Self.tsvHeader.utf8.count + orders.count * 80)
        out.writeString(Self.tsvHeader)
        for entry in orders {
            Self.writeInteger(entry.sequence, to: &out)
            out.writeInteger(UInt8(ascii: "\t"))
            out.writeString(entry.orderId)
            out.writeInteger(UInt8(ascii: "\t"))
            out.writeString(entry.createdAt)
            out.writeInteger(UInt8(ascii: "\t"))
            out.writeString(entry.productIds)
            out.writeInteger(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Decimal digits of `value` without making a `String`.
    private static func writeInteger(_ value: Int, to out: inout ByteBuffer) {
        if value < 0 { out.writeInteger(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, filled from the end
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                count += 1
                buffer[24 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.writeBytes(UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// A JSON string; the values are PostgreSQL's uuid and timestamp text, but quotes, backslashes
    /// and control characters are escaped all the same.
    private static func writeJSONString(_ value: String, to out: inout ByteBuffer) {
        out.writeInteger(UInt8(ascii: "\""))
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.writeString(value)
        } else {
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    out.writeBytes([UInt8(ascii: "\\"), byte])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.writeString("\\u00")
                    out.writeBytes([hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default:
                    out.writeInteger(byte)
                }
            }
        }
        out.writeInteger(UInt8(ascii: "\""))
    }
}
