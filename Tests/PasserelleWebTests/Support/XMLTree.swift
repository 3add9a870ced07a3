import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML document for tests: elements by qualified name (`dc:title`), attributes, text. Parsing fails on
/// anything that is not well-formed XML, so a test reading a response also checks it is XML.
struct XMLTree: Sendable {
    let name: String
    let attributes: [String: String]
    let children: [XMLTree]
    let text: String

    struct NotWellFormed: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ text: String) throws -> XMLTree {
        let builder = Builder()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw NotWellFormed(description: parser.parserError.map { "\($0)" } ?? "no root element")
        }
        return root
    }

    /// Every descendant (or self) named `name`, in document order.
    func all(_ name: String) -> [XMLTree] {
        (self.name == name ? [self] : []) + children.flatMap { $0.all(name) }
    }

    func first(_ name: String) -> XMLTree? { all(name).first }

    /// The text of every descendant named `name`.
    func texts(_ name: String) -> [String] { all(name).map(\.text) }

    private final class Builder: NSObject, XMLParserDelegate {
        final class Open {
            let name: String
            let attributes: [String: String]
            var children: [XMLTree] = []
            var text = ""
            init(name: String, attributes: [String: String]) {
                self.name = name
                self.attributes = attributes
            }
        }

        var stack: [Open] = []
        var root: XMLTree?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            stack.append(Open(name: name, attributes: attributes))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard let open = stack.popLast() else { return }
            let node = XMLTree(
                name: open.name, attributes: open.attributes, children: open.children,
                text: open.children.isEmpty ? open.text : open.text.trimmingCharacters(in: .whitespacesAndNewlines))
            if let parent = stack.last { parent.children.append(node) } else { root = node }
        }
    }
}
