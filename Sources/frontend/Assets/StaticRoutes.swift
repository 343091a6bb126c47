import HTTPTypes
import Hummingbird

/// `/static/app.css`, `/static/app.js` and `/static/products/{sku}.svg`, with `ETag` and
/// `Cache-Control` so browsers keep them; `If-None-Match` gets a 304.
struct StaticRoutes: Sendable {
    static let maxAgeSeconds = 86_400

    func register(on router: Router<BasicRequestContext>) {
        router.get("/static/app.css") { request, _ in
            Self.asset(StyleSheet.source, type: "text/css; charset=utf-8", request: request)
        }
        router.get("/static/app.js") { request, _ in
            Self.asset(Script.source, type: "text/javascript; charset=utf-8", request: request)
        }
        router.get("/static/products/:file") { request, context in
            let file = context.parameters.get("file") ?? ""
            guard file.hasSuffix(".svg"), let svg = ProductImage.svg(sku: String(file.dropLast(4))) else {
                throw PageError.notFound("There is no such picture.")
            }
            return Self.asset(svg, type: "image/svg+xml", request: request)
        }
    }

    static func asset(_ content: String, type: String, request: Request) -> Response {
        let etag = "\"" + String(content.utf8.reduce(14_695_981_039_346_656_037 as UInt64) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }, radix: 16) + "\""
        var headers: HTTPFields = [.cacheControl: "public, max-age=\(maxAgeSeconds)", .eTag: etag,
                                   HTTPField.Name("X-Content-Type-Options")!: "nosniff"]
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: content)))
    }
}
