import Hummingbird
import Logging

/// Turns every error of a page handler into an HTML error page with the right status and the
/// trace id: the shopper never sees a JSON body or a stack trace.
struct HTMLErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let renderer: PageRenderer

    struct Model {
        let layout = Layout()
        let title: String
        let message: String
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PageError {
            return renderer.page("error", Model(title: error.title, message: error.message), status: error.status)
        } catch let error as StoreError {
            switch error {
            case .unavailable(let reason):
                context.logger.error("backend unavailable", metadata: ["error": "\(reason)"])
                return renderer.page("error", Model(
                    title: "The shop is taking a break",
                    message: "We cannot reach our product catalogue right now. Please try again in a minute."), status: .serviceUnavailable)
            case .notFound(let message):
                return renderer.page("error", Model(title: "Not found", message: message), status: .notFound)
            case .rejected(_, _, let message):
                return renderer.page("error", Model(title: "That did not work", message: message), status: error.status)
            }
        } catch let error as any HTTPResponseError {
            let message = error.status == .notFound ? "There is no page at this address." : error.status.reasonPhrase
            return renderer.page("error", Model(title: error.status == .notFound ? "Not found" : "That did not work", message: message),
                                 status: error.status)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            return renderer.page("error", Model(title: "Something went wrong", message: "Please try again."),
                                 status: .internalServerError)
        }
    }
}

extension HTMLErrorMiddleware.Model: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "title": title
        case "message": message
        default: nil
        }
    }
}
