import ServiceKit

/// The body of `POST /api/orders`.
struct CheckoutRequest: Codable, Sendable {
    let email: String
    let shippingAddress: ShippingAddress

    /// The request with surrounding whitespace removed, or a 400 naming the first bad field.
    func validated() throws -> CheckoutRequest {
        let email = email.trimmed
        guard EmailAddress.isPlausible(email) else {
            throw APIError.badRequest("field \"email\" must be an email address", code: "invalid_email")
        }
        return CheckoutRequest(email: email, shippingAddress: try shippingAddress.validated())
    }
}

/// Where an order goes.
struct ShippingAddress: Codable, Sendable, Equatable {
    let name: String
    let line1: String
    let line2: String?
    let city: String
    let postalCode: String
    /// ISO 3166-1 alpha-2, e.g. `DE`.
    let country: String

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

/// A cheap plausibility check of an email address (the real check is the confirmation mail).
enum EmailAddress {
    static func isPlausible(_ text: String) -> Bool {
        guard text.utf8.count <= 254, !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            return false
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].utf8.count) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && $0.utf8.count <= 63 }
    }
}

extension String {
    var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
