/// Product pictures drawn from the SKU (the seed catalog has no photographs): a tinted card with
/// a shape and the product's words, as SVG. The same SKU always gives the same picture.
enum ProductImage {
    /// The SVG for `sku` (lower-case letters, digits and dashes), or nil for any other name.
    static func svg(sku: String) -> String? {
        guard (1...64).contains(sku.utf8.count),
              sku.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") })
        else { return nil }
        let words = sku.split(separator: "-").map { $0.uppercased() }
        let hue = Int(words.first.map { fnv1a($0) % 360 } ?? 0)
        let variant = Int(fnv1a(sku) % 3)
        let caption = words.dropFirst().prefix(3).joined(separator: " ")
        let shape = switch variant {
        case 0: #"<circle cx="240" cy="150" r="90" fill="hsl(\#(hue),45%,55%)"/>"#
        case 1: #"<rect x="150" y="60" width="180" height="180" rx="24" fill="hsl(\#(hue),45%,55%)"/>"#
        default: #"<polygon points="240,50 340,240 140,240" fill="hsl(\#(hue),45%,55%)"/>"#
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360">\
            <rect width="480" height="360" fill="hsl(\(hue),50%,88%)"/>\(shape)\
            <text x="240" y="310" font-family="sans-serif" font-size="26" text-anchor="middle" fill="#1d1d1f">\(caption)</text></svg>
            """
    }

    private static func fnv1a(_ text: some StringProtocol) -> UInt32 {
        text.utf8.reduce(2_166_136_261 as UInt32) { ($0 ^ UInt32($1)) &* 16_777_619 }
    }
}
