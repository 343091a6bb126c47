import HTTPTypes
import Hummingbird

/// A client-facing error: its status, a stable machine-readable code and a message for people.
///
/// Services throw these from handlers; `JSONErrorMiddleware` turns them into
/// `{"error":{"code","message","trace_id"}}` responses in one place.
public struct APIError: Error, Sendable, Equatable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(.badRequest, code: code, message: message)
    }

    public static func notFound(_ message: String, code: String = "not_found") -> APIError {
        APIError(.notFound, code: code, message: message)
    }

    public static func conflict(_ message: String, code: String = "conflict") -> APIError {
        APIError(.conflict, code: code, message: message)
    }

    public static func unavailable(_ message: String, code: String = "unavailable") -> APIError {
        APIError(.serviceUnavailable, code: code, message: message)
    }

    /// The code used for a bare status, e.g. `not_found` for 404.
    public static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "unprocessable_entity"
        case 429: "too_many_requests"
        case 503: "unavailable"
        case 500...599: "internal_error"
        default: "http_\(status.code)"
        }
    }
}

/// An error that knows how it should reach a client, e.g. a database error that means 503.
/// A service declares the conformances of its errors in one file.
public protocol APIErrorConvertible: Error {
    var apiError: APIError { get }
}

extension APIError {
    public static func payloadTooLarge(_ message: String) -> APIError {
        APIError(.contentTooLarge, code: "payload_too_large", message: message)
    }

    public static func unsupportedMediaType(_ message: String) -> APIError {
        APIError(.unsupportedMediaType, code: "unsupported_media_type", message: message)
    }
}
