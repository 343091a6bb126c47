import Hummingbird

/// `GET /cart` and the cart's forms: `POST /cart/items` (add), `POST /cart/items/{id}` (set the
/// quantity) and `POST /cart/items/{id}/remove`. Every form post checks the CSRF token and ends in a
/// 303 to the cart.
struct CartPages: Sendable {
    let backend: ShopBackend
    let renderer: PageRenderer

    struct Line {
        let productId: Int
        let name: String
        let quantity: Int
        let unitPrice: String
        let lineTotal: String
        let stock: Int
        let overStock: Bool
    }

    struct Model {
        let layout = Layout()
        let lines: [Line]
        let hasLines: Bool
        let itemCount: Int
        let total: String
        let csrfToken: String
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/cart") { request, _ in
            let session = ShopperSession(request)
            let cart = try await backend.cart(session: session.id)
            let lines = cart.items.map {
                Line(productId: $0.productId, name: $0.name, quantity: $0.quantity,
                     unitPrice: Money.format(cents: $0.unitPriceCents, currency: cart.currency),
                     lineTotal: Money.format(cents: $0.lineTotalCents, currency: cart.currency),
                     stock: $0.stock, overStock: $0.quantity > $0.stock)
            }
            return renderer.page("cart", Model(lines: lines, hasLines: !lines.isEmpty, itemCount: cart.itemCount,
                                               total: Money.format(cents: cart.totalCents, currency: cart.currency),
                                               csrfToken: session.csrfToken), session: session)
        }
        router.post("/cart/items") { request, _ in
            let (session, form) = try await Self.verifiedForm(request)
            guard let productID = form["product_id"].flatMap({ Int($0) }), productID > 0 else {
                throw PageError.badRequest("That product cannot be added.")
            }
            try await backend.addToCart(session: session.id, productID: productID, quantity: try Self.quantity(form))
            return renderer.redirect(to: "/cart")
        }
        router.post("/cart/items/:id") { request, context in
            let (session, form) = try await Self.verifiedForm(request)
            try await backend.setQuantity(session: session.id, productID: try Self.productID(context), quantity: try Self.quantity(form))
            return renderer.redirect(to: "/cart")
        }
        router.post("/cart/items/:id/remove") { request, context in
            let (session, _) = try await Self.verifiedForm(request)
            try await backend.removeFromCart(session: session.id, productID: try Self.productID(context))
            return renderer.redirect(to: "/cart")
        }
    }

    /// The session and the form of a post whose CSRF token matches the session's.
    static func verifiedForm(_ request: Request) async throws -> (ShopperSession, FormBody) {
        let session = ShopperSession(request)
        let form = try await FormBody.read(request)
        try session.verify(submitted: form["csrf_token"])
        return (session, form)
    }

    private static func quantity(_ form: FormBody) throws -> Int {
        guard let quantity = form["quantity"].flatMap({ Int($0) }), (1...99).contains(quantity) else {
            throw PageError.badRequest("The quantity must be a whole number from 1 to 99.")
        }
        return quantity
    }

    private static func productID(_ context: BasicRequestContext) throws -> Int {
        guard let id = context.parameters.get("id").flatMap({ Int($0) }), id > 0 else {
            throw PageError.notFound("There is no such product in your cart.")
        }
        return id
    }
}

extension CartPages.Line: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "productId": productId
        case "name": self.name
        case "quantity": quantity
        case "unitPrice": unitPrice
        case "lineTotal": lineTotal
        case "stock": stock
        case "overStock": overStock
        default: nil
        }
    }
}

extension CartPages.Model: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "lines": lines
        case "hasLines": hasLines
        case "itemCount": itemCount
        case "total": total
        case "csrfToken": csrfToken
        default: nil
        }
    }
}
