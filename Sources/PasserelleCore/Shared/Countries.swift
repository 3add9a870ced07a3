/// Country groups the catalogue's policies name.
public enum Countries {
    /// The Council of Europe's 46 member states except France (ISO 3166-1 alpha-2), as the AVMS directive's
    /// "European works" count them.
    public static let europeanOtherThanFrance: Set<String> = [
        "AD", "AL", "AM", "AT", "AZ", "BA", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "GB", "GE", "GR",
        "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO",
        "RS", "SE", "SI", "SK", "SM", "TR", "UA",
    ]

    /// France or another European country.
    public static func isFrenchOrEuropean(_ code: String?) -> Bool {
        guard let code else { return false }
        return code == "FR" || europeanOtherThanFrance.contains(code)
    }
}
