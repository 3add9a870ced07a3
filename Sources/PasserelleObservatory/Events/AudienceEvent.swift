public import Foundation
public import PasserelleCore

/// One measured interaction, as stored: no IP address, no identifier shared across institutions, no place finer
/// than the commune. The visitor key is per institution and per day (see `VisitorKeys`).
public struct AudienceEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// A page of the institution's site (or of Passerelle) was shown.
        case pageView = "page-view"
        /// A content (an offer, a work, a resource) was consulted.
        case contentView = "content-view"
        /// A recording, stream or podcast was played.
        case play
        /// A search was made (its text is never stored).
        case search
        /// A booking was made (fed by the culture pass).
        case booking
    }

    /// Where it happened.
    public enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
        /// A web site.
        case web
        /// A mobile application.
        case app
        /// At the venue (ticket office, countermark check).
        case venue
    }

    /// The device family, from the user agent; never the user agent itself.
    public enum DeviceClass: String, Sendable, Hashable, CaseIterable, Codable {
        /// A desktop or laptop browser.
        case desktop
        /// A phone.
        case mobile
        /// A tablet.
        case tablet
        /// Anything else (a TV, a console, unknown).
        case other
    }

    /// Age bands of the grid; only a source that knows the age (the culture pass) sets one.
    public enum AgeBand: String, Sendable, Hashable, CaseIterable, Codable {
        /// 15 to 17.
        case from15to17 = "15-17"
        /// 18 to 24.
        case from18to24 = "18-24"
        /// 25 to 39.
        case from25to39 = "25-39"
        /// 40 to 59.
        case from40to59 = "40-59"
        /// 60 and over.
        case from60 = "60+"
    }

    /// The institution whose audience this is; visitor keys never cross it.
    public let institution: Identifier<Institution>
    /// The sender's id for the event: a replay with the same id is recorded once.
    public let eventID: String
    /// What happened.
    public let kind: Kind
    /// When, to the second.
    public let occurredAt: Date
    /// Where.
    public let channel: Channel
    /// The device family.
    public let device: DeviceClass
    /// The content concerned, when there is one.
    public let offer: Identifier<Offer>?
    /// The taxonomy category of the content (its sector is the "domain" of practice).
    public let category: CategoryID?
    /// The commune (INSEE code, 5 characters): the finest place ever kept.
    public let communeCode: String?
    /// The visitor's age band, when the source knows it.
    public let ageBand: AgeBand?
    /// The daily per-institution visitor key, or nil when the sender gave nothing to derive it from.
    public let visitorKey: VisitorKey?
    /// The sender knows this is the visitor's first visit to the institution, or first practice of the content's
    /// domain (a ticketing system or the culture pass knows it; a cookie-less page cannot, and never sets it).
    public let firstVisit: Bool

    /// Creates an event from validated parts.
    public init(
        institution: Identifier<Institution>, eventID: String, kind: Kind, occurredAt: Date, channel: Channel,
        device: DeviceClass, offer: Identifier<Offer>?, category: CategoryID?, communeCode: String?, ageBand: AgeBand?,
        visitorKey: VisitorKey?, firstVisit: Bool = false
    ) {
        self.institution = institution
        self.eventID = eventID
        self.kind = kind
        self.occurredAt = occurredAt
        self.channel = channel
        self.device = device
        self.offer = offer
        self.category = category
        self.communeCode = communeCode
        self.ageBand = ageBand
        self.visitorKey = visitorKey
        self.firstVisit = firstVisit
    }

    /// The UTC day of the event, `YYYY-MM-DD`: the grid's finest period.
    public var day: String { CollectionDay(occurredAt).text }
}
