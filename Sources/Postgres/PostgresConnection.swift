import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One libpq connection. Its calls block: only ever use it from a pool thread, never an event loop.
///
/// Statements are prepared on first use and then executed by name, always with bound parameters.
final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private var preparedStatements: [String: String] = [:]

    /// Opens a connection; throws `connectionFailed` with libpq's message.
    init(configuration: PostgresConfiguration) throws(PostgresError) {
        let parameters = configuration.connectionParameters
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        var keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        var valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let connection = PQconnectdbParams(&keywordPointers, &valuePointers, 1) else {
            throw .connectionFailed("out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.message(of: connection)
            PQfinish(connection)
            throw .connectionFailed(message)
        }
        handle = connection
    }

    deinit {
        PQfinish(handle)
    }

    /// False once the connection is known to be broken.
    var isUsable: Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        // An idle connection has nothing to read; if the socket is readable the server closed it
        // (restart, idle kill) or sent an error. Let libpq look, without blocking.
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 0) > 0 {
            if PQconsumeInput(handle) == 0 { return false }
            while let notice = PQnotifies(handle) { PQfreemem(notice) }
        }
        return PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Cheap check after use: connected and not left inside a transaction.
    var isReusable: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Runs `sql` with `parameters` bound as $1, $2, …
    func execute(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> PostgresRows {
        let name = try preparedName(for: sql, parameterCount: parameters.count)
        let cStrings = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        let pointers = cStrings.map { UnsafePointer($0) }
        let result = pointers.withUnsafeBufferPointer { buffer in
            PQexecPrepared(handle, name, Int32(parameters.count), buffer.baseAddress, nil, nil, 0)
        }
        return try rows(of: result)
    }

    /// Runs a statement without parameters that is not worth preparing (BEGIN, COMMIT, migrations).
    func executeSimple(_ sql: String) throws(PostgresError) -> PostgresRows {
        try rows(of: PQexec(handle, sql))
    }

    private func preparedName(for sql: String, parameterCount: Int) throws(PostgresError) -> String {
        if let name = preparedStatements[sql] { return name }
        let name = "s\(preparedStatements.count)"
        _ = try rows(of: PQprepare(handle, name, sql, Int32(parameterCount), nil))
        preparedStatements[sql] = name
        return name
    }

    /// Copies a result out of libpq and frees it, or throws what went wrong.
    private func rows(of result: OpaquePointer?) throws(PostgresError) -> PostgresRows {
        guard let result else { throw .connectionLost(Self.message(of: handle)) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            let columnCount = Int(PQnfields(result))
            let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
            let rowCount = Int(PQntuples(result))
            var values: [[String?]] = []
            values.reserveCapacity(rowCount)
            for row in 0..<rowCount {
                values.append((0..<columnCount).map { column in
                    PQgetisnull(result, Int32(row), Int32(column)) == 1
                        ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
                })
            }
            let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
            return PostgresRows(columns: columns, values: values, affectedRows: affected)
        default:
            let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
                ?? Self.message(of: handle)
            if PQstatus(handle) != CONNECTION_OK || sqlState == nil {
                throw .connectionLost(message)
            }
            throw .statementFailed(sqlState: sqlState!, message: message)
        }
    }

    private static func message(of connection: OpaquePointer) -> String {
        guard let text = PQerrorMessage(connection) else { return "unknown error" }
        return String(cString: text).trimmingTrailingWhitespace()
    }
}

extension String {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
