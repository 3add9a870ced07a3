public import Foundation

/// Ages as the pass counts them: in years completed on a given day, in Paris time (a beneficiary born on
/// 29 February turns a year older on 1 March in common years).
public enum Eligibility {
    static let paris: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        return calendar
    }()

    /// Whole years between the birth date and `date`; nil for a birth date after `date`.
    public static func age(born birthdate: DateComponents, on date: Date) -> Int? {
        guard let year = birthdate.year, let month = birthdate.month, let day = birthdate.day else { return nil }
        let today = paris.dateComponents([.year, .month, .day], from: date)
        guard let thisYear = today.year, let thisMonth = today.month, let thisDay = today.day else { return nil }
        var age = thisYear - year
        if (thisMonth, thisDay) < (month, day) { age -= 1 }
        return age >= 0 ? age : nil
    }

    /// A birth date written `YYYY-MM-DD` that exists in the calendar.
    public static func birthdate(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = paris.date(from: components), paris.dateComponents([.year, .month, .day], from: date) == components else { return nil }
        return components
    }
}
