import Dispatch
import Telemetry
import Tracing

/// A leased connection, handed to the body of `PostgresPool.withConnection` / `transaction` on a pool thread.
///
/// Every statement is a child span of the caller's span and records
/// `db_client_operation_duration_seconds`.
public struct PostgresSession {
    let connection: PostgresConnection
    let context: ServiceContext
    let metrics: DatabaseClientMetrics

    /// Runs one statement with bound parameters (`$1`, `$2`, … in `sql`); never build SQL from values.
    @discardableResult
    public func query(_ sql: String, _ parameters: any PostgresBindable...) throws(PostgresError) -> PostgresRows {
        try query(sql, parameters: parameters)
    }

    /// `query` with the parameters as an array (for callers that forward their own variadic list).
    func query(_ sql: String, parameters: [any PostgresBindable]) throws(PostgresError) -> PostgresRows {
        let texts = parameters.map(\.postgresText)
        return try measured(sql) { () throws(PostgresError) in try connection.execute(sql, texts) }
    }

    /// Runs a fixed script of one or more statements without parameters (schema migrations).
    /// Only for constant SQL written in the source, never for anything containing input.
    @discardableResult
    public func executeScript(_ sql: StaticString) throws(PostgresError) -> PostgresRows {
        let text = sql.description
        return try measured(text) { () throws(PostgresError) in try connection.executeSimple(text) }
    }

    func measured(_ sql: String, _ body: () throws(PostgresError) -> PostgresRows) throws(PostgresError) -> PostgresRows {
        let operation = PostgresOperation.name(of: sql)
        let span = InstrumentationSystem.legacyTracer.startAnySpan(operation, context: context, ofKind: .client)
        if span.isRecording {
            span.attributes["db.system.name"] = "postgresql"
            span.attributes["db.operation.name"] = operation
            span.attributes["db.query.text"] = sql
        }
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            metrics.recordOperation(system: "postgresql", operation: operation,
                                    nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
            span.end()
        }
        do {
            return try body()
        } catch {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            throw error
        }
    }
}
