import Hummingbird

/// `GET /api/openapi.json`: the API's OpenAPI 3 document.
enum OpenAPIRoute {
    static func register(on router: Router<BasicRequestContext>) {
        let body = ByteBuffer(string: OpenAPIDocument.json)
        router.get("/api/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: ResponseBody(byteBuffer: body))
        }
    }
}
