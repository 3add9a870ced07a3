/// A text with a value per language. French is the reference value; the others are translations.
///
/// Encodes as a plain JSON object `{"fr": "…", "en": "…"}`; only the six known language keys are accepted.
public struct LocalizedText: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    public private(set) var values: [Language: String]

    public init(_ values: [Language: String] = [:]) {
        self.values = values.filter { !$0.value.isEmpty }
    }

    /// A French-only text.
    public init(french: String) { self.init([.fr: french]) }

    public init(stringLiteral value: String) { self.init(french: value) }

    public var isEmpty: Bool { values.isEmpty }

    public subscript(language: Language) -> String? {
        get { values[language] }
        set { values[language] = (newValue?.isEmpty ?? true) ? nil : newValue }
    }

    /// The value in `language`, or the first available along its fallback order.
    public func resolved(for language: Language) -> String? {
        for candidate in language.fallbackOrder() {
            if let value = values[candidate] { return value }
        }
        return nil
    }

    /// The language actually used by `resolved(for:)`, so a page can mark `lang` on a fallback text.
    public func resolvedLanguage(for language: Language) -> Language? {
        language.fallbackOrder().first { values[$0] != nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        var values: [Language: String] = [:]
        for key in container.allKeys {
            guard let language = Language(rawValue: key.stringValue) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container,
                    debugDescription: "unknown language '\(key.stringValue)': expected one of fr, en, de, es, it, pl"
                )
            }
            values[language] = try container.decode(String.self, forKey: key)
        }
        // Empty values are kept as read, so that validation refuses `"pl": ""` on its field instead of it vanishing.
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for language in Language.allCases {
            if let value = values[language] { try container.encode(value, forKey: AnyKey(language.rawValue)) }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
