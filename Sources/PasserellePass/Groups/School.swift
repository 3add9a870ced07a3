public import Foundation

/// A school's UAI (unité administrative immatriculée, the Education ministry's register): seven digits and a
/// check letter, e.g. `0750655E`. Held upper-cased.
public struct SchoolID: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible, Comparable {
    public let rawValue: String

    /// Seven digits then one letter (any case); nil otherwise. The letter's checksum is not enforced: the register
    /// has historical codes that break it.
    public init?(rawValue: String) {
        let text = rawValue.uppercased()
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 8, scalars.prefix(7).allSatisfy({ ("0"..."9").contains($0) }), ("A"..."Z").contains(scalars[7]) else { return nil }
        self.rawValue = text
    }

    public init?(_ text: String) { self.init(rawValue: text) }

    public var description: String { rawValue }
    public static func < (lhs: SchoolID, rhs: SchoolID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A school that books for its classes against a yearly budget (the pass's collective part).
public struct School: Sendable, Hashable, Codable, Identifiable {
    public var id: SchoolID
    public var name: String
    /// The département's code (`75`, `2A`, `974`).
    public var departementCode: String

    public init(id: SchoolID, name: String, departementCode: String) {
        self.id = id
        self.name = name
        self.departementCode = departementCode
    }
}

/// A school year, 1 September to 31 August in Paris time, written `2026-2027`: what a school's budget is given for.
public struct SchoolYear: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// The calendar year it starts in.
    public let startYear: Int

    public init?(startYear: Int) {
        guard (2000...2998).contains(startYear) else { return nil }
        self.startYear = startYear
    }

    /// Parses `YYYY-YYYY` with consecutive years.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 4 && $0.allSatisfy(\.isASCII) }),
              let start = Int(parts[0]), let end = Int(parts[1]), end == start + 1 else { return nil }
        self.init(startYear: start)
    }

    /// The school year `date` falls in.
    public static func containing(_ date: Date) -> SchoolYear {
        let parts = Eligibility.paris.dateComponents([.year, .month], from: date)
        let year = parts.year ?? 2000
        return SchoolYear(startYear: (parts.month ?? 9) >= 9 ? year : year - 1) ?? SchoolYear(startYear: 2000)!
    }

    public var description: String { "\(startYear)-\(startYear + 1)" }
    public static func < (lhs: SchoolYear, rhs: SchoolYear) -> Bool { lhs.startYear < rhs.startYear }

    /// The ledger account of a school's budget for this year.
    public func budgetAccount(of school: SchoolID) -> LedgerAccount { LedgerAccount(.school, "\(school.rawValue)/\(self)") }
}
