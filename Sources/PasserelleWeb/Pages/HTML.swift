import PasserelleQRCode

/// A tiny HTML writer that escapes by default: tag and attribute names are compile-time constants
/// (`StaticString`), every text and attribute value goes through `escape`. There is no way to insert
/// raw markup built from data, so user data cannot inject markup.
struct HTML {
    private(set) var output = ""

    init() {}

    /// An attribute; a nil value omits it, an empty value writes a boolean attribute.
    typealias Attribute = (name: StaticString, value: String?)

    mutating func doctype() { output += "<!DOCTYPE html>\n" }

    mutating func open(_ tag: StaticString, _ attributes: [Attribute] = []) {
        output += "<\(tag)"
        for attribute in attributes {
            guard let value = attribute.value else { continue }
            output += value.isEmpty ? " \(attribute.name)" : " \(attribute.name)=\"\(Self.escape(value))\""
        }
        output += ">"
    }

    mutating func close(_ tag: StaticString) { output += "</\(tag)>" }

    /// Escaped text content.
    mutating func text(_ value: String) { output += Self.escape(value) }

    /// An element with escaped text content.
    mutating func element(_ tag: StaticString, _ attributes: [Attribute] = [], text: String) {
        open(tag, attributes)
        self.text(text)
        close(tag)
    }

    /// An element whose content is written by `content`.
    mutating func element(_ tag: StaticString, _ attributes: [Attribute] = [], _ content: (inout HTML) -> Void) {
        open(tag, attributes)
        content(&self)
        close(tag)
    }

    /// A `<script type="application/ld+json">` data block (never executed; the pages' CSP allows no script): the JSON
    /// is written with `<`, `>` and `&` as `\u003c`…, so no value can close the block or start markup.
    mutating func structuredData(_ value: JSONValue) {
        guard let text = try? value.scriptSafeText() else { return }
        output += "<script type=\"application/ld+json\">" + text + "</script>"
    }

    /// A QR Code as inline SVG. `PasserelleQRCode` writes it from the symbol's modules alone and escapes the title
    /// itself, so no data reaches this markup unescaped.
    mutating func qrCode(_ code: QRCode, title: String) { output += code.svg(title: title) }

    /// A void element (`meta`, `link`).
    mutating func void(_ tag: StaticString, _ attributes: [Attribute] = []) { open(tag, attributes) }

    /// An empty SVG element (`line`, `polyline`): inside `<svg>` the HTML parser knows no void elements, so
    /// `<line>` without `/>` would swallow every later mark as its children, and none of them would be drawn.
    mutating func empty(_ tag: StaticString, _ attributes: [Attribute] = []) {
        open(tag, attributes)
        output.removeLast()
        output += "/>"
    }

    /// Escapes the five characters that matter in text and in quoted attribute values.
    static func escape(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
