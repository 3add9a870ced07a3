extension Migration {
    /// Platforms' aggregated reports: one figure per month, platform, institution (empty: the platform's whole
    /// cultural audience), metric and région (empty: France), and the lines refused on import, kept with their
    /// reason and text so that nothing sent is lost.
    static let platformReports0007 = Migration(version: 7, name: "platform_reports") { kind in
        let t = kind.types
        return [
            """
            CREATE TABLE platform_reports (
                period \(t.key) NOT NULL CHECK (length(period) = 7),
                platform \(t.key) NOT NULL CHECK (length(platform) BETWEEN 1 AND 64),
                institution_id \(t.key) NOT NULL,
                metric \(t.text) NOT NULL CHECK (metric IN ('views', 'plays', 'streams', 'listeners', 'downloads', 'visitors', 'subscribers')),
                region_code \(t.key) NOT NULL,
                value \(t.bigint) NOT NULL CHECK (value >= 0),
                source \(t.text) NOT NULL,
                imported_at \(t.double) NOT NULL,
                PRIMARY KEY (period, platform, institution_id, metric, region_code)
            )
            """,
            """
            CREATE TABLE platform_report_rejections (
                source \(t.text) NOT NULL,
                imported_at \(t.double) NOT NULL,
                line \(t.bigint) NOT NULL,
                reason \(t.text) NOT NULL,
                raw \(t.text) NOT NULL,
                PRIMARY KEY (source, imported_at, line)
            )
            """,
        ]
    }
}
