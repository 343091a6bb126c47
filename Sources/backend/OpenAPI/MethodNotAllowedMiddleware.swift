import FoundationEssentials
import HTTPTypes
import Hummingbird
import ServiceKit

/// Answers 405 with an `Allow` header (RFC 9110) to a method the OpenAPI document does not give a
/// path it does describe, instead of the router's 404. Added to the router after every route, so it
/// wraps only the not-found case.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// A documented path template (`/api/products/{id}`) and its methods.
    struct Resource: Sendable {
        let segments: [Substring]
        let allow: String

        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count && zip(segments, path).allSatisfy { template, segment in
                template.first == "{" ? !segment.isEmpty : template == segment
            }
        }
    }

    let resources: [Resource]

    /// The resources of an OpenAPI document (its `paths` and their operations).
    init(document: String) throws {
        struct Document: Decodable {
            let paths: [String: [String: Ignored]]
        }
        struct Ignored: Decodable {
            init(from decoder: any Decoder) throws {}
        }
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
        let paths = try JSONDecoder().decode(Document.self, from: Data(document.utf8)).paths
        resources = paths.map { template, operations in
            let methods = Set(operations.keys.map { $0.uppercased() })
            return Resource(segments: template.split(separator: "/", omittingEmptySubsequences: false),
                            allow: order.filter(methods.contains).joined(separator: ", "))
        }
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path.split(separator: "/", omittingEmptySubsequences: false)
            guard let resource = resources.first(where: { $0.matches(path) }) else { throw error }
            var response = JSONErrorMiddleware<Context>.response(
                status: .methodNotAllowed, code: "method_not_allowed",
                message: "\(request.method.rawValue) is not allowed here; allowed: \(resource.allow)")
            response.headers[.allow] = resource.allow
            return response
        }
    }
}
