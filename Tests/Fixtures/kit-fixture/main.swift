// A service built on ServiceKit with routes that only tests need: a slow request (graceful
// shutdown), trace echo and a downstream call (propagation across two processes), a log line
// with awkward characters (JSON and journald encoding).
import Foundation
import Hummingbird
import ServiceHTTPClient
import ServiceKit
import Telemetry

let service = ShopService.start(name: ProcessInfo.processInfo.environment["FIXTURE_NAME"] ?? "kit-fixture", defaultPort: 9000)
let peer = ProcessInfo.processInfo.environment["PEER_URL"].map { ServiceHTTPClient(peer: "peer", baseURL: $0) }

struct TraceEcho: ResponseCodable {
    let traceID: String
    let spanID: String
    let receivedTraceparent: String?
    var downstream: [TraceEcho]?
}

let slowLogger = service.logger
service.router.get("/slow") { request, _ -> String in
    let milliseconds = request.uri.queryParameters.get("ms", as: Int.self) ?? 1000
    slowLogger.info("slow request started")  // tests wait for this line before signalling
    try await Task.sleep(for: .milliseconds(min(milliseconds, 30_000)))
    return "done after \(milliseconds) ms"
}

service.router.get("/trace") { request, _ -> TraceEcho in
    let identity = TraceIdentity.current
    return TraceEcho(traceID: identity?.traceID ?? "", spanID: identity?.spanID ?? "",
                     receivedTraceparent: request.headers[.init("traceparent")!])
}

service.router.get("/chain") { request, _ -> TraceEcho in
    guard let peer else { throw APIError.unavailable("PEER_URL is not set") }
    let response = try await peer.send(path: "/trace")
    let downstream = try JSONDecoder().decode(TraceEcho.self, from: Data(response.body.readableBytesView))
    let identity = TraceIdentity.current
    return TraceEcho(traceID: identity?.traceID ?? "", spanID: identity?.spanID ?? "",
                     receivedTraceparent: request.headers[.init("traceparent")!], downstream: [downstream])
}

service.router.get("/log") { request, context -> String in
    let text = request.uri.queryParameters.get("text") ?? "quote \" backslash \\ newline \n tab \t bell \u{07} é 日本 🛒"
    context.logger.info("fixture log", metadata: ["fixture_text": .string(text), "order_count": .stringConvertible(3)])
    return "logged"
}

await service.run()
