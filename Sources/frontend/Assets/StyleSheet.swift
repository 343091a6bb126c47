/// `/static/app.css`: small, mobile first, readable contrast.
enum StyleSheet {
    static let source = """
    *{box-sizing:border-box}
    body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fafafa}
    a{color:#0b57d0}
    .skip-link{position:absolute;left:-999px}.skip-link:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
    .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    .site-header{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:12px 16px;background:#1d1d1f}
    .site-header a{color:#fff;text-decoration:none;font-weight:600}
    .brand{font-size:1.25rem}
    .search{display:flex;flex:1 1 240px;gap:4px}
    .search input{flex:1;min-width:0;padding:8px;border:0;border-radius:4px}
    button,.button{padding:8px 14px;border:0;border-radius:4px;background:#0b57d0;color:#fff;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
    .link-button{background:none;color:#b3261e;padding:4px;text-decoration:underline}
    main{max-width:1100px;margin:0 auto;padding:16px}
    h1{font-size:1.6rem;margin:.5rem 0 1rem}
    .categories{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px}
    .categories a{display:block;padding:4px 10px;border:1px solid #c4c7c5;border-radius:16px;text-decoration:none}
    .categories a[aria-current]{background:#0b57d0;color:#fff;border-color:#0b57d0}
    .count{color:inherit;opacity:.75}
    .grid{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:16px}
    .card{background:#fff;border-radius:8px;padding:8px;box-shadow:0 1px 2px rgba(0,0,0,.12)}
    .card a{text-decoration:none;color:inherit}
    .card img,.product img{width:100%;height:auto;border-radius:6px;display:block}
    .card h2,.card h3{font-size:1rem;margin:.5rem 0 .25rem}
    .price{font-weight:700;margin:0}
    .product{display:grid;gap:16px}
    @media(min-width:720px){.product{grid-template-columns:1fr 1fr}}
    .add-to-cart{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
    .add-to-cart input{width:5rem;padding:6px}
    .cart{width:100%;border-collapse:collapse}
    .cart th,.cart td{text-align:left;padding:8px;border-bottom:1px solid #e0e0e0;vertical-align:top}
    .cart input{width:4.5rem;padding:6px}
    @media(max-width:640px){.cart thead{display:none}.cart tr{display:block;padding:8px 0;border-bottom:1px solid #e0e0e0}
    .cart td{display:block;border:0;padding:4px 0}.cart td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
    .quantity-form{display:flex;gap:4px}
    .total{font-size:1.1rem}
    .warning,.field-error,.stock-out{color:#b3261e}
    .errors{border:2px solid #b3261e;border-radius:6px;padding:8px 16px;margin-bottom:16px;background:#fff}
    .errors h2{font-size:1.1rem;margin:.25rem 0}
    .checkout{display:grid;gap:12px;max-width:520px}
    .field label{display:block;font-weight:600}
    .field input{width:100%;padding:8px;border:1px solid #747775;border-radius:4px;font:inherit}
    .field.invalid input{border-color:#b3261e;border-width:2px}
    .optional{font-weight:400;color:#444}
    .pager{display:flex;gap:16px;margin:16px 0}
    .site-footer{text-align:center;color:#444;font-size:.85rem;padding:24px 16px}
    code{word-break:break-all}
    """
}
