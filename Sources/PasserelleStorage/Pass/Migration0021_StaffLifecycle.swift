extension Migration {
    /// A professional's account can be closed (someone leaves the venue or the school): it keeps its history (the
    /// class bookings it made) but signs nobody in again.
    static let staffLifecycle0021 = Migration(version: 21, name: "staff-lifecycle") { kind in
        ["ALTER TABLE staff_members ADD COLUMN disabled_at \(kind.types.double)"]
    }
}
