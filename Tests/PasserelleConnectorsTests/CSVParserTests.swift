import Testing
@testable import PasserelleConnectors

@Suite("CSV parser")
struct CSVParserTests {
    private func parse(_ text: String, _ delimiter: Character = ",") -> [CSVRecord] {
        Array(CSVParser(text: text, delimiter: delimiter))
    }

    @Test func plainFieldsAndLineNumbers() {
        #expect(parse("a,b,c\n1,2,3\n") == [
            CSVRecord(fields: ["a", "b", "c"], line: 1), CSVRecord(fields: ["1", "2", "3"], line: 2),
        ])
    }

    @Test func quotedFieldsKeepDelimitersAndDoubledQuotes() {
        let records = parse("id,text\n1,\"Paris, 8e \"\"Balzac\"\"\",x\n")
        #expect(records[1].fields == ["1", "Paris, 8e \"Balzac\"", "x"])
    }

    @Test func embeddedNewlinesStayInTheFieldAndCountLines() {
        let records = parse("a,b\n\"line one\nline two\",2\n3,4\n")
        #expect(records.count == 3)
        #expect(records[1].fields == ["line one\nline two", "2"])
        #expect(records[1].line == 2)
        // The record after a two-line field starts on physical line 4.
        #expect(records[2] == CSVRecord(fields: ["3", "4"], line: 4))
    }

    @Test func semicolonDelimiterLeavesCommasAlone() {
        let records = parse("nom;geo\nFestival;43.77, 2.19\n", ";")
        #expect(records[1].fields == ["Festival", "43.77, 2.19"])
        #expect(parse("a;b\n", ",")[0].fields == ["a;b"])
    }

    @Test func byteOrderMarkIsSkipped() {
        let records = Array(CSVParser(bytes: [0xEF, 0xBB, 0xBF] + Array("Nom;Code\nx;1\n".utf8), delimiter: ";"))
        #expect(records[0].fields == ["Nom", "Code"])
        #expect(CSVHeader(records[0]).index(of: "Nom") == 0)
    }

    @Test func crlfAndLoneCarriageReturnEndRecords() {
        #expect(parse("a,b\r\n1,2\r\n") == [CSVRecord(fields: ["a", "b"], line: 1), CSVRecord(fields: ["1", "2"], line: 2)])
        #expect(parse("a\rb\r").map(\.fields) == [["a"], ["b"]])
        // Inside quotes, CRLF is kept and counted as one line.
        let quoted = parse("\"x\r\ny\",1\r\nz,2")
        #expect(quoted[0].fields == ["x\r\ny", "1"])
        #expect(quoted[1].line == 3)
    }

    @Test func raggedRowsKeepTheirOwnFieldCount() {
        let records = parse("a,b,c\n1\n1,2,3,4\n1,2,\n")
        #expect(records.map(\.fields.count) == [3, 1, 4, 3])
        #expect(records[3].fields == ["1", "2", ""])
        let header = CSVHeader(records[0])
        #expect(header.value("c", in: records[1]) == "")
        #expect(header.shapeProblem(of: records[1]) == nil)
        #expect(header.shapeProblem(of: records[2]) == "expected 3 fields, found 4")
        #expect(header.shapeProblem(of: CSVRecord(fields: ["1", "2", "3", " "], line: 5)) == nil)
    }

    @Test func unterminatedQuoteIsFlaggedNotLost() {
        let records = parse("a,b\n1,\"never closed\n2,3\n")
        #expect(records.count == 2)
        #expect(records[1].hasUnterminatedQuote)
        #expect(records[1].fields == ["1", "never closed\n2,3\n"])
        #expect(CSVHeader(records[0]).shapeProblem(of: records[1]) == "unterminated quoted field")
    }

    @Test func emptyInputAndFinalLineWithoutNewline() {
        #expect(parse("").isEmpty)
        #expect(parse("a,b").map(\.fields) == [["a", "b"]])
        #expect(parse("\n").map(\.fields) == [[""]])
    }

    @Test func headerTrimsNamesAndValues() {
        let records = parse(" Nom , Code \n  Louvre  , 75056\n")
        let header = CSVHeader(records[0])
        #expect(header.names == ["Nom", "Code"])
        #expect(header.value("Nom", in: records[1]) == "Louvre")
        #expect(header.value("Code", in: records[1]) == "75056")
        #expect(header.missing(["Nom", "Ville"]) == ["Ville"])
    }

    @Test func quoteInsideAnUnquotedFieldIsLiteral() {
        #expect(parse("a,5\"2,b\n")[0].fields == ["a", "5\"2", "b"])
    }

    @Test func multibyteTextSurvives() {
        #expect(parse("Musée,Île-de-France,Łódź\n")[0].fields == ["Musée", "Île-de-France", "Łódź"])
    }
}
