#if canImport(Glibc)
import Glibc
#endif

/// Formats time as RFC 3339 in UTC with milliseconds, e.g. `2026-11-26T01:02:03.456Z`.
enum RFC3339Timestamp {
    /// The length of every timestamp written here (years 0000–9999).
    static var length: Int { 24 }

    /// Writes the current time into the `length` bytes at `text`.
    static func writeNow(to text: UnsafeMutablePointer<UInt8>) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        write(seconds: spec.tv_sec, milliseconds: Int(spec.tv_nsec / 1_000_000), to: text)
    }

    static func format(seconds: time_t, milliseconds: Int) -> String {
        String(unsafeUninitializedCapacity: length) { text in
            write(seconds: seconds, milliseconds: milliseconds, to: text.baseAddress!)
            return length
        }
    }

    /// Writes the time into the `length` bytes at `text`.
    static func write(seconds: time_t, milliseconds: Int, to text: UnsafeMutablePointer<UInt8>) {
        let days = Int(seconds).floorDivided(by: 86_400)
        let date = CivilDate(daysSinceEpoch: days)
        let secondOfDay = Int(seconds) - days * 86_400
        var index = 0
        func digits(_ value: Int, _ width: Int, then separator: UInt8) {
            var value = value
            for position in stride(from: index + width - 1, through: index, by: -1) {
                text[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            text[index + width] = separator
            index += width + 1
        }
        digits(date.year, 4, then: UInt8(ascii: "-"))
        digits(date.month, 2, then: UInt8(ascii: "-"))
        digits(date.day, 2, then: UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2, then: UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2, then: UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, then: UInt8(ascii: "."))
        digits(milliseconds, 3, then: UInt8(ascii: "Z"))
    }
}

/// A proleptic Gregorian date from a day count, by arithmetic (Howard Hinnant's `civil_from_days`):
/// no `gmtime_r` call for each log line.
struct CivilDate {
    var year: Int
    var month: Int
    var day: Int

    init(daysSinceEpoch days: Int) {
        let shifted = days + 719_468  // days since 0000-03-01
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153  // March = 0
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}

extension Int {
    /// Division rounding towards negative infinity (days before 1970 belong to the earlier day).
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
