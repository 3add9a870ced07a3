import Foundation

/// The text of a document's lines (a feed, an OAI-PMH page), for the `raw` of a rejected item; the line index is built on first use only.
final class DocumentLines {
    private let data: Data
    private lazy var starts: [Int] = {
        var starts = [0]
        for (offset, byte) in data.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        return starts
    }()

    init(_ data: Data) { self.data = data }

    /// Lines `first` through `last` (1-based), cut at `RejectedRecord.maximumRawLength` characters.
    func text(_ first: Int, _ last: Int) -> String {
        guard first >= 1, first <= starts.count else { return "" }
        let start = starts[first - 1]
        let end = last < starts.count ? starts[max(last, first)] : data.count
        let slice = data[data.startIndex + start..<data.startIndex + min(end, start + RejectedRecord.maximumRawLength * 4)]
        return String(String(decoding: slice, as: UTF8.self).prefix(RejectedRecord.maximumRawLength))
    }
}
