import ParapetCore
import Testing

@testable import ParapetGuards

@Suite struct SchemaNumberTests {
    func number(_ text: String) throws -> SchemaNumber {
        try #require(SchemaNumber(text), "\(text) should parse")
    }

    @Test func normalisesEqualValues() throws {
        #expect(try number("1.0") == number("1"))
        #expect(try number("1e2") == number("100"))
        #expect(try number("-0") == number("0"))
        #expect(try number("0.000") == number("0e10"))
        #expect(try number("123456789012345678901234567890") == number("1.2345678901234567890123456789e29"))
        #expect(try number("1.5") != number("1.05"))
    }

    @Test func refusesInvalidText() {
        for text in ["", "-", "01", "1.", ".5", "1e", "+1", "1x", "NaN", "--1", "1e+"] { #expect(SchemaNumber(text) == nil, "\(text)") }
    }

    @Test func ordersExactly() throws {
        #expect(try number("0.1") < number("0.10000000000000001"))
        #expect(try number("-2") < number("-1.5"))
        #expect(try number("18446744073709551615") < number("18446744073709551616"))
        #expect(try number("1e400") > number("9.99e399"))
        #expect(try number("-1e-400") < number("0"))
        #expect(try number("99999999999999999999").compare(number("1e20")) < 0)
    }

    @Test func multiplesWithoutFloatingPointError() throws {
        #expect(try number("0.3").isMultiple(of: number("0.1")))
        #expect(try number("4.35").isMultiple(of: number("0.01")))
        #expect(try !number("4.355").isMultiple(of: number("0.01")))
        #expect(try number("1e308").isMultiple(of: number("0.5")))
        #expect(try number("12345678901234567890123456789").isMultiple(of: number("3")))
        #expect(try !number("12345678901234567890123456788").isMultiple(of: number("3")))
        #expect(try number("3e1000000").isMultiple(of: number("1234567890123456789012345678901234567890")) == false)
        #expect(try number("1234567890123456789012345678901234567890e5").isMultiple(of: number("1234567890123456789012345678901234567890")))
        #expect(try number("0").isMultiple(of: number("7.5")))
        #expect(try number("7.5").isMultiple(of: number("2.5")))
    }

    @Test func aMillionDigitNumberParsesInLinearTime() throws {
        // The digit buffer grows in place; copying it on every digit made this quadratic (hours).
        let digits = String(repeating: "7", count: 1_000_000)
        let big = try number(digits)
        #expect(try number("7") < big)
    }

    @Test func integersAndDescriptions() throws {
        #expect(try number("1.0e3").isInteger)
        #expect(try !number("1.5").isInteger)
        #expect(try number("2.50e1").intValue == 25)
        #expect(try number("1e30").intValue == nil)
        #expect(try number("-1.250").description == "-1.25")
        #expect(try number("3e2").description == "300")
        #expect(try number("0.001").description == "0.001")
        #expect(try number("1.5e40").description == "1.5e+40")
    }
}

@Suite struct SchemaURITests {
    // RFC 3986 section 5.4 examples against http://a/b/c/d;p?q.
    @Test(arguments: [
        ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"), ("/g", "http://a/g"),
        ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"),
        ("", "http://a/b/c/d;p?q"), ("..", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"),
        ("../../../g", "http://a/g"), ("/./g", "http://a/g"), ("g.", "http://a/b/c/g."), ("./../g", "http://a/b/g"),
        ("g;x=1/../y", "http://a/b/c/y"), ("urn:example:x", "urn:example:x"),
    ])
    func resolvesLikeRFC3986(reference: String, expected: String) {
        #expect(SchemaURI.resolve(reference, against: "http://a/b/c/d;p?q") == expected)
    }

    @Test func resolvesAgainstURNsAndEmptyBases() {
        #expect(SchemaURI.resolve("#/$defs/a", against: "urn:uuid:deadbeef") == "urn:uuid:deadbeef#/$defs/a")
        #expect(SchemaURI.resolve("#foo", against: "") == "#foo")
        #expect(SchemaURI.split("http://x/y#") == ("http://x/y", nil))
        #expect(SchemaURI.split("http://x/y#/a") == ("http://x/y", "/a"))
    }

    @Test func pointersAndPercentDecoding() {
        #expect(SchemaText.pointerTokens("/a~1b/c~0d/") == ["a/b", "c~d", ""])
        #expect(SchemaText.pointerTokens("") == [])
        #expect(SchemaText.pointerTokens("a") == nil)
        #expect(SchemaText.escapeToken("a/b~c") == "a~1b~0c")
        #expect(SchemaText.percentDecoded("/foo%22bar%25") == "/foo\"bar%")
        #expect(SchemaText.percentDecoded("%zz") == nil)
    }

    @Test func nameTableLooksUpByCodePoints() {
        let table = SchemaNameTable(["id", "name", "\u{E9}", "name", ""])
        #expect(table.index(of: "name") == 1)
        #expect(table.index(of: "\u{E9}") == 2)
        #expect(table.index(of: "e\u{301}") == nil)
        #expect(table.index(of: "") == 4)
        #expect(table.index(of: "missing") == nil)
        #expect(SchemaNameTable([]).index(of: "x") == nil)
    }
}
