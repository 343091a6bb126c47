/// The checkout form with its validation messages.
enum CheckoutTemplate {
    static let source = """
    {{<layout}}
    {{$title}}Checkout{{/title}}
    {{$content}}
    <h1>Checkout</h1>
    {{#hasErrors}}
    <div class="errors" role="alert" tabindex="-1" id="errors">
    <h2>Please correct the following</h2>
    {{#formError}}<p>{{.}}</p>{{/formError}}
    <ul>{{#errors}}<li><a href="#{{id}}">{{error}}</a></li>{{/errors}}</ul>
    </div>
    {{/hasErrors}}
    <p class="total">You pay <strong>{{total}}</strong> for {{itemCount}} items. <a href="/cart">Change the cart</a></p>
    <form method="post" action="/checkout" class="checkout" novalidate>
    <input type="hidden" name="csrf_token" value="{{csrfToken}}">
    <input type="hidden" name="idempotency_key" value="{{idempotencyKey}}">
    {{#fields}}
    <div class="field{{#error}} invalid{{/error}}">
    <label for="{{id}}">{{label}}{{^required}} <span class="optional">(optional)</span>{{/required}}</label>
    <input id="{{id}}" name="{{id}}" type="{{type}}" value="{{value}}" maxlength="{{maxLength}}" autocomplete="{{autocomplete}}"{{#required}} required{{/required}}{{#error}} aria-invalid="true" aria-describedby="{{id}}-error"{{/error}}>
    {{#error}}<p class="field-error" id="{{id}}-error">{{.}}</p>{{/error}}
    </div>
    {{/fields}}
    <button type="submit">Place order</button>
    </form>
    {{/content}}
    {{/layout}}
    """
}
