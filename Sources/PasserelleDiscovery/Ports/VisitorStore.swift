public import Foundation
public import PasserelleCore

/// One (visitor, offer) engagement for training: the visitor as a number local to the batch, never its id.
public struct TrainingSignal: Sendable, Hashable {
    public let visitor: Int
    public let offerID: OfferID
    public let weight: Float

    public init(visitor: Int, offerID: OfferID, weight: Float) {
        self.visitor = visitor
        self.offerID = offerID
        self.weight = weight
    }
}

/// Where visitors' profiles and signals live. Nothing here leaves the service: the observatory reads none of it.
public protocol VisitorStore: Sendable {
    func profile(of visitor: VisitorID) async throws -> VisitorProfile?
    /// Creates or replaces the profile; marks the visitor as seen.
    func saveProfile(_ profile: VisitorProfile, for visitor: VisitorID, at: Date) async throws
    /// The visitor's signals, newest first.
    func signals(of visitor: VisitorID) async throws -> [VisitorSignal]
    /// Records a signal (the latest time per offer and kind), keeping only the newest `VisitorLimits.keptViews`
    /// views; a favourite beyond `VisitorLimits.maximumFavourites` throws `VisitorError.tooManyFavourites`.
    func record(_ signal: VisitorSignal, for visitor: VisitorID) async throws
    func removeFavourite(_ offerID: OfferID, for visitor: VisitorID) async throws
    /// Deletes everything kept about the visitor; returns how many rows went.
    @discardableResult func forget(_ visitor: VisitorID) async throws -> Int
    /// Deletes every visitor not seen since `date`; returns how many visitors went.
    @discardableResult func forgetVisitors(inactiveSince date: Date) async throws -> Int
    /// Up to `limit` signals of every visitor, newest first, for the relevance model.
    func trainingSignals(limit: Int) async throws -> [TrainingSignal]
}

/// Where the venues' public size and setting figures live.
public protocol VenueTraitStore: Sendable {
    func venueTraits(_ venues: [VenueID]) async throws -> [VenueID: VenueTraits]
    /// Creates or replaces traits; returns how many were written.
    @discardableResult func saveVenueTraits(_ traits: [VenueID: VenueTraits]) async throws -> Int
    /// Up to `limit` active, not yet ended offers of `group`, in `departementCode` when given, in id order from
    /// `start` (wrapping round), so that a caller rotating `start` sees the whole group over time.
    func offers(in group: FairExposureGroup, departementCode: String?, from start: String, limit: Int, now: Date) async throws -> [OfferID]
}

public enum VisitorError: Error, Sendable, Equatable {
    case tooManyFavourites
}
