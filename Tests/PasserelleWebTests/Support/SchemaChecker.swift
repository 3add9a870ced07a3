import Foundation
import PasserelleWeb

/// A small JSON Schema checker for the keywords the OpenAPI document uses: `$ref`, `type`, `required`,
/// `properties`, `additionalProperties`, `items`, `enum`, `format: date-time | uri`, `pattern`,
/// `minimum`/`maximum`, `minLength`/`maxLength`, `maxItems`, `oneOf`/`anyOf`, and the annotations `description`,
/// `default` and `examples`. Any other keyword is reported, so the checker never silently accepts a schema it does
/// not understand.
struct SchemaChecker {
    let document: JSONValue

    static let known: Set<String> = [
        "$ref", "type", "required", "properties", "additionalProperties", "items", "enum", "format", "pattern",
        "minimum", "maximum", "maxItems", "oneOf", "anyOf", "description", "default", "minLength", "maxLength", "examples",
    ]

    /// Every violation of `schema` by `value`, as `path: message`; empty when the value conforms.
    func violations(of value: JSONValue, against schema: JSONValue, path: String = "$") -> [String] {
        guard let rules = schema.objectValue else { return ["\(path): schema is not an object"] }
        var problems = rules.keys.filter { !Self.known.contains($0) }.map { "\(path): unsupported keyword \($0)" }
        if let ref = rules["$ref"]?.stringValue {
            guard let target = resolve(ref) else { return ["\(path): unresolvable \(ref)"] }
            return violations(of: value, against: target, path: path)
        }
        if let type = rules["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                return problems + ["\(path): expected \(allowed.joined(separator: "|")), got \(Self.kind(of: value))"]
            }
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path): \(value) is not one of \(options)")
        }
        if let format = rules["format"]?.stringValue, let text = value.stringValue {
            switch format {
            case "date-time":
                if (try? Date(text, strategy: .iso8601)) == nil { problems.append("\(path): '\(text)' is not a date-time") }
            case "date":
                if (try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())) == nil { problems.append("\(path): '\(text)' is not a date") }
            case "uri":
                if URL(string: text)?.scheme == nil { problems.append("\(path): '\(text)' is not a URI") }
            default:
                problems.append("\(path): unsupported format \(format)")
            }
        }
        if let text = value.stringValue {
            if let minimum = rules["minLength"]?.intValue, text.count < minimum { problems.append("\(path): shorter than \(minimum)") }
            if let maximum = rules["maxLength"]?.intValue, text.count > maximum { problems.append("\(path): longer than \(maximum)") }
        }
        if let pattern = rules["pattern"]?.stringValue, let text = value.stringValue,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            problems.append("\(path): '\(text)' does not match \(pattern)")
        }
        if let number = Self.number(value) {
            if let minimum = rules["minimum"].flatMap(Self.number), number < minimum { problems.append("\(path): below \(minimum)") }
            if let maximum = rules["maximum"].flatMap(Self.number), number > maximum { problems.append("\(path): above \(maximum)") }
        }
        if let object = value.objectValue {
            let properties = rules["properties"]?.objectValue ?? [:]
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                problems.append("\(path): missing required \(name)")
            }
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[name] {
                    problems += violations(of: member, against: property, path: "\(path).\(name)")
                } else if let additional = rules["additionalProperties"] {
                    if additional == .bool(false) {
                        problems.append("\(path): undocumented property \(name)")
                    } else if additional.objectValue != nil {
                        problems += violations(of: member, against: additional, path: "\(path).\(name)")
                    }
                }
            }
        }
        if let array = value.arrayValue {
            if let maxItems = rules["maxItems"]?.intValue, array.count > maxItems { problems.append("\(path): more than \(maxItems) items") }
            if let items = rules["items"] {
                for (index, element) in array.enumerated() { problems += violations(of: element, against: items, path: "\(path)[\(index)]") }
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            guard let options = rules[keyword]?.arrayValue else { continue }
            let passing = options.filter { violations(of: value, against: $0, path: path).isEmpty }.count
            if keyword == "oneOf" ? passing != 1 : passing == 0 {
                problems.append("\(path): \(passing) of the \(keyword) schemas match")
            }
        }
        return problems
    }

    func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in ref.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("integer", .int), ("number", .int), ("number", .double):
            true
        default:
            false
        }
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let int): Double(int)
        case .double(let double): double
        default: nil
        }
    }
}
