/// A small XML writer for what the site publishes (OAI-PMH): element and attribute names are compile-time constants
/// (`StaticString`), every text and attribute value is escaped and stripped of characters XML 1.0 forbids, so data
/// can neither inject markup nor make the document ill-formed.
struct XMLWriter {
    private(set) var output = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"

    /// An attribute; a nil value omits it.
    typealias Attribute = (name: StaticString, value: String?)

    mutating func open(_ name: StaticString, _ attributes: [Attribute] = []) {
        output += "<\(name)" + Self.attributes(attributes) + ">"
    }

    mutating func close(_ name: StaticString) { output += "</\(name)>\n" }

    /// An element with escaped text content.
    mutating func element(_ name: StaticString, _ attributes: [Attribute] = [], text: String) {
        output += "<\(name)" + Self.attributes(attributes) + ">" + XMLText.escape(text) + "</\(name)>\n"
    }

    /// An element whose children `content` writes.
    mutating func element(_ name: StaticString, _ attributes: [Attribute] = [], _ content: (inout XMLWriter) -> Void) {
        open(name, attributes)
        output += "\n"
        content(&self)
        close(name)
    }

    /// An element without content (`<resumptionToken completeListSize="3" cursor="0"/>`).
    mutating func empty(_ name: StaticString, _ attributes: [Attribute] = []) {
        output += "<\(name)" + Self.attributes(attributes) + "/>\n"
    }

    private static func attributes(_ attributes: [Attribute]) -> String {
        attributes.compactMap { attribute in attribute.value.map { " \(attribute.name)=\"\(XMLText.escape($0))\"" } }.joined()
    }
}

/// Text made safe for XML 1.0 content and quoted attributes.
enum XMLText {
    /// Escapes the five markup characters; drops what XML 1.0 forbids (C0 controls but tab, newline and carriage
    /// return; U+FFFE and U+FFFF), which no escape can carry.
    static func escape(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default:
                if scalar.value < 0x20 && !["\t", "\n", "\r"].contains(scalar) { continue }
                if (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
