import ShopAPI
import Hummingbird

/// `GET /checkout` shows the form; `POST /checkout` validates it (422 with a message per field),
/// places the order through the backend with the form's idempotency key (a double submit places
/// one order) and redirects to the confirmation.
struct CheckoutPage: Sendable {
    let backend: ShopBackend
    let renderer: PageRenderer
    let cache: PageCache

    /// One form field, its rules and what the shopper typed.
    struct Field {
        let id: String
        let label: String
        let type: String
        let autocomplete: String
        let maxLength: Int
        let required: Bool
        var value = ""
        /// What is wrong with `value`; nil when nothing is.
        var error: String?
    }

    static let blankFields = [
        Field(id: "email", label: "Email", type: "email", autocomplete: "email", maxLength: 254, required: true),
        Field(id: "name", label: "Full name", type: "text", autocomplete: "name", maxLength: 200, required: true),
        Field(id: "line1", label: "Address", type: "text", autocomplete: "address-line1", maxLength: 200, required: true),
        Field(id: "line2", label: "Address line 2", type: "text", autocomplete: "address-line2", maxLength: 200, required: false),
        Field(id: "city", label: "City", type: "text", autocomplete: "address-level2", maxLength: 100, required: true),
        Field(id: "postal_code", label: "Postal code", type: "text", autocomplete: "postal-code", maxLength: 20, required: true),
        Field(id: "country", label: "Country code (two letters, e.g. US)", type: "text", autocomplete: "country", maxLength: 2, required: true),
    ]

    struct Model {
        let layout = Layout()
        let fields: [Field]
        let errors: [Field]
        /// A reason the order was refused that belongs to no single field (e.g. out of stock).
        let formError: String?
        let hasErrors: Bool
        let total: String
        let itemCount: Int
        let csrfToken: String
        let idempotencyKey: String
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/checkout") { request, _ in
            let session = ShopperSession(request)
            let cart = try await backend.cart(session: session.id)
            guard !cart.items.isEmpty else { return renderer.redirect(to: "/cart", session: session) }
            return renderer.page("checkout", model(Self.blankFields, cart: cart, session: session, key: ShopperSession.newToken()),
                                 session: session)
        }
        router.post("/checkout") { request, _ in
            let (session, form) = try await CartPages.verifiedForm(request)
            guard let key = form["idempotency_key"], ShopperSession.isToken(key) else {
                throw PageError.badRequest("The form is incomplete. Please reload the checkout page.")
            }
            let fields = Self.validated(form)
            let cart = try await backend.cart(session: session.id)
            guard !cart.items.isEmpty || !fields.contains(where: { $0.error != nil }) else { return renderer.redirect(to: "/cart") }
            guard !fields.contains(where: { $0.error != nil }) else {
                return renderer.page("checkout", model(fields, cart: cart, session: session, key: key),
                                     status: .unprocessableContent)
            }
            let value = { (id: String) in fields.first { $0.id == id }!.value }
            let body = CheckoutRequest(
                email: value("email"),
                shippingAddress: ShippingAddress(
                    name: value("name"), line1: value("line1"), line2: value("line2").isEmpty ? nil : value("line2"),
                    city: value("city"), postalCode: value("postal_code"), country: value("country").uppercased()))
            do {
                // Also with an empty cart: a form resent after its order was placed (the answer was lost
                // to a timeout or a restart) gets that order back from the backend by its key.
                // Stock changed: this storefront's next page shows it without waiting for the
                // invalidation channel (after a failure it may have changed: every page goes).
                let order: Order
                do {
                    order = try await backend.checkout(session: session.id, idempotencyKey: key, body: body)
                } catch {
                    cache.invalidateAll()
                    throw error
                }
                cache.invalidate(productIDs: order.items.map(\.productId))
                return renderer.redirect(to: "/orders/\(order.id)")
            } catch StoreError.rejected(_, "cart_empty", _) {
                return renderer.redirect(to: "/cart")
            } catch StoreError.rejected(_, let code, let message) where code != "idempotency_key_reused" {
                // Out of stock, an address the backend refuses…: the form again, with the reason.
                return renderer.page("checkout", model(fields, cart: cart, session: session, key: ShopperSession.newToken(),
                                                       formError: message),
                                     status: .unprocessableContent)
            }
        }
    }

    private func model(_ fields: [Field], cart: CartView, session: ShopperSession, key: String, formError: String? = nil) -> Model {
        let errors = fields.filter { $0.error != nil }
        return Model(fields: fields, errors: errors, formError: formError, hasErrors: formError != nil || !errors.isEmpty,
              total: Money.format(cents: cart.totalCents, currency: cart.currency), itemCount: cart.itemCount,
              csrfToken: session.csrfToken, idempotencyKey: key)
    }

    /// The fields as typed, each with a message when it breaks its rule.
    static func validated(_ form: FormBody) -> [Field] {
        blankFields.map { blank in
            var field = blank
            field.value = form[field.id] ?? ""
            if field.required && field.value.isEmpty {
                field.error = "Enter your \(field.label.lowercased().split(separator: " (").first ?? "")."
            } else if field.id == "country",
                      !(field.value.count == 2 && field.value.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic && $0.isASCII })) {
                field.error = "Enter the two-letter country code, e.g. US or DE."
                field.value = String(field.value.prefix(field.maxLength))
            } else if field.value.count > field.maxLength {
                field.error = "\(field.label) must be at most \(field.maxLength) characters."
                field.value = String(field.value.prefix(field.maxLength))
            } else if field.value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                field.error = "\(field.label) contains characters that cannot be printed."
            } else if field.id == "email", !EmailAddress.isPlausible(field.value) {
                field.error = "Enter an email address like name@example.com."
            }
            return field
        }
    }
}

extension CheckoutPage.Field: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "label": label
        case "type": type
        case "autocomplete": autocomplete
        case "maxLength": maxLength
        case "required": required
        case "value": value
        case "error": error
        default: nil
        }
    }
}

extension CheckoutPage.Model: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "fields": fields
        case "errors": errors
        case "formError": formError
        case "hasErrors": hasErrors
        case "total": total
        case "itemCount": itemCount
        case "csrfToken": csrfToken
        case "idempotencyKey": idempotencyKey
        default: nil
        }
    }
}
