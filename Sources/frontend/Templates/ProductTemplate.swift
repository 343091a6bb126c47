/// A product page: the product, an add-to-cart form, and recommendations when the ml-service answers.
enum ProductTemplate {
    static let source = """
    {{<layout}}
    {{$title}}{{name}}{{/title}}
    {{$content}}
    <article class="product">
    <img src="{{imagePath}}" alt="{{name}}" width="480" height="360">
    <div class="product-info">
    <h1>{{name}}</h1>
    <p class="price">{{price}}</p>
    <p>{{description}}</p>
    {{#inStock}}
    <form method="post" action="/cart/items" class="add-to-cart">
    <input type="hidden" name="csrf_token" value="{{csrfToken}}">
    <input type="hidden" name="product_id" value="{{id}}">
    <label for="quantity">Quantity</label>
    <input id="quantity" name="quantity" type="number" inputmode="numeric" min="1" max="{{maxQuantity}}" value="1" required>
    <button type="submit">Add to cart</button>
    </form>
    {{/inStock}}
    {{^inStock}}<p class="stock-out">Out of stock</p>{{/inStock}}
    </div>
    </article>
    {{#hasRecommendations}}
    <section class="recommendations" aria-labelledby="recommendations-heading">
    <h2 id="recommendations-heading">You may also like</h2>
    <ul class="grid">
    {{{recommendations}}}</ul>
    </section>
    {{/hasRecommendations}}
    {{/content}}
    {{/layout}}
    """
}
