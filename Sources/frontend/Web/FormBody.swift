import ShopAPI
import Hummingbird

/// An `application/x-www-form-urlencoded` request body, read with a size limit.
struct FormBody: Sendable {
    /// Forms here are small: an address is a few hundred bytes.
    static let maxBytes = 16 * 1024

    private let fields: [String: String]

    /// Reads the body: 415 page for another content type, 413 over `maxBytes`, 400 when it is not a form.
    static func read(_ request: Request) async throws -> FormBody {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw PageError(status: .unsupportedMediaType, title: "That did not work", message: "This form must be sent by the shop's own page.")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw PageError.tooLarge("The form holds more text than any field allows.")
        }
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw PageError.badRequest("The form could not be read.")
            }
            fields[name] = value
        }
        return FormBody(fields: fields)
    }

    /// A field with surrounding whitespace removed; nil when absent.
    subscript(_ name: String) -> String? {
        fields[name]?.trimmed
    }

    /// `+` is a space, `%XX` a byte; the result must be UTF-8.
    private static func decode(_ raw: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
