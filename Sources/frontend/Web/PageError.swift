import HTTPTypes

/// A page the storefront itself refuses: its status and what the shopper is told.
struct PageError: Error, Sendable {
    let status: HTTPResponse.Status
    let title: String
    let message: String

    static func notFound(_ message: String) -> PageError {
        PageError(status: .notFound, title: "Not found", message: message)
    }

    static func badRequest(_ message: String) -> PageError {
        PageError(status: .badRequest, title: "That did not work", message: message)
    }

    static func forbidden(_ message: String) -> PageError {
        PageError(status: .forbidden, title: "Please try again", message: message)
    }

    static func tooLarge(_ message: String) -> PageError {
        PageError(status: .contentTooLarge, title: "Too much data", message: message)
    }
}
