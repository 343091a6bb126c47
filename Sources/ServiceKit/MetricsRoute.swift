import Hummingbird
import Telemetry

/// `GET /metrics`: Prometheus text format 0.0.4, gzip-compressed when the scraper accepts gzip.
enum MetricsRoute {
    static func register<Context: RequestContext>(on router: Router<Context>, exposition: MetricsExposition) {
        router.get("/metrics") { request, _ in
            let body = exposition.render(acceptEncoding: request.headers[.acceptEncoding])
            var headers: HTTPFields = [
                .contentType: MetricsExposition.contentType,
                .vary: "Accept-Encoding",
                .cacheControl: "no-store",
            ]
            if body.isGzipped { headers[.contentEncoding] = "gzip" }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.bytes)))
        }
    }
}
