/// The home page: categories, search results or a category's products, and paging.
enum HomeTemplate {
    static let source = """
    {{<layout}}
    {{$title}}{{heading}}{{/title}}
    {{$content}}
    <h1>{{heading}}</h1>
    <nav aria-label="Categories">
    <ul class="categories">
    <li><a href="/"{{#allSelected}} aria-current="page"{{/allSelected}}>All products</a></li>
    {{#categories}}<li><a href="/?category={{slug}}"{{#selected}} aria-current="page"{{/selected}}>{{name}} <span class="count">({{productCount}})</span></a></li>
    {{/categories}}
    </ul>
    </nav>
    {{#hasProducts}}
    <p class="result-count">{{resultCount}}</p>
    <ul class="grid">
    {{{products}}}</ul>
    {{/hasProducts}}
    {{^hasProducts}}<p class="empty">No products match your search.</p>{{/hasProducts}}
    <nav class="pager" aria-label="Pages">{{#previousURL}}<a rel="prev" href="{{previousURL}}">Previous page</a>{{/previousURL}} {{#nextURL}}<a rel="next" href="{{nextURL}}">Next page</a>{{/nextURL}}</nav>
    {{/content}}
    {{/layout}}
    """
}
