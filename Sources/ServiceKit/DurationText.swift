/// Durations as people write them in configuration and on command lines: whole seconds (`300`)
/// or with a unit (`300s`, `5m`, `1h`).
public enum DurationText {
    /// The number of seconds, or nil when `text` is not such a duration (negative, empty, overflowing).
    public static func seconds(_ text: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        let unit = text.last.flatMap { units[$0] }
        guard let number = Int(unit == nil ? text : String(text.dropLast())), number >= 0 else { return nil }
        let (seconds, overflow) = number.multipliedReportingOverflow(by: unit ?? 1)
        return overflow ? nil : seconds
    }
}
