import Hummingbird
import Telemetry

/// `GET /metrics`: Prometheus text format 0.0.4, or OpenMetrics 1.0 with trace exemplars when the
/// scraper asks for it (`Accept`), gzip-compressed when it accepts gzip.
enum MetricsRoute {
    static func register<Context: RequestContext>(on router: Router<Context>, exposition: MetricsExposition) {
        router.get("/metrics") { request, _ in
            let body = exposition.render(accept: request.headers[.accept], acceptEncoding: request.headers[.acceptEncoding])
            var headers: HTTPFields = [
                .contentType: body.contentType,
                .vary: "Accept, Accept-Encoding",
                .cacheControl: "no-store",
            ]
            if body.isGzipped { headers[.contentEncoding] = "gzip" }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.bytes)))
        }
    }
}
