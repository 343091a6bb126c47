import Dispatch
import Recommender
import RecommenderFixtures

/// Recommender benchmarks on seeded synthetic order histories.
///
/// `recommender-bench fit [orders] [products]`: prints JSON with the median fit time of the
/// co-purchase model and, as the baseline measured in the same run, of the popularity fallback
/// (one counting pass over the same orders), plus the cost of one recommendation.
/// `recommender-bench sql [orders] [products]`: prints SQL (COPY blocks) that loads the same
/// catalog and orders into a migrated backend database, for the end-to-end benchmark.
let arguments = CommandLine.arguments.dropFirst()
let mode = arguments.first ?? "fit"
let orderCount = arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000
let productCount = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 1_000
let data = SyntheticOrders(seed: 20_261_126, products: productCount, categoryCount: 20,
                           shoppers: max(orderCount / 10, 100), orderCount: orderCount)

func seconds(_ work: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double {
    values.sorted()[values.count / 2]
}

switch mode {
case "fit":
    var fits: [Double] = []
    var baselines: [Double] = []
    var engine: RecommendationEngine?
    for _ in 0..<3 {
        baselines.append(seconds { _ = PopularityFallback(orders: data.orders, categories: data.categories) })
        fits.append(seconds { engine = RecommendationEngine(orders: data.orders, categories: data.categories) })
    }
    let asked = (1...10_000).map { _ in [Int.random(in: 1...productCount)] }
    var answered = 0
    let recommendSeconds = seconds { for ids in asked { answered += engine!.recommend(ids, limit: 5).products.count } }
    let model = engine!.model
    print("""
        {"orders":\(orderCount),"products":\(productCount),"fit_seconds":\(median(fits)),\
        "popularity_fit_seconds":\(median(baselines)),"fit_vs_popularity":\(median(fits) / median(baselines)),\
        "recommend_microseconds":\(recommendSeconds / Double(asked.count) * 1e6),"answered":\(answered),\
        "products_covered":\(model.coveredProducts),"items":\(model.itemCount)}
        """)
case "sql":
    var out = "BEGIN;\nTRUNCATE order_items, orders;\nDELETE FROM products;\n"
    out += "INSERT INTO categories (slug, name, description) SELECT 'c' || n, 'Category ' || n, 'Synthetic' FROM generate_series(0, 19) n ON CONFLICT DO NOTHING;\n"
    out += "COPY products (id, sku, name, description, price_cents, category, stock, image_path) FROM stdin;\n"
    for product in 1...productCount {
        out += "\(product)\tSYN-\(product)\tProduct \(product)\tSynthetic\t1000\t\(data.categories[product]!)\t1000000\t/images/\(product).svg\n"
    }
    out += "\\.\nCOPY orders (id, idempotency_key, session_id, email, ship_name, ship_line1, ship_city, ship_postal_code, ship_country, total_cents, currency) FROM stdin;\n"
    func uuid(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex
    }
    for (index, _) in data.orders.enumerated() {
        out += "\(uuid(index + 1))\tbench-\(index + 1)\tbench\tbench@example.com\tBench\t1 Main St\tSpringfield\t12345\tUS\t1000\tUSD\n"
    }
    out += "\\.\nCOPY order_items (order_id, product_id, name, quantity, unit_price_cents) FROM stdin;\n"
    for (index, order) in data.orders.enumerated() {
        for product in order { out += "\(uuid(index + 1))\t\(product)\tProduct \(product)\t1\t1000\n" }
    }
    out += "\\.\nSELECT setval('products_id_seq', \(productCount));\nCOMMIT;\n"
    print(out, terminator: "")
default:
    print("usage: recommender-bench fit|sql [orders] [products]")
}
