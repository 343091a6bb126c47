import Mustache

/// The items of a product grid, one `<li class="card">…</li>` line per product, written directly
/// instead of through a Mustache section: the hottest fragment of the home and product pages, where
/// the section's lookups, casts and character-by-character escaping were most of a page's rendering.
/// Every text in it is escaped with `HTML.escaped` (as `{{…}}` escapes), so a template inserts it
/// unescaped: `{{{grid}}}`.
struct ProductGrid: MustacheCustomRenderable {
    let renderText: String
    var isNull: Bool { false }

    /// `headingLevel`: the level of each product name's heading (2 on the home page, 3 under the product page's h2).
    init(_ cards: [ProductCard], headingLevel: Int) {
        var html = ""
        html.reserveCapacity(cards.count * 320)
        for card in cards {
            let name = HTML.escaped(card.name)
            html += #"<li class="card"><a href="/products/\#(card.id)"><img src="\#(HTML.escaped(card.imagePath))" alt="\#(name)" "#
            html += #"width="240" height="180"><h\#(headingLevel)>\#(name)</h\#(headingLevel)></a><p class="price">\#(HTML.escaped(card.price))</p></li>"#
            html += "\n"
        }
        renderText = html
    }
}
