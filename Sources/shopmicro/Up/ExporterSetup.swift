/// Settings of the data-store exporters that `shopmicro up` starts.
enum ExporterSetup {
    /// postgres_exporter's DATA_SOURCE_NAME for `databaseURL`. The private cluster has no TLS, and the
    /// exporter's driver (lib/pq) requires TLS unless told otherwise; other servers keep their own setting.
    static func postgresDataSource(_ databaseURL: String, privateCluster: Bool) -> String {
        guard privateCluster, !databaseURL.contains("sslmode") else { return databaseURL }
        return databaseURL + (databaseURL.contains("?") ? "&" : "?") + "sslmode=disable"
    }
}
