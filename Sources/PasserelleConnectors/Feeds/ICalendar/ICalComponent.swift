import Foundation

/// A component (`VCALENDAR`, `VEVENT`, `VTIMEZONE`, `STANDARD`…) with its properties and sub-components, where it
/// is in the document, and what went wrong inside it.
final class ICalComponent {
    let name: String
    /// 1-based line of its `BEGIN:`.
    let line: Int
    /// Byte range of its text in the document, from its `BEGIN:` line to its `END:` line.
    let start: Int
    var end: Int
    var properties: [ICalLine] = []
    var children: [ICalComponent] = []
    /// False when the document ended (or an outer component ended) before its `END:`.
    var isClosed = false
    /// Lines inside it that could not be read: (line, property name when known, why).
    var badLines: [(line: Int, name: String?, message: String)] = []

    init(name: String, line: Int, start: Int) {
        self.name = name
        self.line = line
        self.start = start
        self.end = start
    }

    func first(_ name: String) -> ICalLine? { properties.first { $0.name == name } }
    func all(_ name: String) -> [ICalLine] { properties.filter { $0.name == name } }
}

/// The document read into components: top-level components in order, and problems found outside any of them.
struct ICalDocument {
    var roots: [ICalComponent] = []
    /// Problems outside components or past the limits: (line, message).
    var problems: [(line: Int, message: String)] = []
    var componentCount = 0
    var truncated = false

    enum Failure: Error { case notUTF8 }

    /// Builds the tree. `END:` closes the innermost open component of that name (and any still open inside it);
    /// an `END:` that matches none is reported and skipped.
    static func read(_ bytes: [UInt8]) throws(Failure) -> ICalDocument {
        var document = ICalDocument()
        var stack: [ICalComponent] = []
        var skippedDepth = 0
        for unfolded in ICalUnfolder.lines(bytes, maximumLineBytes: ICalendarFeed.maximumLineBytes) {
            let parsed = ICalUnfolder.parse(unfolded, maximumLineBytes: ICalendarFeed.maximumLineBytes)
            let line: ICalLine
            switch parsed {
            case .failure(.notUTF8): throw .notUTF8
            case .failure(let error):
                // An unreadable line: the component it belongs to records it (its name when it can be seen).
                let head = String(decoding: unfolded.bytes.prefix(64), as: UTF8.self)
                let name = head.split(whereSeparator: { $0 == ";" || $0 == ":" }).first.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
                if let top = stack.last { top.badLines.append((unfolded.line, name, error.message)) } else {
                    document.problems.append((unfolded.line, "line \(unfolded.line): \(error.message)"))
                }
                continue
            case .success(let value): line = value
            }
            if line.name == "BEGIN" {
                let name = line.value.trimmingCharacters(in: .whitespaces).uppercased()
                if skippedDepth > 0 || stack.count >= ICalendarFeed.maximumDepth {
                    skippedDepth += 1
                    if skippedDepth == 1 { document.problems.append((line.line, "BEGIN:\(name.prefix(40)) nested deeper than \(ICalendarFeed.maximumDepth) levels; skipped")) }
                    continue
                }
                document.componentCount += 1
                guard document.componentCount <= ICalendarFeed.maximumComponents else {
                    document.truncated = true
                    document.problems.append((line.line, "more than \(ICalendarFeed.maximumComponents) components; the rest was not read"))
                    break
                }
                let component = ICalComponent(name: name, line: line.line, start: unfolded.start)
                if let parent = stack.last { parent.children.append(component) } else { document.roots.append(component) }
                stack.append(component)
            } else if line.name == "END" {
                if skippedDepth > 0 { skippedDepth -= 1; continue }
                let name = line.value.trimmingCharacters(in: .whitespaces).uppercased()
                guard let position = stack.lastIndex(where: { $0.name == name }) else {
                    let message = "END:\(name.prefix(40)) closes no open component"
                    if let top = stack.last { top.badLines.append((line.line, "END", message)) } else { document.problems.append((line.line, message)) }
                    continue
                }
                for open in stack[(position + 1)...] { open.end = unfolded.start }
                stack[position].isClosed = true
                stack[position].end = unfolded.end
                stack.removeSubrange(position...)
            } else if skippedDepth > 0 {
                continue
            } else if let top = stack.last {
                top.properties.append(line)
            } else {
                document.problems.append((line.line, "\(line.name.prefix(40)) outside any component"))
            }
        }
        for open in stack { open.end = bytes.count }
        return document
    }
}
