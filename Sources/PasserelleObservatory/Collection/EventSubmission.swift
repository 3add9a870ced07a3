public import Foundation
public import PasserelleCore

/// An event as a sender describes it, before validation (the API's JSON object, or a beacon's).
public struct EventSubmission: Sendable, Hashable, Decodable {
    /// The sender's id for the event (1–64 of A-Z a-z 0-9 . _ -).
    public var eventID: String
    /// `page-view`, `content-view`, `play`, `search` or `booking`.
    public var kind: String
    /// RFC 3339 instant.
    public var occurredAt: String
    /// `web`, `app` or `venue` (default `web`).
    public var channel: String?
    /// `desktop`, `mobile`, `tablet` or `other`; for a beacon it comes from the user agent.
    public var device: String?
    /// The offer concerned.
    public var offer: String?
    /// A taxonomy category id.
    public var category: String?
    /// An INSEE commune code.
    public var commune: String?
    /// An age band (`15-17`, `18-24`, `25-39`, `40-59`, `60+`).
    public var ageBand: String?
    /// A server-to-server sender's opaque visitor id (its session or account id): hashed with the day's salt and
    /// never stored.
    public var visitor: String?
    /// True when the sender knows this is the visitor's first visit to the institution or first practice of the
    /// domain (see `AudienceEvent.firstVisit`).
    public var firstVisit: Bool?

    /// Creates a submission.
    public init(
        eventID: String, kind: String, occurredAt: String, channel: String? = nil, device: String? = nil,
        offer: String? = nil, category: String? = nil, commune: String? = nil, ageBand: String? = nil, visitor: String? = nil,
        firstVisit: Bool? = nil
    ) {
        self.eventID = eventID
        self.kind = kind
        self.occurredAt = occurredAt
        self.channel = channel
        self.device = device
        self.offer = offer
        self.category = category
        self.commune = commune
        self.ageBand = ageBand
        self.visitor = visitor
        self.firstVisit = firstVisit
    }

    /// The event, or the problems with each field (every problem named, so a sender fixes them in one go).
    public func validated(
        institution: Identifier<Institution>, salt: DailySalt, visitorMaterial: [String]?, now: Date, policy: CollectionPolicy
    ) -> Result<AudienceEvent, EventRejection> {
        var problems = [FieldIssue]()
        if !Identifier<AudienceEventTag>.isValid(eventID) { problems.append(FieldIssue(field: "eventID", code: "invalid-id", message: "eventID must follow the identifier rule (1–64 of A-Z a-z 0-9 . _ -)")) }
        let kind = AudienceEvent.Kind(rawValue: self.kind)
        if kind == nil { problems.append(FieldIssue(field: "kind", code: "unknown-kind", message: "kind must be page-view, content-view, play, search or booking")) }
        let date = RFC3339.dateTime(occurredAt)
        if let date {
            if date < now.addingTimeInterval(-policy.oldestAccepted) { problems.append(FieldIssue(field: "occurredAt", code: "too-old", message: "occurredAt is older than \(Int(policy.oldestAccepted / 86_400)) days")) }
            if date > now.addingTimeInterval(policy.futureSkew) { problems.append(FieldIssue(field: "occurredAt", code: "in-the-future", message: "occurredAt is more than 5 minutes in the future")) }
        } else {
            problems.append(FieldIssue(field: "occurredAt", code: "invalid-date", message: "occurredAt must be an RFC 3339 date-time"))
        }
        let channel = channel.map(AudienceEvent.Channel.init(rawValue:)) ?? .web
        if channel == nil { problems.append(FieldIssue(field: "channel", code: "unknown-channel", message: "channel must be web, app or venue")) }
        let device = device.map(AudienceEvent.DeviceClass.init(rawValue:)) ?? .other
        if device == nil { problems.append(FieldIssue(field: "device", code: "unknown-device", message: "device must be desktop, mobile, tablet or other")) }
        let offerID = offer.flatMap(Identifier<Offer>.init)
        if offer != nil && offerID == nil { problems.append(FieldIssue(field: "offer", code: "invalid-id", message: "offer must follow the identifier rule (1–64 of A-Z a-z 0-9 . _ -)")) }
        let categoryID = category.flatMap(CategoryID.init).flatMap { Taxonomy.category($0)?.id }
        if category != nil && categoryID == nil { problems.append(FieldIssue(field: "category", code: "unknown-category", message: "category is not a category of the taxonomy")) }
        if let commune, !Self.isCommuneCode(commune) { problems.append(FieldIssue(field: "commune", code: "invalid-commune", message: "commune must be an INSEE commune code (5 characters)")) }
        let band = ageBand.map(AudienceEvent.AgeBand.init(rawValue:)) ?? nil
        if ageBand != nil && band == nil { problems.append(FieldIssue(field: "ageBand", code: "unknown-age-band", message: "ageBand must be 15-17, 18-24, 25-39, 40-59 or 60+")) }
        if let visitor, visitor.isEmpty || visitor.utf8.count > 256 { problems.append(FieldIssue(field: "visitor", code: "invalid-length", message: "visitor must be 1–256 bytes")) }
        guard problems.isEmpty, let kind, let date, let channel, let device else {
            return .failure(EventRejection(eventID: eventID, problems: problems))
        }
        let material = visitor.map { ["visitor", $0] } ?? visitorMaterial
        return .success(AudienceEvent(
            institution: institution, eventID: eventID, kind: kind, occurredAt: date, channel: channel, device: device,
            offer: offerID, category: categoryID, communeCode: commune, ageBand: band,
            visitorKey: material.map { salt.visitorKey(institution: institution, material: $0) }, firstVisit: firstVisit ?? false
        ))
    }

    /// INSEE commune codes: 5 characters, digits except Corsica's 2A/2B.
    static func isCommuneCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 5 else { return false }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        let corsica = bytes[0] == 0x32 && (bytes[1] == 0x41 || bytes[1] == 0x42)
        return (corsica || (isDigit(bytes[0]) && isDigit(bytes[1]))) && bytes[2...].allSatisfy(isDigit)
    }
}

/// Marks event ids (they follow the identifier rule).
public enum AudienceEventTag {}

/// An event refused, with every problem and the sender's id, so the sender can fix and resend it alone.
public struct EventRejection: Error, Sendable, Hashable {
    /// The sender's id as given.
    public let eventID: String
    /// Each field's problem.
    public let problems: [FieldIssue]
}
