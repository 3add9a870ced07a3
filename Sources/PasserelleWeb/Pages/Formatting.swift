import Foundation
import PasserelleCore

/// Dates and prices as people read them in each language. Times are shown in Paris time, the catalogue's
/// reference (overseas venues will need their own zone when the domain carries one).
enum Formatting {
    private static let paris = TimeZone(identifier: "Europe/Paris") ?? .gmt

    static func dateTime(_ date: Date, _ language: Language) -> String {
        let style = Date.FormatStyle(date: .long, time: .shortened, locale: Locale(identifier: language.rawValue), timeZone: paris)
        return date.formatted(style)
    }

    /// `4 décembre 2028`: a day, in Paris time.
    static func day(_ date: Date, _ language: Language) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: language.rawValue), timeZone: paris))
    }

    /// `12,50 €` (or `€12.50` in English, `1 500,00 €` with a thousand), a no-break space before the sign;
    /// `Gratuit` for zero unless `zeroAsFree` is false.
    static func price(cents: Int64, _ language: Language, zeroAsFree: Bool = true) -> String {
        if cents == 0 && zeroAsFree { return UIStrings.text(.free, language) }
        // Imported data is not always validated: show a negative amount as one, never as "-12,-50".
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        // Grouped as the language groups thousands (1 500,00 €, €1,500.00), and never broken before the € sign.
        let euros = sign + integer(Int64(magnitude / 100), language)
        let rest = magnitude % 100
        let fraction = rest < 10 ? "0\(rest)" : "\(rest)"
        switch language {
        case .en: return "€\(euros).\(fraction)"
        default: return "\(euros),\(fraction)\u{00A0}€"
        }
    }

    /// `12 345` with the language's digit grouping (a non-breaking space in French and Polish).
    /// ISO 639 codes as names in the page's language ("fr, br" → "français, breton"); an unknown code stays a code.
    static func languageNames(_ codes: [String], _ language: Language) -> String {
        let locale = Locale(identifier: language.rawValue)
        return codes.map { locale.localizedString(forLanguageCode: $0) ?? $0 }.joined(separator: ", ")
    }

    static func integer(_ value: Int64, _ language: Language) -> String {
        value.formatted(.number.locale(Locale(identifier: language.rawValue)))
    }

    static func priceRange(_ range: PriceRange?, _ language: Language) -> String {
        guard let range else { return UIStrings.text(.priceUnknown, language) }
        if range.isFree { return UIStrings.text(.free, language) }
        if range.minCents == range.maxCents { return price(cents: range.minCents, language) }
        // Within a range a zero is a number ("0,00 € – 15,00 €"), not the word "free".
        return "\(price(cents: range.minCents, language, zeroAsFree: false)) – \(price(cents: range.maxCents, language))"
    }
}
