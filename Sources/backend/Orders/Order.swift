import Postgres
import ShopAPI

extension Order {
    /// The columns `init(row:items:)` reads.
    static let columns = """
        id, status, email, ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, ship_country,
        total_cents, currency, session_id,
        to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
        """

    init(row: PostgresRow, items: [Item]) throws {
        self.init(
            id: try row.string("id"), status: try row.string("status"), email: try row.string("email"),
            shippingAddress: ShippingAddress(
                name: try row.string("ship_name"), line1: try row.string("ship_line1"), line2: try row.text("ship_line2"),
                city: try row.string("ship_city"), postalCode: try row.string("ship_postal_code"),
                country: try row.string("ship_country")),
            items: items, totalCents: try row.int("total_cents"), currency: try row.string("currency"),
            createdAt: try row.string("created_at"))
    }
}
