/// The frame of every page: header with search and cart link, main content, footer with the trace id.
enum LayoutTemplate {
    static let source = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{$title}}ShopMicro{{/title}} · ShopMicro</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/static/app.css">
    <script src="/static/app.js" defer></script>
    </head>
    <body>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="site-header">
      <a class="brand" href="/">ShopMicro</a>
      <form class="search" role="search" action="/" method="get">
        <label for="search-q" class="visually-hidden">Search products</label>
        <input id="search-q" name="q" type="search" maxlength="100" value="{{layout.search}}" placeholder="Search products">
        <button type="submit">Search</button>
      </form>
      <a class="cart-link" href="/cart">Cart</a>
    </header>
    <main id="main">
    {{$content}}{{/content}}
    </main>
    <footer class="site-footer"><p>ShopMicro reference shop. Trace <code class="trace-id">{{layout.traceID}}</code></p></footer>
    </body>
    </html>
    """
}
