import Foundation
import Synchronization

/// What each simulated shopper was told about each checkout it submitted: the fault drills compare it
/// with the orders in the database (every order the client was told about exists once, no other does).
final class CheckoutLedger: Sendable {
    enum Answer: Sendable, Equatable {
        /// Still retrying, or gave up without a definite answer.
        case unknown
        /// Redirected to its order: the client was told this order exists.
        case placed(orderID: String)
        /// Refused for the shopper's reasons (sold out), or the cart was found empty: no order.
        case refused
    }

    struct Attempt: Sendable {
        let key: String
        var answer: Answer
        /// Form submissions for this key (1 + retries).
        var submissions: Int
    }

    private let attempts = Mutex<[String: Attempt]>([:])
    private let inFlight = Atomic<Int>(0)
    private let submitted = Atomic<Int>(0)

    func begin(key: String) { attempts.withLock { $0[key] = Attempt(key: key, answer: .unknown, submissions: 0) } }

    /// Around each POST of a checkout form.
    func submitting(key: String) {
        attempts.withLock { $0[key]?.submissions += 1 }
        inFlight.add(1, ordering: .relaxed)
        submitted.add(1, ordering: .relaxed)
    }

    func submitted(key: String, answer: Answer) {
        inFlight.subtract(1, ordering: .relaxed)
        if answer != .unknown { attempts.withLock { $0[key]?.answer = answer } }
    }

    /// Checkout forms being submitted right now.
    var checkoutsInFlight: Int { inFlight.load(ordering: .relaxed) }
    /// Checkout forms submitted so far (retries included).
    var submissions: Int { submitted.load(ordering: .relaxed) }

    var all: [Attempt] { attempts.withLock { Array($0.values) } }
}
