import Foundation

/// The `<OAI-PMH>` document every answer is (spec §3.2): the response date, the request echoed, then the verb's
/// element or the errors.
enum OAIEnvelope {
    static let namespace = "http://www.openarchives.org/OAI/2.0/"

    /// A document whose verb element `body` writes; `echo` nil leaves the `<request>` element without attributes.
    static func document(
        responseDate: Date, baseURL: String, echo: [(name: String, value: String)]?, body: (inout XMLWriter) -> Void
    ) -> String {
        var xml = XMLWriter()
        xml.element("OAI-PMH", [
            ("xmlns", namespace), ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", namespace + " http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"),
        ]) { xml in
            xml.element("responseDate", text: OAIDatestamp.format(responseDate))
            xml.element("request", (echo ?? []).compactMap(attribute), text: baseURL)
            body(&xml)
        }
        return xml.output
    }

    static func error(_ error: OAIError, responseDate: Date, baseURL: String, echo: [(name: String, value: String)]) -> String {
        document(responseDate: responseDate, baseURL: baseURL, echo: error.echoesRequest ? echo : nil) { xml in
            xml.element("error", [("code", error.code.rawValue)], text: error.message)
        }
    }

    /// The text a response's ETag hashes: the document without its response date, so an unchanged answer keeps its tag.
    static func stableText(_ document: String) -> String {
        guard let start = document.range(of: "<responseDate>"), let end = document.range(of: "</responseDate>", range: start.upperBound..<document.endIndex)
        else { return document }
        return String(document[..<start.lowerBound] + document[end.upperBound...])
    }

    /// The echoed attribute of a known argument (names are checked before a request is echoed; others are left out).
    private static func attribute(_ pair: (name: String, value: String)) -> XMLWriter.Attribute? {
        switch pair.name {
        case "verb": ("verb", pair.value)
        case "identifier": ("identifier", pair.value)
        case "metadataPrefix": ("metadataPrefix", pair.value)
        case "from": ("from", pair.value)
        case "until": ("until", pair.value)
        case "set": ("set", pair.value)
        case "resumptionToken": ("resumptionToken", pair.value)
        default: nil
        }
    }
}
