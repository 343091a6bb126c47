import ShopAPI
import Hummingbird

/// `GET /?category=&q=&page=`: categories, and a page of products (all, one category, or a search).
struct HomePage: Sendable {
    let backend: ShopBackend
    let renderer: PageRenderer
    let cache: PageCache
    static let pageSize = 24

    struct CategoryLink {
        let slug: String
        let name: String
        let productCount: Int
        let selected: Bool
    }

    struct Model {
        let layout: Layout
        let heading: String
        let categories: [CategoryLink]
        let allSelected: Bool
        let products: ProductGrid
        let hasProducts: Bool
        let resultCount: String
        let previousURL: String?
        let nextURL: String?
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            let session = ShopperSession(request)
            let query = request.uri.queryParameters
            let search = query["q"].map { String($0).trimmed }.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
            let category = query["category"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let page = query["page"].flatMap { Int($0) } ?? 1
            guard (1...1000).contains(page) else { throw PageError.badRequest("There is no such page of results.") }
            // Searches are not cached (unbounded variety); a category or all products are.
            let key = search == nil ? "home|\(page)|\(category ?? "")" : nil
            if let key, let cached = cache.lookup(key) { return renderer.page(cached, session: session) }
            let generation = cache.generation

            async let categories = backend.categories()
            let results = try await backend.products(category: category, search: search, limit: Self.pageSize,
                                                     offset: (page - 1) * Self.pageSize)
            let allCategories = try await categories
            let selected = allCategories.first { $0.slug == category }
            if category != nil, selected == nil { throw PageError.notFound("There is no such category.") }

            let heading = search.map { "Results for “\($0)”" } ?? selected?.name ?? "All products"
            func url(_ page: Int) -> String {
                var parts: [String] = []
                if let category { parts.append("category=\(ShopBackend.percentEncoded(category))") }
                if let search { parts.append("q=\(ShopBackend.percentEncoded(search))") }
                if page > 1 { parts.append("page=\(page)") }
                return parts.isEmpty ? "/" : "/?" + parts.joined(separator: "&")
            }
            let model = Model(
                layout: .withHoles(search: search ?? ""),
                heading: heading,
                categories: allCategories.map { CategoryLink(slug: $0.slug, name: $0.name, productCount: $0.productCount, selected: $0.slug == category) },
                allSelected: category == nil && search == nil,
                products: ProductGrid(results.products.map(ProductCard.init), headingLevel: 2),
                hasProducts: !results.products.isEmpty,
                resultCount: results.total == 1 ? "1 product" : "\(results.total) products",
                previousURL: page > 1 ? url(page - 1) : nil,
                nextURL: page * Self.pageSize < results.total ? url(page + 1) : nil)
            let rendered = renderer.rendered("home", model)
            if let key { cache.store(key, rendered, showing: results.products.map(\.id), generation: generation) }
            return renderer.page(rendered, session: session)
        }
    }
}

extension HomePage.CategoryLink: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "slug": slug
        case "name": self.name
        case "productCount": productCount
        case "selected": selected
        default: nil
        }
    }
}

extension HomePage.Model: PageModel {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "heading": heading
        case "categories": categories
        case "allSelected": allSelected
        case "products": products
        case "hasProducts": hasProducts
        case "resultCount": resultCount
        case "previousURL": previousURL
        case "nextURL": nextURL
        default: nil
        }
    }
}
