/// The cart: lines with quantity and remove forms, the total, and the way to checkout.
enum CartTemplate {
    static let source = """
    {{<layout}}
    {{$title}}Your cart{{/title}}
    {{$content}}
    <h1>Your cart</h1>
    {{#hasLines}}
    <table class="cart">
    <caption class="visually-hidden">Products in your cart</caption>
    <thead><tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col">Total</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
    <tbody>
    {{#lines}}
    <tr>
    <td data-label="Product"><a href="/products/{{productId}}">{{name}}</a>{{#overStock}}<p class="warning">Only {{stock}} left</p>{{/overStock}}</td>
    <td data-label="Price">{{unitPrice}}</td>
    <td data-label="Quantity"><form method="post" action="/cart/items/{{productId}}" class="quantity-form">
    <input type="hidden" name="csrf_token" value="{{csrfToken}}">
    <label for="quantity-{{productId}}" class="visually-hidden">Quantity of {{name}}</label>
    <input id="quantity-{{productId}}" name="quantity" type="number" inputmode="numeric" min="1" max="99" value="{{quantity}}" required>
    <button type="submit">Update</button>
    </form></td>
    <td data-label="Total">{{lineTotal}}</td>
    <td><form method="post" action="/cart/items/{{productId}}/remove">
    <input type="hidden" name="csrf_token" value="{{csrfToken}}">
    <button type="submit" class="link-button" aria-label="Remove {{name}}">Remove</button>
    </form></td>
    </tr>
    {{/lines}}
    </tbody>
    </table>
    <p class="total">Total ({{itemCount}} items): <strong>{{total}}</strong></p>
    <p><a class="button" href="/checkout">Check out</a></p>
    {{/hasLines}}
    {{^hasLines}}<p class="empty">Your cart is empty. <a href="/">Browse the shop</a>.</p>{{/hasLines}}
    {{/content}}
    {{/layout}}
    """
}
