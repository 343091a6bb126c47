import Logging

extension LogHandler {
    /// The metadata of one record: the handler's own, then the provider's, then the call's, later winning.
    func effectiveMetadata(for event: LogEvent) -> Logger.Metadata {
        let provided = metadataProvider?.get() ?? [:]
        // The common case (no handler metadata, no provider) needs no merge.
        if metadata.isEmpty && provided.isEmpty { return event.metadata ?? [:] }
        var merged = metadata
        if !provided.isEmpty { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        return merged
    }
}
