import Foundation
import PasserelleDiscovery
import Testing

@Suite("Search text folding")
struct SearchTextTests {
    @Test func foldsCaseAccentsAndLigatures() {
        #expect(SearchText.words("Les Misérables") == ["les", "miserables"])
        #expect(SearchText.words("ŒUVRES d’Émile Zola") == ["oeuvres", "d", "emile", "zola"])
        #expect(SearchText.words("Straße, Łódź, Ærø") == ["strasse", "lodz", "aero"])
        #expect(SearchText.words("Mozart—Requiem (K. 626)") == ["mozart", "requiem", "k", "626"])
        #expect(SearchText.words("") == [])
    }

    /// ASCII text skips the decomposition: both ways must fold it alike. A trailing no-break space (a separator,
    /// not ASCII) sends the same text through the decomposing way.
    @Test func asciiTextIsFoldedAsThroughDecomposition() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...60, using: &generator)).map { _ in
                Character(Unicode.Scalar(UInt8.random(in: 0...0x7F, using: &generator)))
            })
            #expect(SearchText.words(text) == SearchText.words(text + "\u{00A0}"), "\(text.debugDescription)")
        }
        #expect(SearchText.words("L'Opera-Bastille 2027, ACT II") == ["l", "opera", "bastille", "2027", "act", "ii"])
    }

    @Test func dropsElisionsAndStopWords() {
        #expect(SearchText.tokens("L'Opéra de quat'sous") == ["opera", "quat", "sous"])
        #expect(SearchText.tokens("l’opéra") == ["opera"])
        #expect(SearchText.tokens("Die Zauberflöte und der Tod") == ["zauberflote", "tod"])
        #expect(SearchText.tokens("the of and") == [])
        // A single digit is a meaningful token (a volume, a season); a single letter is not.
        #expect(SearchText.tokens("Saison 2, épisode b") == ["saison", "2", "episode"])
    }

    @Test func reducesPluralsTheSameWayOnBothSides() {
        for (plural, singular) in [
            ("concerts", "concert"), ("musées", "musée"), ("châteaux", "château"), ("jeux", "jeu"), ("galleries", "gallery"),
            ("chevaux", "cheval"), ("bijoux", "bijou"),
        ] {
            #expect(SearchText.tokens(plural) == SearchText.tokens(singular), "\(plural) / \(singular)")
        }
        for unchanged in ["paris", "bus", "class", "opus", "lys"] {
            #expect(SearchText.stem(unchanged) == unchanged)
        }
    }

    @Test func cutsVeryLongRuns() {
        let long = String(repeating: "a", count: 100)
        #expect(SearchText.words(long).first?.count == SearchText.maximumTokenLength)
    }

    @Test func queryTermsMarkTheLastWordAsAPrefixWhileTyping() {
        #expect(QueryTerms("concert orgu").terms.map(\.isPrefix) == [false, true])
        #expect(QueryTerms("concert orgue ").terms.map(\.isPrefix) == [false, false])
        #expect(QueryTerms("orgue orgues").terms.map(\.token) == ["orgue"])
        #expect(QueryTerms(nil).isEmpty)
        #expect(QueryTerms("la le les").isEmpty)
    }
}

@Suite("Typo tolerance")
struct TypoToleranceTests {
    @Test func distanceCountsTranspositionsAsOneEdit() {
        #expect(TypoTolerance.distance("moliere", "moliere") == 0)
        #expect(TypoTolerance.distance("moliree", "moliere") == 1)
        #expect(TypoTolerance.distance("miserble", "miserable") == 1)
        #expect(TypoTolerance.distance("kitten", "sitting") == 3)
        #expect(TypoTolerance.distance("abcdef", "uvwxyz", limit: 2) == 3)
    }

    @Test func variantsAreTheWordAndItsDeletions() {
        #expect(TypoTolerance.deletionVariants("opera") == ["opera", "pera", "oera", "opra", "opea", "oper"])
        #expect(TypoTolerance.deletionVariants("aab") == ["aab"])
        #expect(TypoTolerance.deletionVariants("aabb") == ["aabb", "abb", "aab"])
    }

