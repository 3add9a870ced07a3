import Foundation
import PasserelleCore
import Testing
@testable import PasserelleConnectors

/// The iCalendar reader on the 163 calendars of the Python icalendar library's tests (real exports, timezone
/// edge cases, broken files) and on constructed ones. Expected instants were computed with the Python reference
/// (`icalendar` 7 + `recurring-ical-events`) and written here; where the two readers differ on purpose, the test
/// says so.
@Suite("iCalendar events")
struct ICalendarFeedTests {
    static let institution = InstitutionID(trusted: "inst-t")
    /// 2026-01-01T00:00:00Z: unbounded rules run to 2027-01-02.
    static let retrieved = Date(timeIntervalSince1970: 1_767_225_600)
    static let corpus = RealData.root.appending(path: "icalendar-test-calendars/icalendar/tests")

    static func read(_ text: String, defaultCategory: String? = "festivals.multidisciplinary", retrievedAt: Date = retrieved) throws -> FeedRead {
        try ICalendarFeed.read(Data(text.utf8), source: "ical:test", institutionID: institution,
                               defaultCategory: defaultCategory.map(CategoryID.init(trusted:)), retrievedAt: retrievedAt)
    }

    static func calendar(_ body: String) -> String { "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n" + body + "END:VCALENDAR\r\n" }

