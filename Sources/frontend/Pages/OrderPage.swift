import Hummingbird

/// `GET /orders/{id}`: the confirmation after checkout. Order ids are random UUIDs, so the address
/// is the shopper's receipt link.
struct OrderPage: Sendable {
    let backend: ShopBackend
    let renderer: PageRenderer

    struct Item {
        let name: String
        let quantity: Int
        let lineTotal: String
    }

    struct Model {
        let layout = Layout()
        let id: String
        let email: String
        let items: [Item]
        let total: String
        let shipName: String
        let shipLine1: String
        let shipLine2: String?
        let shipCity: String
        let shipPostalCode: String
        let shipCountry: String
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/orders/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard id.utf8.count == 36, id.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 < 128 && Character(Unicode.Scalar($0)).isHexDigit) }) else {
                throw PageError.notFound("There is no such order.")
            }
            let order = try await backend.order(id)
            let address = order.shippingAddress
            let model = Model(
                id: order.id, email: order.email,
                items: order.items.map { Item(name: $0.name, quantity: $0.quantity,
                                              lineTotal: Money.format(cents: $0.lineTotalCents, currency: order.currency)) },
                total: Money.format(cents: order.totalCents, currency: order.currency),
                shipName: address.name, shipLine1: address.line1, shipLine2: address.line2, shipCity: address.city,
                shipPostalCode: address.postalCode, shipCountry: address.country)
            return renderer.page("order", model)
        }
    }
}

extension OrderPage.Item: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "quantity": quantity
        case "lineTotal": lineTotal
        default: nil
        }
    }
}

extension OrderPage.Model: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "id": id
        case "email": email
        case "items": items
        case "total": total
        case "shipName": shipName
        case "shipLine1": shipLine1
        case "shipLine2": shipLine2
        case "shipCity": shipCity
        case "shipPostalCode": shipPostalCode
        case "shipCountry": shipCountry
        default: nil
        }
    }
}
