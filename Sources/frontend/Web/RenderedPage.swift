import NIOCore

/// A page's HTML rendered once with holes where per-request values go: the trace id (footer) and
/// the shopper's CSRF token (forms). Templates render `Hole.marker`s in their place (random per
/// process, lower-case hex, so escaping leaves them as they are and no catalog text can contain
/// them); `body(traceID:csrfToken:)` fills them, which is all a cached page costs.
struct RenderedPage: Sendable {
    enum Hole: Sendable, CaseIterable {
        case traceID, csrfToken

        /// What a template renders where the value goes.
        var marker: String {
            switch self {
            case .traceID: Self.markers.trace
            case .csrfToken: Self.markers.csrf
            }
        }

        private static let markers = (trace: "f" + ShopperSession.newToken() + "t", csrf: "f" + ShopperSession.newToken() + "c")
    }

    /// The HTML between holes: one more piece than holes.
    private let pieces: [ByteBuffer]
    private let holes: [Hole]
    private let size: Int

    /// Splits `html` at the markers it contains.
    init(html: String) {
        let bytes = Array(html.utf8)
        let markers = Hole.allCases.map { ($0, Array($0.marker.utf8)) }
        var pieces: [ByteBuffer] = []
        var holes: [Hole] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "f"),
               let (hole, marker) = markers.first(where: { bytes[index...].starts(with: $0.1) }) {
                pieces.append(ByteBuffer(bytes: bytes[start..<index]))
                holes.append(hole)
                index += marker.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(ByteBuffer(bytes: bytes[start...]))
        self.pieces = pieces
        self.holes = holes
        self.size = bytes.count
    }

    /// The page with the holes filled.
    func body(traceID: String, csrfToken: String) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: size + holes.count * 32)
        for (index, piece) in pieces.enumerated() {
            var piece = piece
            buffer.writeBuffer(&piece)
            if index < holes.count {
                buffer.writeString(holes[index] == .traceID ? traceID : csrfToken)
            }
        }
        return buffer
    }
}
