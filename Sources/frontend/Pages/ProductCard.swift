import ShopAPI

/// A product as grids show it.
struct ProductCard: Sendable {
    let id: Int
    let name: String
    let imagePath: String
    let price: String

    init(_ product: Product) {
        id = product.id
        name = product.name
        imagePath = product.imagePath
        price = Money.format(cents: product.priceCents, currency: product.currency)
    }
}
