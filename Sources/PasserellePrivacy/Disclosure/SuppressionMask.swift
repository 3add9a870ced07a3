/// The outcome of disclosure control on a table: a status for every cell, margins included.
public struct SuppressionMask: Sendable, Hashable {
    /// Status of each cell.
    public let statuses: [CellKey: CellStatus]
    /// Hidden cells that could not be protected by any complementary suppression (reported, never silent).
    public let unprotected: [CellKey]

    /// Creates a mask.
    public init(statuses: [CellKey: CellStatus], unprotected: [CellKey]) {
        self.statuses = statuses
        self.unprotected = unprotected
    }

    /// Every hidden cell.
    public var hidden: Set<CellKey> { Set(statuses.filter { $0.value.isSuppressed }.keys) }

    /// Cells hidden by the primary rules.
    public var primary: Set<CellKey> {
        Set(statuses.compactMap { key, status in
            if case let .suppressed(reason) = status, reason.isPrimary { return key }
            return nil
        })
    }

    /// Cells hidden only to protect others.
    public var secondary: Set<CellKey> { hidden.subtracting(primary) }

    /// The status of a cell (published when unknown).
    public func status(_ key: CellKey) -> CellStatus { statuses[key] ?? .published }
}
