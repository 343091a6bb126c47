import Logging

extension LogHandler {
    /// The metadata of one record: the handler's own, then the provider's, then the call's, later winning.
    func effectiveMetadata(for event: LogEvent) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        return merged
    }
}
