/// The page a shopper sees when something went wrong, with the trace id to quote.
enum ErrorTemplate {
    static let source = """
    {{<layout}}
    {{$title}}{{title}}{{/title}}
    {{$content}}
    <h1>{{title}}</h1>
    <p>{{message}}</p>
    <p>If you contact us about this, please quote the trace id <code class="trace-id">{{layout.traceID}}</code>.</p>
    <p><a href="/">Back to the shop</a></p>
    {{/content}}
    {{/layout}}
    """
}
