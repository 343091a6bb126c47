import Foundation

/// One fault drill: what breaks, how it is repaired, and what operators and clients must see.
struct Drill: Sendable {
    let name: String
    /// The fault, as the report's table says it.
    let fault: String
    /// One of these alerts must fire and reach `receiver`; empty when no alert should (a fault that
    /// heals faster than any alert's `for`).
    var expected: [ExpectedAlert] = []
    var receiver: String?
    /// Pages this fault rightly causes besides `expected` (the SLO pages of the users' errors it
    /// makes); any other page fails the drill.
    var allowedPages: Set<String> = []
    /// Catalog and product pages must keep succeeding while the fault lasts.
    var readsMustSucceed = false
    /// No request may be cut off (reset, closed or timed out): a graceful stop finishes what it accepted.
    var requestsMustNotBeCut = false
    /// Breaks the platform; returns what it observed (problems fail the drill) once the fault is in place.
    let inject: @Sendable (DrillContext) async throws -> Observations
    /// Repairs it; nil when the fault ends by itself (a restart, a graceful stop and start).
    var repair: (@Sendable (DrillContext) async throws -> Void)?
}

/// What a drill's steps can reach.
struct DrillContext: Sendable {
    let platform: LocalPlatform
    let ledger: CheckoutLedger
}

/// Facts a drill step noted, and the problems among them.
struct Observations: Sendable {
    var notes: [String] = []
    var problems: [String] = []
}