    /// The occurrences' starts of every series in a text or a corpus file, as ISO 8601 UTC, by record id.
    static func starts(_ data: Data, retrievedAt: Date = retrieved) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (id, schedule) in ICalendarFeed.schedules(data, retrievedAt: retrievedAt) {
            if case .success(let value) = schedule { result[id] = value.starts.map(iso) }
        }
        return result
    }

    static func starts(file: String, retrievedAt: Date = retrieved) throws -> [String: [String]] {
        starts(try Data(contentsOf: corpus.appending(path: file)), retrievedAt: retrievedAt)
    }

    static func iso(_ seconds: Int) -> String { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) }
    static func iso(_ date: Date?) -> String? { date.map { ISO8601DateFormatter().string(from: $0) } }

    static func files() throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: corpus.path))
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".ics") }.sorted()
    }

    // MARK: - The corpus

    @Test("every calendar of the corpus is read without a crash; the broken ones are rejected or refused with a reason",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func everyCalendar() throws {
        let files = try Self.files()
        #expect(files.count == 163)
        var refused: [String: ICalendarFeed.Refusal] = [:]
        var reads: [String: FeedRead] = [:]
        for file in files {
            do {
                reads[file] = try ICalendarFeed.read(Data(contentsOf: Self.corpus.appending(path: file)), source: ICalendarFeed.sourceKey(file),
                                                     institutionID: Self.institution, defaultCategory: CategoryID(trusted: "festivals.multidisciplinary"),
                                                     retrievedAt: Self.retrieved)
            } catch let refusal as ICalendarFeed.Refusal {
                refused[file] = refusal
            }
        }
        // Files that hold no calendar at all: a NUL in a component name, a truncated fuzz case, custom components only.
        #expect(refused == [
            "calendars/fuzz_testcase_0_char_in_component_name.ics": .notACalendar, "calendars/fuzz_testcase_invalid_month.ics": .notACalendar,
            "calendars/issue_178_component_with_invalid_name_represented.ics": .notACalendar,
            "calendars/issue_178_custom_component_contains_other.ics": .notACalendar,
        ])
        func codes(_ file: String) -> [String] { reads[file]?.rejected.map(\.reason.code.rawValue) ?? ["not read"] }
        func warned(_ file: String, _ text: String) -> Bool { reads[file]?.warnings.contains { $0.reason.message.contains(text) } == true }
        // The files broken on purpose, and what each gives.
        #expect(codes("calendars/broken_ical.ics") == ["malformed-row"], "DTSTART;;VALUE=…: a parameter without a name")
        #expect(reads["calendars/broken_ical.ics"]?.rejected.first?.reason.message.contains("line 4") == true)
        #expect(codes("calendars/broken_dtstart.ics") == ["invalid-value"])
        #expect(codes("calendars/issue_1081_invalid_start_and_end.ics") == ["invalid-value"])
        #expect(codes("calendars/issue_1081_invalid_start_valid_end.ics") == ["invalid-value"])
        #expect(codes("calendars/issue_1081_invalid_rrule_freq.ics") == ["invalid-value"])
        #expect(codes("calendars/invalid_duration.ics") == ["invalid-value"], "P999999999999999999W")
        #expect(codes("calendars/big_bad_calendar.ics") == Array(repeating: "missing-field", count: 20), "20 empty VEVENTs")
        #expect(codes("calendars/small_bad_calendar.ics") == ["missing-field"])
        #expect(warned("calendars/issue_104_broken_calendar.ics", "line 13: X: no ':'"), "a stray line in the VCALENDAR")
        #expect(warned("calendars/parsing_error_in_UTC_offset.ics", "TZOFFSETTO '+5744' is not a UTC offset"))
        #expect(warned("calendars/fuzz_testcase_vtimezone_lone_cr.ics", "line 3: no property name"), "a lone CR ends a line")
        #expect(codes("calendars/parsing_error.ics") == ["missing-field", "missing-field"], "no SUMMARY; the empty EXDATE is skipped")
        #expect(codes("calendars/rfc_7529.ics").prefix(3) == ["unsupported-recurrence", "unsupported-recurrence", "unsupported-recurrence"])
        // Rejections say where the event is and keep its text.
        let big = try #require(reads["calendars/big_bad_calendar.ics"])
        #expect(big.rejected.map(\.block) == Array(1...20))
        #expect(big.rejected.first?.line == 2 && big.rejected.first?.raw == "BEGIN:VEVENT\nEND:VEVENT\n")
        #expect(reads["calendars/broken_dtstart.ics"]?.rejected.first?.recordID == "test-123")
        // VTODO, VJOURNAL, VFREEBUSY, VAVAILABILITY are other nodes, not errors.
        #expect(reads["calendars/issue_1050_all_components.ics"]?.otherNodes == 3)
        #expect(reads["todos/example.ics"]?.otherNodes == 1 && reads["journals/example.ics"]?.otherNodes == 1)
        // Counts over the corpus: most events have no LOCATION nor URL (test files, not agendas) and are rejected for it.
        let all = reads.values
        let events = all.reduce(0) { $0 + $1.events.count }, rejected = all.reduce(0) { $0 + $1.rejected.count }
        let vevents = all.reduce(0) { $0 + $1.blocks }
        #expect(reads.count == 159 && vevents == 186 && events == 11 && rejected == 174, "\(reads.count) read, \(vevents) VEVENTs, \(events) events, \(rejected) rejected")
    }

    @Test("real calendars' dates match the Python reference: zones, DST inside series, EXDATE, RDATE, overrides, UNTIL",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func corpusDates() throws {
        // RFC 7265 example: DAILY COUNT=5 in US/Eastern, an RDATE PERIOD at 15:00, the 4th moved from 12:00 to 14:00.
        #expect(try Self.starts(file: "calendars/rfc_7265_appendix_example_2_ical.ics")["00959BC664CA650E933C892C@example.com"] == [
            "2006-01-02T17:00:00Z", "2006-01-02T20:00:00Z", "2006-01-03T17:00:00Z", "2006-01-04T19:00:00Z", "2006-01-05T17:00:00Z", "2006-01-06T17:00:00Z",
        ])
        // Google: WEEKLY FR,SA UNTIL in UTC, two EXDATEs with a TZID.
        #expect(try Self.starts(file: "events/issue_112_missing_tzinfo_on_exdate.ics")["ak30b02u7858q1oo6ji9dm4mgg@google.com"] == [
            "2013-09-07T16:00:00Z", "2013-09-13T16:00:00Z", "2013-09-14T16:00:00Z", "2013-09-20T16:00:00Z", "2013-09-21T16:00:00Z",
            "2013-09-27T16:00:00Z", "2013-09-28T16:00:00Z", "2013-10-04T16:00:00Z", "2013-10-05T16:00:00Z", "2013-10-18T16:00:00Z", "2013-10-19T16:00:00Z",
        ])
        // Europe/Vienna weekly, five EXDATE lines.
        let vienna = try Self.starts(file: "events/event_with_recurrence_exdates_on_different_lines.ics").values.first
        #expect(vienna == ["2012-03-27T08:00:00Z", "2012-04-24T08:00:00Z", "2012-05-08T08:00:00Z", "2012-05-15T08:00:00Z", "2012-05-22T08:00:00Z",
                           "2012-06-05T08:00:00Z", "2012-06-12T08:00:00Z", "2012-06-19T08:00:00Z", "2012-06-26T08:00:00Z", "2012-07-03T08:00:00Z"])
        // A floating weekly 17:00 (Paris) across the 2007-03-25 change: 16:00Z then 15:00Z; UNTIL floating.
        let floating = try #require(Self.starts(file: "events/issue_70_rrule_causes_attribute_error.ics")["D449CA84-00A3-4E55-83E1-34B58268853B"])
        #expect(floating.count == 18 && floating[4] == "2007-03-20T16:00:00Z" && floating[5] == "2007-03-27T15:00:00Z" && floating.last == "2007-06-19T15:00:00Z")
        // Outlook's Windows names; a VTIMEZONE-only zone (custom_America/New_York); an Olson zone.
        #expect(try Self.starts(file: "calendars/issue_836_do_not_quote_tzid.ics").values.first == ["2024-10-28T21:00:00Z"], "Eastern Standard Time")
        #expect(try Self.starts(file: "calendars/timezone_same_start.ics").values.first == ["2017-02-24T20:00:00Z"], "Pacific Standard Time")
        #expect(try Self.starts(file: "calendars/america_new_york.ics")["noend123"] == ["2014-08-29T12:00:00Z"])
        #expect(try Self.starts(file: "calendars/issue_350.ics")["20055546456446"] == ["2022-02-22T18:30:00Z"])
        // RDATE as a list of PERIODs: their starts.
        #expect(try Self.starts(file: "events/issue_156_RDATE_with_PERIOD_list.ics")["rdate_period"] == ["1996-12-30T02:00:00Z", "1997-01-01T18:00:00Z", "1997-01-09T18:00:00Z"])
        // Europe/Zurich, weekdays at 14:00 from 2016-10-28, unbounded: the 2016-10-30 change keeps 14:00 local.
        let zurich = try #require(Self.starts(file: "calendars/x_location.ics", retrievedAt: Date(timeIntervalSince1970: 1_475_280_000)).values.first)
        #expect(zurich.prefix(2) == ["2016-10-28T12:00:00Z", "2016-10-31T13:00:00Z"])
        // At our reading date the series has 2 656 occurrences (Python's count): the 2 000 latest are kept.
        let capped = try #require(Self.starts(file: "calendars/x_location.ics").values.first)
        #expect(capped.count == 2_000 && capped.first == "2019-05-06T12:00:00Z" && capped.last == "2027-01-01T13:00:00Z")
        let read = try ICalendarFeed.read(Data(contentsOf: Self.corpus.appending(path: "calendars/x_location.ics")), source: "s", institutionID: Self.institution,
                                          defaultCategory: CategoryID(trusted: "practices.talk"), retrievedAt: Self.retrieved)
        #expect(read.events.first?.occurrences.count == Stock.maximumPerOffer)
        #expect(read.warnings.contains { $0.reason.code == .recurrenceCapped && $0.reason.message.contains("656 earlier ones dropped") })
        // A VTIMEZONE-only zone named "GMT +0100 (Standard) / GMT +0200 (Daylight)", BYDAY with spaces. (The Python
        // reference cannot read this file: it stops at the RRULE.)
        let standup = try #require(Self.starts(file: "calendars/issue_165_missing_event.ics").values.first)
        #expect(standup.count == 14 && standup.first == "2015-07-03T08:00:00Z" && standup.last == "2015-07-22T08:00:00Z")
    }

    @Test("escaped commas, folded lines, categories, all-day dates and the offer made from a real export",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func corpusFields() throws {
        let text = try String(contentsOf: Self.corpus.appending(path: "calendars/issue_127_categories_with_commas.ics"), encoding: .utf8)
        let categories = try #require(text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("CATEGORIES") })
        let items = ICalText.list(String(categories.drop { $0 != ":" }.dropFirst()))
        #expect(items.contains { $0.contains(",") }, "an escaped comma stays inside its category: \(items)")
        let escaped = try String(contentsOf: Self.corpus.appending(path: "events/event_with_escaped_characters.ics"), encoding: .utf8)
        #expect(!escaped.isEmpty)
        // issue_53: a folded DESCRIPTION becomes one line.
        let described = try ICalendarFeed.read(Data(contentsOf: Self.corpus.appending(path: "events/issue_53_description_parsed_properly.ics")), source: "s",
                                               institutionID: Self.institution, defaultCategory: CategoryID(trusted: "practices.talk"), retrievedAt: Self.retrieved)
        let event = try #require(described.events.first)
        #expect(event.offer.description[.fr]?.contains("\n") == false && (event.offer.description[.fr]?.count ?? 0) > 100)
    }

    // MARK: - Constructed calendars, checked against the Python reference

    /// name → (body, expected starts in UTC); each computed by recurring-ical-events over the same text.
    static let referenceCases: [(String, String, [String])] = [
        ("a custom VTIMEZONE, weekly across the March change",
         "BEGIN:VTIMEZONE\r\nTZID:Paris Custom\r\nBEGIN:STANDARD\r\nDTSTART:19961027T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19810329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
            + "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Paris Custom:20260317T100000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\n",
         ["2026-03-17T09:00:00Z", "2026-03-24T09:00:00Z", "2026-03-31T08:00:00Z", "2026-04-07T08:00:00Z"]),
        ("a Windows TZID, weekly across the October change",
         "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=\"Romance Standard Time\":20261020T200000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n",
         ["2026-10-20T18:00:00Z", "2026-10-27T19:00:00Z", "2026-11-03T19:00:00Z"]),
        ("BYDAY=-1FR", "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Paris:20260130T180000\r\nRRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=4\r\nEND:VEVENT\r\n",
         ["2026-01-30T17:00:00Z", "2026-02-27T17:00:00Z", "2026-03-27T17:00:00Z", "2026-04-24T16:00:00Z"]),
        ("BYDAY=1MO with UNTIL", "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Paris:20260105T090000\r\nRRULE:FREQ=MONTHLY;BYDAY=1MO;UNTIL=20260501T000000Z\r\nEND:VEVENT\r\n",
         ["2026-01-05T08:00:00Z", "2026-02-02T08:00:00Z", "2026-03-02T08:00:00Z", "2026-04-06T07:00:00Z"]),
        ("BYMONTHDAY=-1", "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Paris:20260131T120000\r\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=4\r\nEND:VEVENT\r\n",
         ["2026-01-31T11:00:00Z", "2026-02-28T11:00:00Z", "2026-03-31T10:00:00Z", "2026-04-30T10:00:00Z"]),
        ("BYSETPOS=-1 (the last weekday)", "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Paris:20260130T170000\r\nRRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4\r\nEND:VEVENT\r\n",
         ["2026-01-30T16:00:00Z", "2026-02-27T16:00:00Z", "2026-03-31T15:00:00Z", "2026-04-30T15:00:00Z"]),
        ("BYWEEKNO=1,-1 (DTSTART outside the rule is added, COUNT counts the rule's)",
         "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Paris:20260105T100000\r\nRRULE:FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO;COUNT=4\r\nEND:VEVENT\r\n",
         ["2026-01-05T09:00:00Z", "2026-12-28T09:00:00Z", "2027-01-04T09:00:00Z", "2027-12-27T09:00:00Z", "2028-01-03T09:00:00Z"]),
        ("BYYEARDAY=100,-1", "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Paris:20260410T100000\r\nRRULE:FREQ=YEARLY;BYYEARDAY=100,-1;COUNT=4\r\nEND:VEVENT\r\n",
         ["2026-04-10T08:00:00Z", "2026-12-31T09:00:00Z", "2027-04-10T08:00:00Z", "2027-12-31T09:00:00Z"]),
        ("INTERVAL=2 with WKST=SU", "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Paris:20260303T190000\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU;COUNT=6\r\nEND:VEVENT\r\n",
         ["2026-03-03T18:00:00Z", "2026-03-05T18:00:00Z", "2026-03-17T18:00:00Z", "2026-03-19T18:00:00Z", "2026-03-31T17:00:00Z", "2026-04-02T17:00:00Z"]),
        ("BYHOUR and BYMINUTE", "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Paris:20260601T100000\r\nRRULE:FREQ=DAILY;BYHOUR=10,15;BYMINUTE=0,30;COUNT=8\r\nEND:VEVENT\r\n",
         ["2026-06-01T08:00:00Z", "2026-06-01T08:30:00Z", "2026-06-01T13:00:00Z", "2026-06-01T13:30:00Z",
          "2026-06-02T08:00:00Z", "2026-06-02T08:30:00Z", "2026-06-02T13:00:00Z", "2026-06-02T13:30:00Z"]),
        ("YEARLY BYMONTH=3,10 BYDAY=-1SU", "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/Paris:20260329T110000\r\nRRULE:FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;COUNT=4\r\nEND:VEVENT\r\n",
         ["2026-03-29T09:00:00Z", "2026-10-25T10:00:00Z", "2027-03-28T09:00:00Z", "2027-10-31T10:00:00Z"]),
        // Python stops at 11-02: it reads this UNTIL (which RFC 5545 wants in UTC here) as 09:00 UTC; we read it in
        // the event's zone, where 11-03 09:00 is the last occurrence, UNTIL being inclusive.
        ("UNTIL as a local time across the US change", "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=America/New_York:20261030T090000\r\nRRULE:FREQ=DAILY;UNTIL=20261103T090000\r\nEND:VEVENT\r\n",
         ["2026-10-30T13:00:00Z", "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z", "2026-11-03T14:00:00Z"]),
    ]

    @Test("recurrence rules match the Python reference", arguments: 0..<referenceCases.count)
    func reference(_ index: Int) {
        let (name, body, expected) = Self.referenceCases[index]
        #expect(Self.starts(Data(Self.calendar(body).utf8))["x"] == expected, "\(name)")
    }

    @Test("a series: EXDATE, RDATE, a moved instance, a cancelled instance; all-day dates; DURATION; a cancelled event")
    func series() throws {
        let read = try Self.read(Self.calendar("""
            BEGIN:VEVENT\r
            UID:series\r
            SUMMARY:Ciné-club\\, saison 2026\r
            CATEGORIES:Séance de cinéma\r
            LOCATION:Cinéma Le Lux\\, 6 rue Colonel Chambonnet\\, 26000 Valence\r
            GEO:44.9307;4.8913\r
            URL:https://lux.example/billets\r
            DTSTART;TZID=Europe/Paris:20260601T200000\r
            DTEND;TZID=Europe/Paris:20260601T220000\r
            RRULE:FREQ=DAILY;COUNT=5\r
            EXDATE;TZID=Europe/Paris:20260602T200000\r
            RDATE;TZID=Europe/Paris:20260610T180000\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:series\r
            SUMMARY:moved\r
            RECURRENCE-ID;TZID=Europe/Paris:20260603T200000\r
            DTSTART;TZID=Europe/Paris:20260603T210000\r
            DTEND;TZID=Europe/Paris:20260603T230000\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:series\r
            SUMMARY:cancelled\r
            RECURRENCE-ID;TZID=Europe/Paris:20260604T200000\r
            DTSTART;TZID=Europe/Paris:20260604T200000\r
            STATUS:CANCELLED\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:allday\r
            SUMMARY:Fête nationale\r
            LOCATION:Place du marché\r
            DTSTART;VALUE=DATE:20260714\r
            DTEND;VALUE=DATE:20260716\r
            RRULE:FREQ=YEARLY;COUNT=2\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:duration\r
            SUMMARY:Stage\r
            URL:https://visio.example/stage\r
            DTSTART:20261024T080000Z\r
            DURATION:P1DT2H\r
            STATUS:CANCELLED\r
            END:VEVENT\r

            """.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")), defaultCategory: nil)
        #expect(read.rejected.map(\.reason.code) == [.unknownCategory, .unknownCategory], "no category and no default for the last two")
        #expect(read.blocks == 5, "the two instances count as positions, read with their series")
        let series = try #require(read.events.first)
        // Python gives the same, except that it keeps the cancelled instance (with STATUS:CANCELLED) where we drop it.
        #expect(series.occurrences.map { Self.iso($0)! } == ["2026-06-01T18:00:00Z", "2026-06-03T19:00:00Z", "2026-06-05T18:00:00Z", "2026-06-10T16:00:00Z"])
        #expect(Self.iso(series.offer.startsAt) == "2026-06-01T18:00:00Z" && Self.iso(series.offer.endsAt) == "2026-06-10T18:00:00Z")
        #expect(series.offer.title[.fr] == "Ciné-club, saison 2026" && series.offer.categoryID.rawValue == "cinema.screening")
        #expect(series.venue?.name == "Cinéma Le Lux" && series.venue?.address?.postalCode == "26000" && series.venue?.departementCode == "26")
        #expect(series.venue?.coordinates?.latitude == 44.9307 && series.offer.bookingURL?.host == "lux.example")
        #expect(series.offer.id.rawValue.hasPrefix("ical-") && series.offer.provenance.recordID == "series")

        let other = try Self.read(Self.calendar("""
            BEGIN:VEVENT\r\nUID:allday\r\nSUMMARY:Fête nationale\r\nLOCATION:Place du marché\r\nDTSTART;VALUE=DATE:20260714\r\nDTEND;VALUE=DATE:20260716\r\nRRULE:FREQ=YEARLY;COUNT=2\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nUID:duration\r\nSUMMARY:Stage\r\nURL:https://visio.example/stage\r\nDTSTART:20261024T080000Z\r\nDURATION:P1DT2H\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n
            """))
        let allDay = try #require(other.events.first { $0.offer.title[.fr] == "Fête nationale" })
        // Midnight in Paris; the end is exclusive (the 16th at midnight), as Python reads it.
        #expect(allDay.occurrences.map { Self.iso($0)! } == ["2026-07-13T22:00:00Z", "2027-07-13T22:00:00Z"])
        #expect(Self.iso(allDay.offer.endsAt) == "2027-07-15T22:00:00Z")
        let online = try #require(other.events.first { $0.offer.title[.fr] == "Stage" })
        #expect(online.offer.status == .withdrawn, "STATUS:CANCELLED withdraws the offer")
        #expect(online.offer.access == .online && online.offer.onlineURL?.host == "visio.example")
        #expect(Self.iso(online.offer.endsAt) == "2026-10-25T10:00:00Z" && online.occurrences.isEmpty)
    }

    // MARK: - Synthetic edge cases

    @Test("an unbounded daily rule from 1990 keeps the 2 000 latest with a warning; a rule that matches nothing stops")
    func bounds() throws {
        let read = try Self.read(Self.calendar("BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Tous les jours\r\nLOCATION:Salle\r\nDTSTART:19900101T100000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n"))
        let event = try #require(read.events.first)
        #expect(event.occurrences.count == 2_000)
        #expect(Self.iso(event.occurrences.last) == "2027-01-02T10:00:00Z" || Self.iso(event.occurrences.last) == "2027-01-01T10:00:00Z")
        #expect(read.warnings.contains { $0.reason.code == .recurrenceCapped })
        // The 30th of February never comes; minutely from the year 1000: the caps stop both.
        let never = Self.starts(Data(Self.calendar("BEGIN:VEVENT\r\nUID:n\r\nSUMMARY:n\r\nDTSTART:20260130T100000Z\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\n").utf8))
        #expect(never["n"] == ["2026-01-30T10:00:00Z"], "only DTSTART")
        let minutely = try Self.read(Self.calendar("BEGIN:VEVENT\r\nUID:m\r\nSUMMARY:m\r\nLOCATION:x\r\nDTSTART:10000101T000000Z\r\nRRULE:FREQ=MINUTELY;BYHOUR=25\r\nEND:VEVENT\r\n"))
        #expect(minutely.rejected.first?.reason.code == .invalidValue, "BYHOUR=25 is out of range")
        let slow = try Self.read(Self.calendar("BEGIN:VEVENT\r\nUID:m\r\nSUMMARY:m\r\nLOCATION:x\r\nDTSTART:10000101T000000Z\r\nRRULE:FREQ=MINUTELY;BYMONTH=13\r\nEND:VEVENT\r\n"))
        #expect(slow.rejected.first?.reason.code == .invalidValue)
        let capped = try Self.read(Self.calendar("BEGIN:VEVENT\r\nUID:m\r\nSUMMARY:m\r\nLOCATION:x\r\nDTSTART:10000101T000000Z\r\nRRULE:FREQ=MINUTELY;BYMONTHDAY=31;BYMONTH=4\r\nEND:VEVENT\r\n"))
        #expect(capped.warnings.contains { $0.reason.code == .recurrenceCapped && $0.reason.message.contains("stopped") })
    }

    @Test("events without DTSTART or SUMMARY, private ones, bad lines, duplicates; documents refused whole")
    func rejections() throws {
        let read = try Self.read(Self.calendar("""
            BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Sans date\r\nLOCATION:Salle\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20260501T200000Z\r\nLOCATION:Salle\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Rendez-vous médical\r\nCLASS:PRIVATE\r\nDTSTART:20260501T200000Z\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Concert\r\nCATEGORIES:concert\r\nLOCATION:Salle\r\nDTSTART;TZID=Nowhere/Else:20260501T200000\r\nX-BROKEN\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Concert\r\nLOCATION:Salle\r\nDTSTART:20260501T200000Z\r\nEND:VEVENT\r
            BEGIN:VEVENT\r\nUID:e\r\nSUMMARY:Pas fini\r\n
            """), defaultCategory: "music.concert")
        #expect(read.rejected.map(\.reason.code) == [.missingField, .missingField, .privateEvent, .duplicateID, .malformedRow])
        #expect(read.rejected.map(\.block) == [1, 2, 3, 5, 6] && read.rejected.map(\.recordID) == ["a", "b", "c", "d", "e"])
        #expect(read.rejected[0].reason.message.contains("DTSTART") && read.rejected[0].raw.hasPrefix("BEGIN:VEVENT\r\nUID:a"))
        #expect(read.rejected[2].raw.isEmpty, "a private event's text is not kept")
        let concert = try #require(read.events.first)
        #expect(Self.iso(concert.offer.startsAt) == "2026-05-01T18:00:00Z", "an unknown TZID is read as Paris time")
        #expect(read.warnings.contains { $0.reason.code == .unknownTZID } && read.warnings.contains { $0.reason.code == .fieldDropped || $0.reason.code == .malformedRow } == false)

        #expect(throws: ICalendarFeed.Refusal.notUTF8) { try ICalendarFeed.read(Data("BEGIN:VCALENDAR\r\nX:".utf8) + Data([0xFF, 0xFE]), source: "s", institutionID: Self.institution, defaultCategory: nil) }
        #expect(throws: ICalendarFeed.Refusal.tooLarge(bytes: ICalendarFeed.maximumDocumentBytes + 1)) {
            try ICalendarFeed.read(Data(count: ICalendarFeed.maximumDocumentBytes + 1), source: "s", institutionID: Self.institution, defaultCategory: nil)
        }
        #expect(throws: ICalendarFeed.Refusal.notACalendar) { try Self.read("<html><body>agenda</body></html>") }
        #expect(ICalendarFeed.Refusal.notACalendar.description.contains("VCALENDAR"))
        #expect(ICalendarFeed.sourceKey("https://a.example/agenda.ics").hasPrefix("ical:") && ICalendarFeed.sourceKey("https://a.example/agenda.ics").hasSuffix("agenda.ics"))
    }

    @Test("content lines: LF or CRLF, a BOM, folds (also inside a UTF-8 character), quoted and multi-valued parameters, case")
    func contentLines() throws {
        let e = "é".utf8.map { $0 }
        // "é" is folded between its two bytes, as Outlook does; a CRLF and a tab fold the rest.
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("begin:vcalendar\nBEGIN:VEVENT\nuid:f\nSUMMARY;LANGUAGE=en:Caf".utf8) + [e[0], 0x0A, 0x20, e[1]]
            + Array(" in\r\n\tParis\nLocation;X-P=\"a;b:c\",d:Salle\\nA\nDTSTART:20260501T200000Z\nEND:VEVENT\nEND:VCALENDAR".utf8)
        let read = try ICalendarFeed.read(Data(bytes), source: "s", institutionID: Self.institution, defaultCategory: CategoryID(trusted: "music.concert"))
        let event = try #require(read.events.first, "\(read.rejected)")
        #expect(event.offer.title[.en] == "Café inParis" && event.offer.title[.fr] == "Café inParis")
        #expect(event.venue?.name == "Salle A")
        let line = try ICalLineParser.parse(#"ATTENDEE;MEMBER="mailto:a@x","mailto:b@x";CN=^'Jo^' ^^:mailto:c@x"#, line: 1).get()
        #expect(line.parameters.map(\.values) == [["mailto:a@x", "mailto:b@x"], ["\"Jo\" ^"]] && line.value == "mailto:c@x")
        #expect(ICalText.unescaped(#"a\,b\;c\\d\ne"#) == "a,b;c\\d\ne")
        #expect(ICalText.list(#"jazz\, blues,théâtre"#) == ["jazz, blues", "théâtre"])
        #expect(ICalDuration.parse("P1W") == ICalDuration(days: 7, seconds: 0) && ICalDuration.parse("PT1H30M") == ICalDuration(days: 0, seconds: 5_400))
        #expect(ICalDuration.parse("P1DT") == nil && ICalDuration.parse("P999999999999999999W") == nil)
    }

    // MARK: - Robustness

    /// A small deterministic generator (SplitMix64), so a failing mutation can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("2 000 seeded mutations of real calendars (bytes and lines deleted, duplicated, flipped; truncations) never crash",
          .enabled(if: RealData.isPresent, RealData.skipMessage))
    func mutations() throws {
        let seeds = ["calendars/x_location.ics", "calendars/america_new_york.ics", "calendars/rfc_7265_appendix_example_2_ical.ics",
                     "events/issue_112_missing_tzinfo_on_exdate.ics", "calendars/issue_156_RDATE_with_PERIOD_TZID_khal_2.ics", "calendars/pacific_fiji.ics",
                     "calendars/alarm_thunderbird_future.ics", "calendars/issue_722_timezone_transition_ambiguity.ics"]
        let originals = try seeds.map { try [UInt8](Data(contentsOf: Self.corpus.appending(path: $0))) }
        var random = SplitMix(state: 20_260_101)
        var outcomes = [0, 0]
        for _ in 0..<2_000 {
            var bytes = originals[Int(random.next() % UInt64(originals.count))]
            for _ in 0...Int(random.next() % 4) where !bytes.isEmpty {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 6 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(bytes[at], at: at)
                case 2: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
                case 3: bytes.removeSubrange(at...)
                case 4:
                    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                    let pick = Int(random.next() % UInt64(lines.count))
                    var copy = lines
                    copy.insert(lines[pick], at: Int(random.next() % UInt64(lines.count)))
                    bytes = Array(copy.joined(separator: [0x0A]))
                default:
                    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                    lines.remove(at: Int(random.next() % UInt64(lines.count)))
                    bytes = Array(lines.joined(separator: [0x0A]))
                }
            }
            do {
                let read = try ICalendarFeed.read(Data(bytes), source: "s", institutionID: Self.institution,
                                                  defaultCategory: CategoryID(trusted: "practices.talk"), retrievedAt: Self.retrieved)
                outcomes[0] += 1
                #expect(read.events.allSatisfy { $0.occurrences.count <= Stock.maximumPerOffer })
            } catch {
                outcomes[1] += 1
            }
        }
        #expect(outcomes[0] + outcomes[1] == 2_000 && outcomes[0] > 1_000, "read \(outcomes[0]), refused \(outcomes[1])")
    }
}
