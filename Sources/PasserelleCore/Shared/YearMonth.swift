/// `YYYY-MM` read strictly (four digits, a hyphen, two digits; years 2000…2999, months 01…12): the text of a monthly
/// period, whatever calendar the period then lives in (the observatory's UTC months, the pass's Paris months).
public enum YearMonth {
    public static func parse(_ text: String) -> (year: Int, month: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (2000...2999).contains(year), (1...12).contains(month) else { return nil }
        return (year, month)
    }
}
