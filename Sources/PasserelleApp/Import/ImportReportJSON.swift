public import Foundation
public import PasserelleConnectors
import PasserelleCore

/// The report of `passerelle import`, as JSON (`--json`) or as lines for a person.
public enum ImportReportJSON {
    public static func encode(read: FeedRead, sync: FeedSyncReport, source: String, kind: String = "jsonld", dryRun: Bool,
                              harvest: OAIHarvestSummary? = nil) throws -> Data {
        func records(_ list: [RejectedRecord]) -> [[String: Any]] {
            list.map { record in
                var object: [String: Any] = ["reason": record.reason.code.rawValue, "message": record.reason.message,
                                             "record": record.raw, "block": record.block, "line": record.line]
                if let id = record.recordID { object["recordID"] = id }
                return object
            }
        }
        var object: [String: Any] = [
            "source": source, "kind": kind, "dryRun": dryRun, "blocks": read.blocks, "otherNodes": read.otherNodes,
            "created": sync.created, "updated": sync.updated, "unchanged": sync.unchanged, "withdrawn": sync.withdrawn,
            "venuesCreated": sync.venuesCreated, "venuesUpdated": sync.venuesUpdated, "vanishedKept": sync.vanishedKept,
            "worksCreated": sync.worksCreated, "worksUpdated": sync.worksUpdated,
            "stocksCreated": sync.stocksCreated, "stocksUpdated": sync.stocksUpdated, "stocksWithdrawn": sync.stocksWithdrawn,
            "rejected": records(read.rejected), "warnings": records(read.warnings),
        ]
        if sync.worksWithdrawn > 0 { object["worksWithdrawn"] = sync.worksWithdrawn }
        object["merged"] = sync.merged
        object["mergesEnded"] = sync.mergesEnded
        object["merges"] = sync.merges.map { merge in
            var entry: [String: Any] = ["recordOfferID": merge.recordOfferID.rawValue, "offerID": merge.offerID.rawValue, "rule": merge.rule.rawValue,
                                        "evidence": merge.evidence, "fields": merge.fields]
            if let id = merge.recordID { entry["recordID"] = id }
            return entry
        }
        if let harvest { object["harvest"] = OAIImport.fields(harvest) }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    public static func summary(read: FeedRead, sync: FeedSyncReport, source: String, kind: String = "jsonld", dryRun: Bool,
                               harvest: OAIHarvestSummary? = nil) -> String {
        let container = kind == "jsonld" ? "\(read.blocks) JSON-LD block(s), " : ""
        let records = harvest?.records ?? (read.events.count + read.works.count + read.rejected.count)
        var lines = [
            "\(source): \(container)\(records) record(s) read" + (dryRun ? " (dry run: nothing written)" : ""),
            "offers: \(sync.created) created, \(sync.updated) updated, \(sync.unchanged) unchanged, \(sync.withdrawn) withdrawn; venues: \(sync.venuesCreated) created, \(sync.venuesUpdated) updated",
        ]
        if sync.worksCreated + sync.worksUpdated + sync.worksWithdrawn > 0 {
            lines.append("works: \(sync.worksCreated) created, \(sync.worksUpdated) updated" + (sync.worksWithdrawn > 0 ? ", \(sync.worksWithdrawn) withdrawn" : ""))
        }
        if let harvest { lines += OAIImport.lines(harvest) }
        if sync.merged + sync.mergesEnded > 0 {
            lines.append("merged: \(sync.merged) record(s) into offers the institution's other sources gave" + (sync.mergesEnded > 0 ? "; \(sync.mergesEnded) merge(s) ended" : ""))
            for merge in sync.merges.prefix(20) {
                lines.append("  \(merge.recordID ?? merge.recordOfferID.rawValue) → \(merge.offerID) (\(merge.rule.rawValue): \(merge.evidence))"
                             + (merge.fields.isEmpty ? "" : "; supplied \(merge.fields.joined(separator: ", "))"))
            }
            if sync.merges.count > 20 { lines.append("  … and \(sync.merges.count - 20) more (--json lists them all)") }
        }
        if sync.stocksCreated + sync.stocksUpdated + sync.stocksWithdrawn > 0 {
            lines.append("dated stocks: \(sync.stocksCreated) created, \(sync.stocksUpdated) updated, \(sync.stocksWithdrawn) withdrawn")
        }
        lines.append("rejected: \(read.rejected.count), warnings: \(read.warnings.count)")
        if sync.vanishedKept > 0 {
            lines.append("kept active: \(sync.vanishedKept) offer(s) this source no longer lists, because this read was not complete (rejected records, or no event at all)")
        }
        for record in read.rejected.prefix(20) {
            lines.append("  block \(record.block) (line \(record.line))\(record.recordID.map { " [\($0)]" } ?? ""): \(record.reason)")
        }
        if read.rejected.count > 20 { lines.append("  … and \(read.rejected.count - 20) more (--json lists them all)") }
        return lines.joined(separator: "\n")
    }
}
