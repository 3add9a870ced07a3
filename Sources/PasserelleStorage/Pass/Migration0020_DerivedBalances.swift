extension Migration {
    /// Running balances are kept only for the accounts money is spent from (a grant's credit, a school's budget),
    /// whose CHECK refuses an overdraft; the State's budget and what is owed or paid to institutions are summed from
    /// their entries when read. One running row per institution made all of its bookings queue on it.
    static let derivedBalances0020 = Migration(version: 20, name: "derived-balances") { _ in
        ["DELETE FROM ledger_balances WHERE account_kind IN ('funding', 'payable', 'reimbursed')"]
    }
}
