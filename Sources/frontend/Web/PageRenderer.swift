import HTTPTypes
import Hummingbird
import Mustache
import Telemetry

/// What the layout shows on every page.
struct Layout: Sendable {
    /// The search box's current text.
    var search = ""
    /// The request's trace id, shown in the footer and on error pages.
    var traceID = TraceIdentity.current?.traceID ?? ""

    /// A layout for a `RenderedPage`: the trace id is a hole filled per response.
    static func withHoles(search: String = "") -> Layout {
        Layout(search: search, traceID: RenderedPage.Hole.traceID.marker)
    }
}

/// Renders the Mustache templates into HTML responses with the storefront's headers.
/// `{{value}}` HTML-escapes, so every shopper-supplied string is escaped; the templates use `{{{…}}}`
/// only for typed fragments that escape their own text (`ProductGrid`).
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    let secureCookies: Bool

    /// Every page's Content-Security-Policy: only this origin's styles, scripts, forms and images.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    init(secureCookies: Bool) throws {
        var library = MustacheLibrary()
        for (name, source) in [("layout", LayoutTemplate.source), ("home", HomeTemplate.source), ("product", ProductTemplate.source),
                               ("cart", CartTemplate.source), ("checkout", CheckoutTemplate.source),
                               ("order", OrderTemplate.source), ("error", ErrorTemplate.source)] {
            try library.register(source, named: name)
        }
        self.library = library
        self.secureCookies = secureCookies
    }

    /// An HTML response of `template` rendered with `model`; new session cookies are attached.
    func page(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok, session: ShopperSession? = nil) -> Response {
        let html = library.render(model, withTemplate: template) ?? ""
        var response = Response(status: status, headers: Self.headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        session?.attach(to: &response, secure: secureCookies)
        return response
    }

    /// `template` rendered with `model`, whose per-request values are `RenderedPage.Hole` markers.
    func rendered(_ template: String, _ model: Any) -> RenderedPage {
        RenderedPage(html: library.render(model, withTemplate: template) ?? "")
    }

    /// An HTML response of `page` with this request's trace id and the shopper's CSRF token; new
    /// session cookies are attached.
    func page(_ page: RenderedPage, session: ShopperSession) -> Response {
        let body = page.body(traceID: TraceIdentity.current?.traceID ?? "", csrfToken: session.csrfToken)
        var response = Response(status: .ok, headers: Self.headers, body: ResponseBody(byteBuffer: body))
        session.attach(to: &response, secure: secureCookies)
        return response
    }

    /// A 303 redirect after a form post (so a reload does not post again).
    func redirect(to location: String, session: ShopperSession? = nil) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        session?.attach(to: &response, secure: secureCookies)
        return response
    }

    static let headers: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        .contentSecurityPolicy: contentSecurityPolicy,
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]
}
