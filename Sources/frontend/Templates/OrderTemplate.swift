/// The order confirmation.
enum OrderTemplate {
    static let source = """
    {{<layout}}
    {{$title}}Order confirmed{{/title}}
    {{$content}}
    <h1>Thank you for your order</h1>
    <p>Your order number is <strong class="order-id">{{id}}</strong>. A confirmation goes to {{email}}.</p>
    <h2>What you ordered</h2>
    <ul class="order-items">
    {{#items}}<li>{{quantity}} × {{name}}: {{lineTotal}}</li>
    {{/items}}
    </ul>
    <p class="total">Total: <strong>{{total}}</strong></p>
    <h2>Shipping to</h2>
    <address>{{shipName}}<br>{{shipLine1}}<br>{{#shipLine2}}{{shipLine2}}<br>{{/shipLine2}}{{shipPostalCode}} {{shipCity}}<br>{{shipCountry}}</address>
    <p><a href="/">Continue shopping</a></p>
    {{/content}}
    {{/layout}}
    """
}
