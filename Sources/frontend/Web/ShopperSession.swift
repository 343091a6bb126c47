import Hummingbird

/// The shopper's two cookies: `sm_session` (random; becomes the backend's `X-Session-ID`, so it
/// names the cart) and `sm_csrf` (random; every form carries it back as `csrf_token`). Both are
/// `HttpOnly` and `SameSite=Lax`; a request without valid ones gets fresh ones.
struct ShopperSession: Sendable {
    static let sessionCookie = "sm_session"
    static let csrfCookie = "sm_csrf"
    static let lifetimeSeconds = 30 * 24 * 3600

    let id: String
    let csrfToken: String
    /// True when the cookies were just made and must be sent with the response.
    let isNew: Bool

    /// The request's session, or a new one.
    init(_ request: Request) {
        let cookies = request.cookies
        if let id = cookies[Self.sessionCookie]?.value, Self.isToken(id),
           let csrf = cookies[Self.csrfCookie]?.value, Self.isToken(csrf) {
            self.id = id
            self.csrfToken = csrf
            self.isNew = false
        } else {
            self.id = Self.newToken()
            self.csrfToken = Self.newToken()
            self.isNew = true
        }
    }

    /// Throws a 403 unless the session existed and `submitted` is its CSRF token.
    func verify(submitted: String?) throws {
        guard !isNew, let submitted, Self.constantTimeEquals(submitted, csrfToken) else {
            throw PageError.forbidden("Your session has expired or the form is not from this shop. Please go back, reload the page and try again.")
        }
    }

    /// Adds the `Set-Cookie` headers when the session is new.
    func attach(to response: inout Response, secure: Bool) {
        guard isNew else { return }
        for (name, value) in [(Self.sessionCookie, id), (Self.csrfCookie, csrfToken)] {
            response.setCookie(Cookie(name: name, value: value, maxAge: Self.lifetimeSeconds, path: "/",
                                      secure: secure, httpOnly: true, sameSite: .lax))
        }
    }

    /// 32 lower-case hex digits from the system's CSPRNG.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    static func isToken(_ value: String) -> Bool {
        value.utf8.count == 32 && value.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    private static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