    @Test func correctionsAreNearestFirstAndBoundedByLength() {
        #expect(TypoTolerance.corrections(of: "opira", among: ["opera", "opira", "aviron", "pira"]) == ["opera", "pira"])
        #expect(TypoTolerance.corrections(of: "bus", among: ["bas"]) == [])
        #expect(TypoTolerance.corrections(of: "theatrre", among: ["theatre", "theatrale", "theatrical"]) == ["theatre", "theatrale"])
        #expect(TypoTolerance.allowedDistance(forLength: 3) == 0)
        #expect(TypoTolerance.allowedDistance(forLength: 7) == 1)
        #expect(TypoTolerance.allowedDistance(forLength: 8) == 2)
    }
}

@Suite("Highlights and cursors")
struct HighlightTests {
    @Test func marksMatchedWordsInTheOriginalText() {
        let segments = Highlighter.segments("Les Misérables, à l'Opéra", terms: QueryTerms("miserable opera"))
        #expect(segments == [
            HighlightSegment(text: "Les ", match: false), HighlightSegment(text: "Misérables", match: true),
            HighlightSegment(text: ", à l'", match: false), HighlightSegment(text: "Opéra", match: true),
        ])
        #expect(Highlighter.segments("Rien", terms: QueryTerms(nil)) == [HighlightSegment(text: "Rien", match: false)])
    }

    @Test func snippetsCutAroundTheFirstMatch() {
        let text = String(repeating: "Lorem ipsum dolor sit amet. ", count: 20) + "Le Cid de Corneille. " + String(repeating: "Fin. ", count: 40)
        let snippet = Highlighter.snippet(text, terms: QueryTerms("corneille"), length: 80)
        #expect(snippet.first?.text == "…")
        #expect(snippet.last?.text == "…")
        #expect(snippet.contains(HighlightSegment(text: "Corneille", match: true)))
        #expect(snippet.map(\.text).joined().count <= 82)
    }

    @Test func cursorsRoundTripAndRefuseForgeries() {
        let cursor = SearchCursor(score: 0.123_456_789, key: "w:work/é")
        #expect(SearchCursor(token: cursor.token) == cursor)
        #expect(SearchCursor(token: "") == nil)
        #expect(SearchCursor(token: "Zm9v") == nil)
        #expect(SearchCursor(token: String(repeating: "A", count: 500)) == nil)
        #expect(cursor.precedes(score: 0.1, key: "a"))
        #expect(cursor.precedes(score: 0.123_456_789, key: "w:z"))
        #expect(!cursor.precedes(score: 0.123_456_789, key: "w:work/é"))
        #expect(!cursor.precedes(score: 0.5, key: "z"))
    }
}

@Suite("Date windows")
struct DateWindowTests {
    /// 2026-12-02 is a Wednesday; 11:00 in Paris is 10:00 UTC.
    let wednesday = Date(timeIntervalSince1970: 1_796_205_600)

    private func paris(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = DateWindow.timeZone
        return formatter.string(from: date)
    }

    @Test func windowsFollowParisCivilDays() {
        #expect(paris(wednesday) == "2026-12-02T11:00:00+01:00")
        let today = DateWindow.today.interval(from: wednesday)
        #expect(paris(today.to) == "2026-12-02T23:59:59+01:00")
        let weekend = DateWindow.weekend.interval(from: wednesday)
        #expect(paris(weekend.from) == "2026-12-05T00:00:00+01:00")
        #expect(paris(weekend.to) == "2026-12-06T23:59:59+01:00")
        let tomorrow = DateWindow.tomorrow.interval(from: wednesday)
        #expect(paris(tomorrow.from) == "2026-12-03T00:00:00+01:00")
        #expect(paris(DateWindow.week.interval(from: wednesday).to) == "2026-12-08T23:59:59+01:00")
        // On a Sunday the weekend is what is left of it.
        let sunday = wednesday.addingTimeInterval(4 * 86_400)
        #expect(DateWindow.weekend.interval(from: sunday).from == sunday)
        #expect(paris(DateWindow.weekend.interval(from: sunday).to) == "2026-12-06T23:59:59+01:00")
    }
}
