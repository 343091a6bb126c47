/// Prices as shoppers read them: `$12.34` for US dollars, `12.34 EUR` otherwise.
enum Money {
    static func format(cents: Int, currency: String) -> String {
        let amount = "\(cents / 100).\(String(repeating: "0", count: cents % 100 < 10 ? 1 : 0))\(cents % 100)"
        return currency == "USD" ? "$" + amount : amount + " " + currency
    }
}
