import Foundation
import PasserelleCore
import PasserelleDiscovery

extension QueryReader {
    /// `GET /api/v1/search` and `/search`: `q`, the list API's filters, and `when`, `near`, `radiusKm`, `free`,
    /// `maxPriceCents`, `accessibility`, `cursor`, `pageSize`. A `when` shortcut and an explicit `from`/`to` together
    /// are a 400: the visitor would not know which one holds.
    mutating func searchRequest(now: Date = Date()) -> SearchRequest {
        var request = SearchRequest(text: optionalText("q"))
        request.now = now
        request.filters = offerQuery()
        if let window = choice("when", as: DateWindow.self) {
            if request.filters.from != nil || request.filters.to != nil {
                fail("when", "conflict", "give either when or from/to, not both")
            }
            (request.filters.from, request.filters.to) = window.interval(from: now)
        }
        request.near = point("near")
        if let radius = number("radiusKm") { request.radiusKm = radius }
        if let free = flag("free") { request.freeOnly = free }
        if let maximum = integer("maxPriceCents") { request.maximumPriceCents = Int64(maximum) }
        if let features = value("accessibility") {
            for name in features.split(separator: ",", omittingEmptySubsequences: false) {
                guard let feature = AccessibilityFeature(rawValue: String(name)) else {
                    fail("accessibility", "invalid-choice", "must be a comma-separated list of \(AccessibilityFeature.allCases.map(\.rawValue).joined(separator: ", "))")
                    break
                }
                request.accessibility.insert(feature)
            }
        }
        if let token = value("cursor") {
            if let cursor = SearchCursor(token: token) { request.cursor = cursor } else { fail("cursor", "invalid-cursor", "is not a cursor this server gave") }
        }
        if let size = integer("pageSize") { request.pageSize = size }
        for issue in request.validationIssues() { fail(issue.field, issue.code, issue.message) }
        return request
    }

    /// A text parameter where blank means absent (a search box submitted empty lists everything).
    private func optionalText(_ name: String) -> String? {
        queryParameter(name).flatMap { $0.trimmingWhiteSpace().isEmpty ? nil : $0 }
    }

    private mutating func number(_ name: String) -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number.isFinite else {
            fail(name, "not-a-number", "must be a decimal number")
            return nil
        }
        return number
    }

    private mutating func flag(_ name: String) -> Bool? {
        guard let text = value(name) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            fail(name, "not-a-boolean", "must be true or false")
            return nil
        }
    }

    /// `lat,lon` in decimal degrees (`SearchParsing.pointPattern`, the OpenAPI document's pattern).
    private mutating func point(_ name: String) -> GeoPoint? {
        guard let text = value(name) else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .init(charactersIn: " ")) }
        let number = /-?[0-9]{1,3}(?:\.[0-9]{1,12})?/
        guard parts.count == 2, parts.allSatisfy({ $0.wholeMatch(of: number) != nil }),
            let latitude = Double(parts[0]), let longitude = Double(parts[1]),
            (-90.0...90.0).contains(latitude), (-180.0...180.0).contains(longitude)
        else {
            fail(name, "invalid-point", "must be latitude,longitude in decimal degrees, such as 45.76,4.83")
            return nil
        }
        return GeoPoint(latitude: latitude, longitude: longitude)
    }
}

/// The textual forms the search parameters accept, shared with the OpenAPI document.
enum SearchParsing {
    /// `near`: two decimal numbers; their ranges (±90, ±180) are checked after parsing.
    static let pointPattern = #"^-?[0-9]{1,3}(\.[0-9]{1,12})?, ?-?[0-9]{1,3}(\.[0-9]{1,12})?$"#
    /// `accessibility`: a comma-separated list of features.
    static var featuresPattern: String {
        let one = "(" + AccessibilityFeature.allCases.map(\.rawValue).joined(separator: "|") + ")"
        return "^\(one)(,\(one))*$"
    }
}
