public import Foundation
public import PasserelleConnectors

extension OAIImport {
    /// A harvest's summary in the import's JSON report: how far it got, why it stopped, where to go on from.
    static func fields(_ summary: OAIHarvestSummary) -> [String: Any] {
        var object: [String: Any] = ["pages": summary.pages, "records": summary.records, "deleted": summary.deleted,
                                     "retries": summary.retries, "complete": summary.isComplete]
        if let size = summary.completeListSize { object["completeListSize"] = size }
        if let last = summary.lastDatestamp { object["lastDatestamp"] = last.text }
        if let token = summary.resumptionToken { object["resumptionToken"] = token }
        if let failure = summary.failure {
            object["failure"] = ["reason": reasonCode(failure.kind), "page": failure.page, "url": failure.url.absoluteString,
                                 "attempts": failure.attempts, "message": failure.message] as [String: Any]
        }
        return object
    }

    /// The same for a person.
    static func lines(_ summary: OAIHarvestSummary) -> [String] {
        var lines = ["harvest: \(summary.pages) page(s), \(summary.records) record(s) of which \(summary.deleted) deleted, \(summary.retries) retried request(s)"
            + (summary.completeListSize.map { "; the repository announced \($0)" } ?? "")]
        if let failure = summary.failure {
            lines.append("stopped early [\(reasonCode(failure.kind))]: \(failure); the pages before were kept, nothing was withdrawn for not being seen")
        } else {
            lines.append("the list was read to its end")
        }
        if let last = summary.lastDatestamp { lines.append("next incremental harvest: --from \(last.text)") }
        return lines
    }

    /// A stable code for why a harvest stopped (`oai-badResumptionToken`, `http-503`, `timed-out`…), for scripts.
    public static func reasonCode(_ kind: OAIHarvestFailure.Kind) -> String {
        switch kind {
        case .transport: "transport"
        case .timedOut: "timed-out"
        case .httpStatus(let status): "http-\(status)"
        case .malformedResponse: "malformed-response"
        case .refused: "refused"
        case .badResumptionToken: "oai-badResumptionToken"
        case .oaiError(let code): "oai-\(code.rawValue)"
        case .limit: "limit"
        }
    }
}
