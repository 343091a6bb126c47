/// The rows a statement returned, copied out of libpq (text format).
public struct PostgresRows: Sendable {
    /// Column names in result order.
    public let columns: [String]
    /// Values by row, then column; nil is SQL NULL.
    let values: [[String?]]
    /// Rows changed by an INSERT, UPDATE or DELETE.
    public let affectedRows: Int

    init(columns: [String], values: [[String?]], affectedRows: Int) {
        self.columns = columns
        self.values = values
        self.affectedRows = affectedRows
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    /// The rows, each able to read its columns by name.
    public var rows: [PostgresRow] {
        let index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return values.map { PostgresRow(columnIndex: index, values: $0) }
    }

    /// The first row, if any.
    public var first: PostgresRow? { rows.first }
}

/// One result row; typed accessors throw `PostgresDecodingError` for a missing column, NULL or bad text.
public struct PostgresRow: Sendable {
    let columnIndex: [String: Int]
    let values: [String?]

    /// The raw text of `column`, nil for NULL.
    public func text(_ column: String) throws -> String? {
        guard let index = columnIndex[column] else { throw PostgresDecodingError(column: column, reason: "no such column") }
        return values[index]
    }

    public func string(_ column: String) throws -> String {
        guard let value = try text(column) else { throw PostgresDecodingError(column: column, reason: "is NULL") }
        return value
    }

    public func int(_ column: String) throws -> Int {
        guard let value = Int(try string(column)) else { throw PostgresDecodingError(column: column, reason: "is not an integer") }
        return value
    }

    public func bool(_ column: String) throws -> Bool {
        switch try string(column) {
        case "t": return true
        case "f": return false
        default: throw PostgresDecodingError(column: column, reason: "is not a boolean")
        }
    }

    public func double(_ column: String) throws -> Double {
        guard let value = Double(try string(column)) else { throw PostgresDecodingError(column: column, reason: "is not a number") }
        return value
    }

    /// An integer array column (`int[]` / `bigint[]`), e.g. `{1,2,3}`.
    public func intArray(_ column: String) throws -> [Int] {
        let text = try string(column)
        guard text.first == "{", text.last == "}" else { throw PostgresDecodingError(column: column, reason: "is not an array") }
        let body = text.dropFirst().dropLast()
        if body.isEmpty { return [] }
        return try body.split(separator: ",").map {
            guard let value = Int($0) else { throw PostgresDecodingError(column: column, reason: "is not an integer array") }
            return value
        }
    }
}

/// A column that could not be read as the requested type.
public struct PostgresDecodingError: Error, Sendable, CustomStringConvertible {
    public let column: String
    public let reason: String
    public var description: String { "column \(column) \(reason)" }
}
