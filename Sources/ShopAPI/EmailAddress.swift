/// A cheap plausibility check of an email address (the real check is the confirmation mail); the
/// storefront's form and the backend's API apply the same one, and the OpenAPI document states it
/// as the pattern of `CheckoutRequest.email`: at most 254 characters, one `@`, a local part of 1 to
/// 64 characters, a domain of at least two dot-separated labels of 1 to 63 characters, and no
/// whitespace or control character anywhere. Lengths count Unicode scalars, as JSON Schema does.
public enum EmailAddress {
    public static func isPlausible(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard scalars.count <= 254, !scalars.contains(where: \.isBlankOrControl) else { return false }
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].count) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { (1...63).contains($0.count) }
    }
}

extension Unicode.Scalar {
    /// Whitespace (Unicode `White_Space`) or a control character (`Cc`): what the API's text fields
    /// may hold only around or between printable characters, or not at all.
    public var isBlankOrControl: Bool {
        properties.isWhitespace || properties.generalCategory == .control
    }
}

extension String {
    /// The text without surrounding whitespace.
    public var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
