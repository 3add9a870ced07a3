public import Foundation
public import PasserellePrivacy

/// A month of audience figures as published: every table of the grid with its noise, error bounds and status per
/// cell, the privacy parameters, the ledger's guarantee after the release, and indicators derived from the noisy
/// figures only (post-processing costs no privacy).
public struct MonthlyRelease: Sendable, Hashable, Codable {
    /// One released table.
    public struct Table: Sendable, Hashable, Codable {
        /// Stable name (`visitors-by-region`).
        public let name: String
        /// What it counts.
        public let description: String
        /// The public key space's name.
        public let keySpace: String
        /// The cells, parameters and method version.
        public let released: ReleasedTable
    }

    /// Concentration, diversity, visibility and conversion, computed on published figures only.
    public struct Indicators: Sendable, Hashable, Codable {
        /// Herfindahl–Hirschman index of visitors across institutions (0…1; 1 = one institution has everyone).
        public let institutionsHHI: Double?
        /// Gini coefficient of visitors across institutions (0 = equal, → 1 = concentrated).
        public let institutionsGini: Double?
        /// Shannon entropy (bits) of consultations across domains: higher means more diverse practices.
        public let domainEntropyBits: Double?
        /// HHI of consultations across the catalogue's works.
        public var worksHHI: Double?
        /// Gini of consultations across the works with a published figure.
        public var worksGini: Double?
        /// Share of visitors who consulted 3 domains or more, among those who consulted any.
        public var shareActiveInThreeDomains: Double?
        /// Share of consultations of works of known origin that went to French works.
        public var shareFrenchWorks: Double?
        /// Share that went to other European works.
        public var shareOtherEuropeanWorks: Double?
        /// Visitors who booked over visitors, all institutions together.
        public var conversionToBooking: Double?
    }

    /// Visitors of one week (Monday to Sunday, cut at the month's ends): the sum of its published days.
    public struct Week: Sendable, Hashable, Codable {
        /// The week's first day in the month (`YYYY-MM-DD`).
        public let from: String
        /// Its last day in the month.
        public let through: String
        /// Sum of the days' noisy values, nil when a day was withheld.
        public let visitors: Int64?
        /// 95 % bound of the sum: the days' noise is independent, so the bound grows as √days.
        public let errorBound95: Int64
    }

    /// The month.
    public let period: ReleasePeriod
    /// When it was made.
    public let createdAt: Date
    /// Whose privacy is protected.
    public let privacyUnit: String
    /// The ledger's (ε, δ) for the period after this release.
    public let guarantee: PrivacyBudget?
    /// The charge of this release (zCDP ρ, all tables together).
    public let rho: Double
    /// The tables.
    public let tables: [Table]
    /// Derived indicators.
    public let indicators: Indicators
    /// Visitors per week, from the day table (absent from releases made before the day table existed).
    public var weeks: [Week]?
    /// Raw events read, and how many had no visitor key (counted in no table).
    public let eventsRead: Int
    /// Events without a visitor key.
    public let eventsWithoutVisitor: Int
}

/// Concentration and diversity measures on non-negative figures; nil when everything is zero.
public enum Concentration {
    /// Σ sᵢ² over shares sᵢ.
    public static func hhi(_ values: [Double]) -> Double? {
        let total = values.reduce(0, +)
        guard total > 0 else { return nil }
        return values.reduce(0) { $0 + ($1 / total) * ($1 / total) }
    }

    /// Gini from the sorted values: Σ (2i − n − 1)·xᵢ / (n·Σx), i from 1.
    public static func gini(_ values: [Double]) -> Double? {
        let sorted = values.sorted(), total = sorted.reduce(0, +), n = Double(sorted.count)
        guard total > 0, sorted.count > 1 else { return nil }
        let weighted = sorted.enumerated().reduce(0.0) { $0 + (2 * Double($1.offset + 1) - n - 1) * $1.element }
        return weighted / (n * total)
    }

    /// −Σ sᵢ log₂ sᵢ over shares sᵢ > 0.
    public static func entropyBits(_ values: [Double]) -> Double? {
        let total = values.reduce(0, +)
        guard total > 0 else { return nil }
        return values.filter { $0 > 0 }.reduce(0) { $0 - ($1 / total) * log2($1 / total) }
    }
}
