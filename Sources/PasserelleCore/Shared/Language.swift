import Foundation

/// The six languages Passerelle speaks. French comes first: it is the reference language of the catalogue.
public enum Language: String, CaseIterable, Sendable, Hashable, Codable {
    case fr, en, de, es, it, pl

    /// The order in which a missing translation falls back: the asked language, then French, then English,
    /// then the others in declaration order.
    public func fallbackOrder() -> [Language] {
        var order: [Language] = [self]
        for candidate in [Language.fr, .en] + Language.allCases where !order.contains(candidate) {
            order.append(candidate)
        }
        return order
    }

    /// The language's own name, for a language switch.
    public var endonym: String {
        switch self {
        case .fr: "Français"
        case .en: "English"
        case .de: "Deutsch"
        case .es: "Español"
        case .it: "Italiano"
        case .pl: "Polski"
        }
    }

    /// Picks the best supported language from an HTTP `Accept-Language` header (RFC 9110 §12.5.4),
    /// honouring q-values; French when nothing matches.
    public static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header, !header.isEmpty else { return .fr }
        var best: (language: Language, quality: Double, position: Int)?
        for (position, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let primary = String(tag.split(separator: "-").first ?? "")
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            if best == nil || quality > best!.quality {
                best = (language, quality, position)
            }
        }
        return best?.language ?? .fr
    }
}
