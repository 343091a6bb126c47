import ServiceKit
import ShopAPI

extension CheckoutRequest {
    /// The request with surrounding whitespace removed, or a 400 naming the first bad field.
    func validated() throws -> CheckoutRequest {
        let email = email.trimmed
        guard EmailAddress.isPlausible(email) else {
            throw APIError.badRequest("field \"email\" must be an email address", code: "invalid_email")
        }
        return CheckoutRequest(email: email, shippingAddress: try shippingAddress.validated())
    }
}

extension ShippingAddress {
    /// The address with surrounding whitespace removed, or a 400 naming the first bad field.
    func validated() throws -> ShippingAddress {
        func field(_ value: String, _ name: String, _ range: ClosedRange<Int>) throws -> String {
            let value = value.trimmed
            guard range.contains(value.count), !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw APIError.badRequest("field \"shipping_address.\(name)\" must be \(range.lowerBound) to \(range.upperBound) characters",
                                          code: "invalid_address")
            }
            return value
        }
        let line2 = try line2.map { try field($0, "line2", 0...200) }
        let country = try field(country, "country", 2...2).uppercased()
        guard country.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else {
            throw APIError.badRequest("field \"shipping_address.country\" must be a two-letter country code", code: "invalid_address")
        }
        return ShippingAddress(
            name: try field(name, "name", 1...100), line1: try field(line1, "line1", 1...200),
            line2: line2?.isEmpty == true ? nil : line2, city: try field(city, "city", 1...100),
            postalCode: try field(postalCode, "postal_code", 1...20), country: country)
    }
}
