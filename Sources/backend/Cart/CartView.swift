import ShopAPI

extension CartView {
    /// Joins cart quantities with products; products that no longer exist are left out.
    init(items: [Int: Int], products: [Int: Product]) {
        let lines = items.keys.sorted().compactMap { id -> Line? in
            guard let product = products[id], let quantity = items[id] else { return nil }
            return Line(productId: id, name: product.name, imagePath: product.imagePath, quantity: quantity,
                        unitPriceCents: product.priceCents, lineTotalCents: product.priceCents * quantity, stock: product.stock)
        }
        self.init(items: lines, itemCount: lines.reduce(0) { $0 + $1.quantity },
                  totalCents: lines.reduce(0) { $0 + $1.lineTotalCents }, currency: "USD")
    }
}
