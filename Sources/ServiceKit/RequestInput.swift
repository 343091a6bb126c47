import HTTPTypes
import Hummingbird

/// Reading and validating the parts of a request other than its body; every failure is a 400
/// `APIError` naming the parameter.
public enum RequestInput {
    /// A path parameter that must be a positive integer (a database id).
    public static func positiveID(_ context: some RequestContext, _ name: String, label: String) throws -> Int {
        let raw = context.parameters.get(name) ?? ""
        guard let value = Int(raw), value > 0 else {
            throw APIError.badRequest("\(label) must be a positive integer", code: "invalid_id")
        }
        return value
    }

    /// An optional integer query parameter within `range`.
    public static func integer(_ request: Request, _ name: String, default defaultValue: Int,
                               in range: ClosedRange<Int>) throws -> Int {
        guard let raw = request.uri.queryParameters[name[...]] else { return defaultValue }
        guard let value = Int(raw), range.contains(value) else {
            throw APIError.badRequest("query parameter \(name) must be an integer in \(range.lowerBound)...\(range.upperBound)",
                                      code: "invalid_parameter")
        }
        return value
    }

    /// An optional text query parameter of at most `maxLength` characters; empty counts as absent.
    public static func text(_ request: Request, _ name: String, maxLength: Int) throws -> String? {
        guard let raw = request.uri.queryParameters[name[...]], !raw.isEmpty else { return nil }
        let value = String(raw)
        guard value.count <= maxLength, !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw APIError.badRequest("query parameter \(name) must be at most \(maxLength) printable characters",
                                      code: "invalid_parameter")
        }
        return value
    }

    /// A required header whose value matches `isValid`.
    public static func header(_ request: Request, _ name: String, description: String,
                              isValid: (String) -> Bool) throws -> String {
        guard let field = HTTPField.Name(name), let value = request.headers[field], !value.isEmpty else {
            throw APIError.badRequest("the \(name) header is required", code: "missing_header")
        }
        guard isValid(value) else {
            throw APIError.badRequest("the \(name) header must be \(description)", code: "invalid_header")
        }
        return value
    }
}
