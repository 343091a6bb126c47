/// The OpenAPI 3.0.3 description of the backend's API, served at `GET /api/openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "ShopMicro backend API",
        "version": "0.1.0",
        "description": "The shop's JSON API: catalog, carts (named by the `X-Session-ID` header) and orders. JSON keys are snake_case. Every error answers with the Error schema: an `error` object with `code`, `message` and `trace_id`."
      },
      "tags": [
        {
          "name": "catalog",
          "description": "Products and categories."
        },
        {
          "name": "cart",
          "description": "The session's cart."
        },
        {
          "name": "orders",
          "description": "Checkout and orders."
        },
        {
          "name": "internal",
          "description": "For other services only; the public ingress does not route these."
        },
        {
          "name": "meta",
          "description": "Health, readiness, metrics and this document."
        }
      ],
      "paths": {
        "/api/products": {
          "get": {
            "tags": [
              "catalog"
            ],
            "operationId": "listProducts",
            "summary": "A page of the catalog",
            "description": "Products ordered by id, filtered by category, free text and/or a list of ids (several products in one request: `?ids=12,3,40&limit=50`).",
            "parameters": [
              {
                "name": "ids",
                "in": "query",
                "required": false,
                "description": "Only the products with these ids: 1 to 50 positive integers separated by commas (`ids=12,3,40`). An id may be repeated (its product is listed once; every repeat counts toward the 50). Ids of no product are left out without an error, so `total` says how many were found. Combines with the other filters; the answer is still ordered by id (not in the order of `ids`) and paged by `limit` and `offset`: to get all of them in one answer, pass a `limit` of at least the number of ids.",
                "style": "form",
                "explode": false,
                "schema": {
                  "type": "array",
                  "minItems": 1,
                  "maxItems": 50,
                  "items": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": 9223372036854775807
                  }
                }
              },
              {
                "name": "category",
                "in": "query",
                "required": false,
                "description": "Only products of this category slug; printable characters only; empty counts as absent.",
                "schema": {
                  "type": "string",
                  "maxLength": 50,
                  "pattern": "^[^\\u0000-\\u001F\\u007F]*$"
                }
              },
              {
                "name": "q",
                "in": "query",
                "required": false,
                "description": "Only products whose name or description contains this text, case-insensitively; printable characters only; empty counts as absent.",
                "schema": {
                  "type": "string",
                  "maxLength": 100,
                  "pattern": "^[^\\u0000-\\u001F\\u007F]*$"
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Page size.",
                "schema": {
                  "type": "integer",
                  "format": "int32",
                  "minimum": 1,
                  "maximum": 100,
                  "default": 20
                }
              },
              {
                "name": "offset",
                "in": "query",
                "required": false,
                "description": "Products to skip.",
                "schema": {
                  "type": "integer",
                  "format": "int32",
                  "minimum": 0,
                  "maximum": 100000,
                  "default": 0
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The page.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ProductPage"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/products/{id}": {
          "get": {
            "tags": [
              "catalog"
            ],
            "operationId": "getProduct",
            "summary": "One product",
            "parameters": [
              {
                "$ref": "#/components/parameters/ProductID"
              }
            ],
            "responses": {
              "200": {
                "description": "The product.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Product"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/categories": {
          "get": {
            "tags": [
              "catalog"
            ],
            "operationId": "listCategories",
            "summary": "Every category with its product count",
            "responses": {
              "200": {
                "description": "The categories, ordered by name.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/CategoryList"
                    }
                  }
                }
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/cart": {
          "get": {
            "tags": [
              "cart"
            ],
            "operationId": "getCart",
            "summary": "The session's cart",
            "parameters": [
              {
                "$ref": "#/components/parameters/SessionID"
              }
            ],
            "responses": {
              "200": {
                "description": "The cart (empty when the session has none).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/CartView"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/cart/items": {
          "post": {
            "tags": [
              "cart"
            ],
            "operationId": "addCartItem",
            "summary": "Add units of a product to the cart",
            "description": "Stock is not checked here but at checkout. A cart holds at most 50 different products and at most 99 units of each.",
            "parameters": [
              {
                "$ref": "#/components/parameters/SessionID"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/AddItem"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The whole cart after the addition.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/CartView"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/cart/items/{product_id}": {
          "put": {
            "tags": [
              "cart"
            ],
            "operationId": "updateCartItem",
            "summary": "Set the quantity of a line",
            "parameters": [
              {
                "$ref": "#/components/parameters/SessionID"
              },
              {
                "$ref": "#/components/parameters/CartProductID"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/UpdateItem"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The whole cart after the change.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/CartView"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "delete": {
            "tags": [
              "cart"
            ],
            "operationId": "removeCartItem",
            "summary": "Remove a line",
            "parameters": [
              {
                "$ref": "#/components/parameters/SessionID"
              },
              {
                "$ref": "#/components/parameters/CartProductID"
              }
            ],
            "responses": {
              "200": {
                "description": "The whole cart after the removal.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/CartView"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/orders": {
          "post": {
            "tags": [
              "orders"
            ],
            "operationId": "createOrder",
            "summary": "Check out the session's cart",
            "description": "Places an order for the whole cart in one transaction (stock is decremented, never below zero) and empties the cart. Idempotent per `Idempotency-Key`: a key this session already used answers its earlier order with 200 and `Idempotent-Replayed: true`, writing nothing.",
            "parameters": [
              {
                "$ref": "#/components/parameters/SessionID"
              },
              {
                "$ref": "#/components/parameters/IdempotencyKey"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/CheckoutRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The order was placed.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Order"
                    }
                  }
                }
              },
              "200": {
                "description": "The Idempotency-Key replays an earlier order of this session.",
                "headers": {
                  "Idempotent-Replayed": {
                    "description": "Present, `true`, on a replayed answer.",
                    "required": true,
                    "schema": {
                      "type": "string",
                      "enum": [
                        "true"
                      ]
                    }
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Order"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/orders/{id}": {
          "get": {
            "tags": [
              "orders"
            ],
            "operationId": "getOrder",
            "summary": "One order",
            "description": "Needs no session: the unguessable id is the credential.",
            "parameters": [
              {
                "$ref": "#/components/parameters/OrderID"
              }
            ],
            "responses": {
              "200": {
                "description": "The order.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Order"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/internal/order-history": {
          "get": {
            "tags": [
              "internal"
            ],
            "operationId": "listOrderHistory",
            "summary": "Orders with the products bought together",
            "description": "Internal, for the recommender: the public ingress does not route `/internal`. Orders oldest first, keyset-paginated by `sequence`.",
            "parameters": [
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Only orders whose sequence is greater; the previous page's `next_after`.",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 0,
                  "maximum": 9223372036854775807,
                  "default": 0
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Page size.",
                "schema": {
                  "type": "integer",
                  "format": "int32",
                  "minimum": 1,
                  "maximum": 5000,
                  "default": 500
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The page.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/OrderHistoryPage"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "500": {
                "$ref": "#/components/responses/InternalError"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/openapi.json": {
          "get": {
            "tags": [
              "meta"
            ],
            "operationId": "getOpenAPIDocument",
            "summary": "This document",
            "responses": {
              "200": {
                "description": "The OpenAPI 3.0.3 document of this API.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object"
                    }
                  }
                }
              }
            }
          }
        },
        "/healthz": {
          "get": {
            "tags": [
              "meta"
            ],
            "operationId": "getHealth",
            "summary": "Liveness",
            "responses": {
              "200": {
                "description": "The process is alive.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              }
            }
          }
        },
        "/readyz": {
          "get": {
            "tags": [
              "meta"
            ],
            "operationId": "getReadiness",
            "summary": "Readiness",
            "description": "Probes each dependency (2 s timeout each).",
            "responses": {
              "200": {
                "description": "`ready`, or `degraded` when a non-critical dependency is down.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Readiness"
                    }
                  }
                }
              },
              "503": {
                "description": "`not_ready`: a critical dependency is down.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Readiness"
                    }
                  }
                }
              }
            }
          }
        },
        "/metrics": {
          "get": {
            "tags": [
              "meta"
            ],
            "operationId": "getMetrics",
            "summary": "Prometheus metrics",
            "description": "Prometheus text exposition format 0.0.4, gzip-compressed when the request accepts gzip.",
            "responses": {
              "200": {
                "description": "The metrics (`Content-Type: text/plain; version=0.0.4; charset=utf-8`).",
                "headers": {
                  "Content-Encoding": {
                    "description": "`gzip` when compressed.",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "gzip"
                      ]
                    }
                  }
                },
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Product": {
            "type": "object",
            "description": "A product as the API shows it.",
            "required": [
              "id",
              "sku",
              "name",
              "description",
              "price_cents",
              "currency",
              "category",
              "stock",
              "image_path"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "format": "int64",
                "minimum": 1
              },
              "sku": {
                "type": "string",
                "description": "Stock keeping unit, unique.",
                "example": "KIT-CHEF-KNIFE-20"
              },
              "name": {
                "type": "string"
              },
              "description": {
                "type": "string"
              },
              "price_cents": {
                "type": "integer",
                "format": "int32",
                "minimum": 0,
                "description": "Unit price in the smallest unit of `currency`."
              },
              "currency": {
                "type": "string",
                "minLength": 3,
                "maxLength": 3,
                "description": "ISO 4217 code; the seed catalog is all `USD`.",
                "example": "USD"
              },
              "category": {
                "type": "string",
                "description": "The slug of the product's category.",
                "example": "kitchen"
              },
              "stock": {
                "type": "integer",
                "format": "int32",
                "minimum": 0,
                "description": "Units on hand."
              },
              "image_path": {
                "type": "string",
                "description": "Path of the product image, relative to the shop's origin.",
                "example": "/static/products/kit-chef-knife-20.svg"
              }
            }
          },
          "ProductPage": {
            "type": "object",
            "description": "A page of products and how many match in all.",
            "required": [
              "products",
              "total"
            ],
            "properties": {
              "products": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Product"
                },
                "description": "At most `limit` products, ordered by id."
              },
              "total": {
                "type": "integer",
                "format": "int64",
                "minimum": 0,
                "description": "How many products match the filters in all."
              }
            }
          },
          "Category": {
            "type": "object",
            "description": "A category with how many products it holds.",
            "required": [
              "slug",
              "name",
              "description",
              "product_count"
            ],
            "properties": {
              "slug": {
                "type": "string",
                "pattern": "^[a-z0-9-]{1,50}$",
                "example": "kitchen"
              },
              "name": {
                "type": "string",
                "example": "Kitchen & Dining"
              },
              "description": {
                "type": "string"
              },
              "product_count": {
                "type": "integer",
                "format": "int64",
                "minimum": 0,
                "description": "How many products the category holds."
              }
            }
          },
          "CategoryList": {
            "type": "object",
            "description": "The body of `GET /api/categories`.",
            "required": [
              "categories"
            ],
            "properties": {
              "categories": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Category"
                },
                "description": "Ordered by name."
              }
            }
          },
          "CartLine": {
            "type": "object",
            "description": "One line of a cart (CartView.Line).",
            "required": [
              "product_id",
              "name",
              "image_path",
              "quantity",
              "unit_price_cents",
              "line_total_cents",
              "stock"
            ],
            "properties": {
              "product_id": {
                "type": "integer",
                "format": "int64",
                "minimum": 1
              },
              "name": {
                "type": "string"
              },
              "image_path": {
                "type": "string"
              },
              "quantity": {
                "type": "integer",
                "format": "int32",
                "minimum": 1,
                "maximum": 99
              },
              "unit_price_cents": {
                "type": "integer",
                "format": "int32",
                "minimum": 0,
                "description": "The product's current price."
              },
              "line_total_cents": {
                "type": "integer",
                "format": "int64",
                "minimum": 0,
                "description": "`unit_price_cents` times `quantity`."
              },
              "stock": {
                "type": "integer",
                "format": "int32",
                "minimum": 0,
                "description": "Units in stock now; the checkout fails for lines above it."
              }
            }
          },
          "CartView": {
            "type": "object",
            "description": "A cart (named by the `X-Session-ID` header) with current prices and totals.",
            "required": [
              "items",
              "item_count",
              "total_cents",
              "currency"
            ],
            "properties": {
              "items": {
                "type": "array",
                "maxItems": 50,
                "items": {
                  "$ref": "#/components/schemas/CartLine"
                },
                "description": "Ordered by product id; products that no longer exist are left out."
              },
              "item_count": {
                "type": "integer",
                "format": "int64",
                "minimum": 0,
                "description": "Units in the cart, all lines together."
              },
              "total_cents": {
                "type": "integer",
                "format": "int64",
                "minimum": 0
              },
              "currency": {
                "type": "string",
                "minLength": 3,
                "maxLength": 3,
                "example": "USD",
                "description": "Always `USD`."
              }
            }
          },
          "AddItem": {
            "type": "object",
            "description": "The body of `POST /api/cart/items`.",
            "required": [
              "product_id",
              "quantity"
            ],
            "properties": {
              "product_id": {
                "type": "integer",
                "format": "int64",
                "minimum": 1,
                "maximum": 9223372036854775807,
                "description": "An existing product; an unknown id answers 404."
              },
              "quantity": {
                "type": "integer",
                "format": "int32",
                "minimum": 1,
                "maximum": 99,
                "description": "Units to add to what the cart already holds of the product (the line may hold at most 99)."
              }
            },
            "additionalProperties": false
          },
          "UpdateItem": {
            "type": "object",
            "description": "The body of `PUT /api/cart/items/{product_id}`.",
            "required": [
              "quantity"
            ],
            "properties": {
              "quantity": {
                "type": "integer",
                "format": "int32",
                "minimum": 1,
                "maximum": 99,
                "description": "The new quantity of the line."
              }
            },
            "additionalProperties": false
          },
          "ShippingAddress": {
            "type": "object",
            "description": "Where an order goes. Lengths count Unicode code points of the text as sent; control characters are refused, and the required texts need a character other than whitespace. Surrounding whitespace is removed before the address is stored.",
            "required": [
              "name",
              "line1",
              "city",
              "postal_code",
              "country"
            ],
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100,
                "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000][^\\u0000-\\u001F\\u007F-\\u009F]*$"
              },
              "line1": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000][^\\u0000-\\u001F\\u007F-\\u009F]*$"
              },
              "line2": {
                "type": "string",
                "nullable": true,
                "maxLength": 200,
                "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*$",
                "description": "Optional: absent, null or blank in a request; absent in a response when not given."
              },
              "city": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100,
                "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000][^\\u0000-\\u001F\\u007F-\\u009F]*$"
              },
              "postal_code": {
                "type": "string",
                "minLength": 1,
                "maxLength": 20,
                "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000][^\\u0000-\\u001F\\u007F-\\u009F]*$"
              },
              "country": {
                "type": "string",
                "pattern": "^[A-Za-z]{2}$",
                "example": "DE",
                "description": "ISO 3166-1 alpha-2 code; stored and shown upper-case."
              }
            },
            "additionalProperties": false
          },
          "CheckoutRequest": {
            "type": "object",
            "description": "The body of `POST /api/orders`.",
            "required": [
              "email",
              "shipping_address"
            ],
            "properties": {
              "email": {
                "type": "string",
                "maxLength": 254,
                "pattern": "^[^@\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]{1,64}@[^@.\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]{1,63}(\\.[^@.\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]{1,63})+$",
                "example": "ada@example.com",
                "description": "A plausible address: one `@`, a local part of 1 to 64 characters, a domain of two or more dot-separated labels of 1 to 63 characters, no whitespace or control characters."
              },
              "shipping_address": {
                "$ref": "#/components/schemas/ShippingAddress"
              }
            },
            "additionalProperties": false
          },
          "OrderItem": {
            "type": "object",
            "description": "One line of an order (Order.Item).",
            "required": [
              "product_id",
              "name",
              "quantity",
              "unit_price_cents",
              "line_total_cents"
            ],
            "properties": {
              "product_id": {
                "type": "integer",
                "format": "int64",
                "minimum": 1
              },
              "name": {
                "type": "string",
                "description": "The product's name at checkout."
              },
              "quantity": {
                "type": "integer",
                "format": "int32",
                "minimum": 1
              },
              "unit_price_cents": {
                "type": "integer",
                "format": "int32",
                "minimum": 0,
                "description": "The price at checkout."
              },
              "line_total_cents": {
                "type": "integer",
                "format": "int64",
                "minimum": 0
              }
            }
          },
          "Order": {
            "type": "object",
            "description": "An order as the API shows it.",
            "required": [
              "id",
              "status",
              "email",
              "shipping_address",
              "items",
              "total_cents",
              "currency",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "string",
                "format": "uuid",
                "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
              },
              "status": {
                "type": "string",
                "example": "confirmed",
                "description": "`confirmed` for every order placed so far."
              },
              "email": {
                "type": "string"
              },
              "shipping_address": {
                "$ref": "#/components/schemas/ShippingAddress"
              },
              "items": {
                "type": "array",
                "minItems": 1,
                "items": {
                  "$ref": "#/components/schemas/OrderItem"
                },
                "description": "Ordered by product id."
              },
              "total_cents": {
                "type": "integer",
                "format": "int64",
                "minimum": 0
              },
              "currency": {
                "type": "string",
                "minLength": 3,
                "maxLength": 3,
                "example": "USD"
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "example": "2025-01-31T12:34:56.789Z",
                "description": "RFC 3339, UTC, millisecond precision."
              }
            }
          },
          "OrderHistoryEntry": {
            "type": "object",
            "description": "One order of the history (OrderHistoryPage.Entry).",
            "required": [
              "sequence",
              "order_id",
              "created_at",
              "product_ids"
            ],
            "properties": {
              "sequence": {
                "type": "integer",
                "format": "int64",
                "minimum": 1,
                "description": "The order's position in the history; pass the last one seen as `after`."
              },
              "order_id": {
                "type": "string",
                "format": "uuid"
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              },
              "product_ids": {
                "type": "array",
                "minItems": 1,
                "items": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 1
                },
                "description": "The products bought together, ascending."
              }
            }
          },
          "OrderHistoryPage": {
            "type": "object",
            "description": "A keyset-paginated page of the order history.",
            "required": [
              "orders"
            ],
            "properties": {
              "orders": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/OrderHistoryEntry"
                },
                "description": "Oldest first."
              },
              "next_after": {
                "type": "integer",
                "format": "int64",
                "minimum": 0,
                "nullable": true,
                "description": "The `after` of the next page. Given whenever the page holds `limit` orders (so the page after a full last one is empty); left out (or null) when it holds fewer, which marks the end."
              }
            }
          },
          "Error": {
            "type": "object",
            "description": "Every error response of the service.",
            "required": [
              "error"
            ],
            "properties": {
              "error": {
                "type": "object",
                "required": [
                  "code",
                  "message",
                  "trace_id"
                ],
                "properties": {
                  "code": {
                    "type": "string",
                    "description": "Stable and machine-readable, e.g. `product_not_found`.",
                    "example": "product_not_found"
                  },
                  "message": {
                    "type": "string",
                    "description": "For people; names the offending field or parameter."
                  },
                  "trace_id": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{32}$",
                    "description": "The W3C trace id of the request, 32 lower-case hex digits."
                  }
                }
              }
            }
          },
          "Health": {
            "type": "object",
            "description": "The body of `GET /healthz`.",
            "required": [
              "status"
            ],
            "properties": {
              "status": {
                "type": "string",
                "enum": [
                  "ok"
                ]
              }
            }
          },
          "Readiness": {
            "type": "object",
            "description": "The body of `GET /readyz`.",
            "required": [
              "status",
              "checks"
            ],
            "properties": {
              "status": {
                "type": "string",
                "enum": [
                  "ready",
                  "degraded",
                  "not_ready"
                ],
                "description": "`degraded`: a non-critical dependency (redis) is down; `not_ready`: a critical one (postgres) is."
              },
              "checks": {
                "type": "object",
                "additionalProperties": {
                  "type": "string",
                  "enum": [
                    "up",
                    "down"
                  ]
                },
                "description": "Each dependency's result by name, e.g. `postgres`, `redis`.",
                "example": {
                  "postgres": "up",
                  "redis": "up"
                }
              }
            }
          }
        },
        "responses": {
          "BadRequest": {
            "description": "The request is invalid; `error.code` says how: `missing_header`, `invalid_header`, `invalid_parameter`, `invalid_id`, `invalid_body` (malformed JSON, a missing, mistyped or unknown field), `invalid_quantity`, `invalid_email`, `invalid_address`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "NotFound": {
            "description": "The resource does not exist: `product_not_found`, `not_in_cart`, `order_not_found`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Conflict": {
            "description": "The request conflicts with the current state: `cart_empty` (checkout of an empty cart), `cart_full`, `quantity_too_large`, `insufficient_stock`, `idempotency_key_reused`, `mixed_currencies`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "PayloadTooLarge": {
            "description": "The body is larger than 1 MiB (`payload_too_large`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "UnsupportedMediaType": {
            "description": "The body was not sent with `Content-Type: application/json` (`unsupported_media_type`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "InternalError": {
            "description": "An unexpected failure (`internal_error`); the cause is only logged.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "Unavailable": {
            "description": "A dependency is unavailable, try again shortly: `database_unavailable` (PostgreSQL) or `cart_unavailable` (Redis).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        },
        "parameters": {
          "SessionID": {
            "name": "X-Session-ID",
            "in": "header",
            "required": true,
            "description": "The shopper's session, which names the cart: 8 to 128 letters, digits, `-` or `_`.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{8,128}$"
            }
          },
          "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "required": true,
            "description": "1 to 255 visible ASCII characters. A key already used by this session answers that session's order (200, `Idempotent-Replayed: true`); one used by another session, 409.",
            "schema": {
              "type": "string",
              "pattern": "^[!-~]{1,255}$"
            }
          },
          "ProductID": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The product's id.",
            "schema": {
              "type": "integer",
              "format": "int64",
              "minimum": 1,
              "maximum": 9223372036854775807
            }
          },
          "CartProductID": {
            "name": "product_id",
            "in": "path",
            "required": true,
            "description": "The id of a product in the cart.",
            "schema": {
              "type": "integer",
              "format": "int64",
              "minimum": 1,
              "maximum": 9223372036854775807
            }
          },
          "OrderID": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The order's id, a UUID (any letter case).",
            "schema": {
              "type": "string",
              "format": "uuid",
              "pattern": "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
            }
          }
        }
      }
    }
    """#
}
