import FoundationEssentials
import HTTPTypes
import Hummingbird

/// Strict JSON request bodies and JSON responses with the platform's conventions
/// (snake_case keys, ISO 8601 dates).
///
/// A body must be `application/json`, at most `maxBytes`, well-formed, with every required field
/// of the right type and no field the type does not declare (not even as `null`); each violation is
/// an `APIError` (415, 413, 400) whose message names the field.
public enum JSONBody {
    /// The default request body limit, 1 MiB.
    public static let defaultMaxBytes = 1 << 20

    /// Decodes the request body as `T`; a field `T` does not know is refused unless `allowUnknownFields`
    /// (for payloads of other programs, such as Alertmanager's webhooks, that add fields over time).
    public static func decode<T: Codable>(_ type: T.Type, from request: Request, maxBytes: Int = defaultMaxBytes,
                                          allowUnknownFields: Bool = false) async throws -> T {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw APIError.unsupportedMediaType("the body must be JSON, sent with Content-Type: application/json")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw APIError.payloadTooLarge("the body must be at most \(maxBytes) bytes")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge("the body must be at most \(maxBytes) bytes")
        }
        let data = Data(buffer.readableBytesView)
        let value: T
        do {
            value = try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest(describe(error), code: "invalid_body")
        }
        if allowUnknownFields { return value }
        let sent = (try? decoder.decode(JSONValue.self, from: data)) ?? .null
        let declared = (try? JSONValue(declaredFieldsOf: value)) ?? .null
        if let unknown = sent.unknownKeys(comparedWith: declared).first {
            throw APIError.badRequest("unknown field \"\(unknown)\"", code: "invalid_body")
        }
        return value
    }

    /// A JSON response.
    public static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok,
                                              headers: HTTPFields = [:]) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = try encoder.encode(value)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A JSON response from an already encoded body (e.g. from a cache).
    public static func response(encoded body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: body))
    }

    /// `value` encoded the platform's way.
    public static func encoded<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }

    /// The platform's JSON decoder: snake_case keys, ISO 8601 dates (made once, shared).
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// The platform's JSON encoder: snake_case keys, ISO 8601 dates (made once, shared).
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A message for people, naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? ".\(snakeCase($0.stringValue))" }
                .joined().trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field \"\(path(context.codingPath, key))\""
        case .typeMismatch(let type, let context):
            return context.codingPath.isEmpty
                ? "the body must be a JSON object"
                : "field \"\(path(context.codingPath))\" must be \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "field \"\(path(context.codingPath))\" must be \(typeName(type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the body is not valid JSON"
                : "field \"\(path(context.codingPath))\" has an invalid value"
        @unknown default:
            return "the body could not be read"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "an object"
        }
    }

    private static func snakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
