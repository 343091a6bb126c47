import ServiceKit
import ShopAPI

// The rules here are the ones the OpenAPI document states (`CheckoutRequest`, `ShippingAddress`):
// lengths count Unicode scalars (as JSON Schema's `minLength`/`maxLength` do) of the text as sent,
// and each rule has a `pattern` there that accepts exactly what these checks accept.

extension CheckoutRequest {
    /// The request as stored (address fields without surrounding whitespace), or a 400 naming the
    /// first bad field.
    func validated() throws -> CheckoutRequest {
        guard EmailAddress.isPlausible(email) else {
            throw APIError.badRequest("field \"email\" must be an email address", code: "invalid_email")
        }
        return CheckoutRequest(email: email, shippingAddress: try shippingAddress.validated())
    }
}

extension ShippingAddress {
    /// The address with surrounding whitespace removed, or a 400 naming the first bad field.
    func validated() throws -> ShippingAddress {
        /// 1...max scalars, no control character, and something other than whitespace.
        func text(_ value: String, _ name: String, max: Int) throws -> String {
            let scalars = value.unicodeScalars
            guard (1...max).contains(scalars.count), !scalars.contains(where: { $0.properties.generalCategory == .control }),
                  scalars.contains(where: { !$0.isBlankOrControl }) else {
                throw APIError.badRequest(
                    "field \"shipping_address.\(name)\" must be 1 to \(max) characters, not only spaces, without control characters",
                    code: "invalid_address")
            }
            return Self.trim(value)
        }
        var line2 = self.line2
        if let value = line2 {
            let scalars = value.unicodeScalars
            guard scalars.count <= 200, !scalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw APIError.badRequest("field \"shipping_address.line2\" must be at most 200 characters, without control characters",
                                          code: "invalid_address")
            }
            line2 = Self.trim(value)
        }
        guard country.utf8.count == 2, country.utf8.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }) else {
            throw APIError.badRequest("field \"shipping_address.country\" must be a two-letter country code", code: "invalid_address")
        }
        return ShippingAddress(
            name: try text(name, "name", max: 100), line1: try text(line1, "line1", max: 200),
            line2: line2?.isEmpty == true ? nil : line2, city: try text(city, "city", max: 100),
            postalCode: try text(postalCode, "postal_code", max: 20), country: country.uppercased())
    }

    /// `value` without leading and trailing whitespace scalars.
    private static func trim(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
