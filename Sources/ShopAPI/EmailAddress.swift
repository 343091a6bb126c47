/// A cheap plausibility check of an email address (the real check is the confirmation mail); the
/// storefront's form and the backend's API apply the same one.
public enum EmailAddress {
    public static func isPlausible(_ text: String) -> Bool {
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
    /// The text without surrounding whitespace.
    public var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
