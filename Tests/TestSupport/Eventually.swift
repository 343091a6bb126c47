/// Polls until `condition` holds (for work that happens in the background), at most `timeout`;
/// a throwing condition counts as not yet.
public func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return true }
        try await Task.sleep(for: .milliseconds(200))
    }
    return false
}
