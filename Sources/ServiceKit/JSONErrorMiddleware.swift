import FoundationEssentials
import HTTPTypes
import Hummingbird
import Logging
import Telemetry

/// Turns every error a handler throws into a JSON error response carrying the trace id.
///
/// `APIError`s keep their status, code and message, `APIErrorConvertible` errors are converted
/// (and logged when they are the service's fault); Hummingbird's own errors (not found, body too
/// large, undecodable JSON) keep their status; anything else is logged and becomes a 500 that
/// reveals nothing of the cause.
public struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.response(status: error.status, code: error.code, message: error.message)
        } catch let error as any APIErrorConvertible {
            let apiError = error.apiError
            if apiError.status.code >= 500 { context.logger.warning("request failed", error: error) }
            return Self.response(status: apiError.status, code: apiError.code, message: apiError.message)
        } catch let error as any HTTPResponseError {
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            return Self.response(status: error.status, code: APIError.code(for: error.status), message: message)
        } catch {
            context.logger.error("unhandled error", error: error)
            return Self.response(status: .internalServerError, code: "internal_error", message: "internal server error")
        }
    }

    /// The JSON error body of the contract.
    public static func response(status: HTTPResponse.Status, code: String, message: String) -> Response {
        let body = APIErrorBody(error: .init(code: code, message: message, traceId: TraceIdentity.current?.traceID ?? ""))
        return (try? JSONBody.response(body, status: status)) ?? Response(status: status)
    }
}

/// The contract's error body, `{"error":{"code","message","trace_id"}}`: what services send and
/// what a calling service reads (with `JSONBody`'s snake_case coders).
public struct APIErrorBody: Codable, Sendable {
    public struct Detail: Codable, Sendable {
        public let code: String
        public let message: String
        public let traceId: String

        public init(code: String, message: String, traceId: String) {
            self.code = code
            self.message = message
            self.traceId = traceId
        }
    }

    public let error: Detail

    public init(error: Detail) {
        self.error = error
    }
}
