public import Foundation

/// A work with the time its stored row last changed: what a harvester (OAI-PMH) needs to pick up changes only.
/// Withdrawn works are listed too, so a harvester learns that they are gone.
public struct DatedWork: Sendable, Hashable {
    public var work: Work
    /// When the store last saw the row change (content or status; not a re-import of the same values).
    public var changedAt: Date

    public init(work: Work, changedAt: Date) {
        self.work = work
        self.changedAt = changedAt
    }

    /// The keyset position of this work in the change list.
    public var position: WorkChangeCursor { WorkChangeCursor(changedAt: changedAt, id: work.id) }
}

/// A position in the list of works by (change time, id): the page after it starts strictly later.
/// A keyset, not an offset, so works changed during a long harvest move to its end instead of shifting pages.
public struct WorkChangeCursor: Sendable, Hashable {
    public var changedAt: Date
    public var id: WorkID

    public init(changedAt: Date, id: WorkID) {
        self.changedAt = changedAt
        self.id = id
    }
}

/// Which works a change list holds: by institution and category, changed in `[from, before)`.
public struct WorkChangeQuery: Sendable, Hashable {
    public var institutionID: InstitutionID?
    /// Category ids to match, already expanded (`Taxonomy.expand`); empty: every category.
    public var categoryIDs: [CategoryID] = []
    /// Changed at or after this instant.
    public var from: Date?
    /// Changed strictly before this instant.
    public var before: Date?

    public init(institutionID: InstitutionID? = nil, categoryIDs: [CategoryID] = [], from: Date? = nil, before: Date? = nil) {
        self.institutionID = institutionID
        self.categoryIDs = categoryIDs
        self.from = from
        self.before = before
    }
}
