public import Foundation
import PasserelleCore

/// What the observatory needs from a database. `PasserelleStorage` implements it on SQLite and PostgreSQL, in the
/// catalogue's database, so that every `serve` process shares the salts and the events.
public protocol ObservatoryStore: Sendable {
    /// The salt of `day`, created (16 random bytes) if it does not exist yet — but only for a day whose salt may
    /// still live at `now` (`CollectionPolicy.oldestLiveSaltDay`); for an older day it throws `saltExpired`, so a
    /// deleted salt is never silently replaced by a new one.
    func salt(for day: CollectionDay, now: Date, policy: CollectionPolicy) async throws -> DailySalt

    /// Records the events in one transaction; an event whose (institution, day, eventID) is already recorded is
    /// skipped (a replay carries the same instant, so the same day).
    /// Returns how many were new.
    func record(_ events: [AudienceEvent]) async throws -> Int

    /// Deletes salts past their lifetime and raw events past the retention; returns what was deleted.
    func purge(now: Date, policy: CollectionPolicy) async throws -> PurgeReport

    /// The raw events of the days `from`…`through`, in time order (read page by page, so memory stays bounded by
    /// what the caller keeps).
    func events(from: CollectionDay, through: CollectionDay) async throws -> [AudienceEvent]

    /// The events of `day` grouped per device-day profile (see `DeviceDayProfile`), sorted by institution then
    /// visitor key, so that each unit's rows are consecutive; events without a visitor key come as rows whose
    /// visitor is nil. This is what a release reads.
    func profiles(on day: CollectionDay) async throws -> [DeviceDayProfile]

    /// True when at least one event happened on the days `from`…`through` (an empty month is not released: its
    /// figures would be pure noise).
    func hasEvents(from: CollectionDay, through: CollectionDay) async throws -> Bool

    /// Stores a release; a second release of the same period is refused (`conflict`), releases are immutable.
    func save(_ release: MonthlyRelease) async throws

    /// A stored release.
    func release(_ period: ReleasePeriod) async throws -> MonthlyRelease?

    /// The periods released, newest first.
    func releasedPeriods() async throws -> [ReleasePeriod]

    /// Stores a platform report's figures in one transaction (a figure with the same month and key replaces the
    /// old one) with its rejected lines, kept for review under `source`.
    func importPlatformReports(_ reports: [PlatformReport], rejected: [RejectedPlatformLine], source: String, now: Date) async throws -> PlatformImportReport

    /// The platform figures of a month, sorted by platform, institution, metric and région.
    func platformReports(_ period: ReleasePeriod) async throws -> [PlatformReport]
}

/// What a purge deleted.
public struct PurgeReport: Sendable, Hashable {
    /// Salts deleted.
    public let salts: Int
    /// Raw events deleted.
    public let events: Int

    /// Creates a report.
    public init(salts: Int, events: Int) {
        self.salts = salts
        self.events = events
    }
}
