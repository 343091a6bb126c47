import Postgres
import Redis
import ServiceKit

// How the backend's errors reach clients, in one place.

extension PostgresError: APIErrorConvertible {
    public var apiError: APIError {
        isUnavailable
            ? .unavailable("the database is unavailable, try again shortly", code: "database_unavailable")
            : APIError(.internalServerError, code: "internal_error", message: "internal server error")
    }
}

extension RedisError: APIErrorConvertible {
    public var apiError: APIError {
        .unavailable("carts are temporarily unavailable, try again shortly", code: "cart_unavailable")
    }
}

extension CheckoutError: APIErrorConvertible {
    var apiError: APIError {
        switch self {
        case .insufficientStock(let productID, let requested, let available):
            .conflict("only \(available) of product \(productID) in stock, \(requested) requested", code: "insufficient_stock")
        case .idempotencyKeyReused:
            .conflict("this Idempotency-Key was already used for another order", code: "idempotency_key_reused")
        case .emptyCart:
            .conflict("the cart is empty", code: "cart_empty")
        case .mixedCurrencies:
            .conflict("the cart mixes currencies", code: "mixed_currencies")
        case .vanished:
            APIError(.internalServerError, code: "internal_error", message: "internal server error")
        }
    }
}
