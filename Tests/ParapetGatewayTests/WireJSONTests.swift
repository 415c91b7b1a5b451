import ParapetCore
import Testing
@testable import ParapetGateway

@Suite("Wire JSON")
struct WireJSONTests {
    func parse(_ text: String, maxDepth: Int = JSON.defaultMaxDepth) throws -> JSON {
        try JSON.parse(Array(text.utf8), maxDepth: maxDepth)
    }

    func roundTrip(_ text: String) throws -> String {
        String(decoding: try parse(text).serialized, as: UTF8.self)
    }

    func rejects(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSON.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func compactInputRoundTripsByteExact() throws {
        let text = #"{"z":1,"a":[true,false,null,-0.5e+10,1E2,0],"m":{"k":"v\"\\\n"},"u":"é😀"}"#
        #expect(try roundTrip(text) == text)
    }

    @Test func keyOrderAndNumberTextKept() throws {
        let value = try parse(#" { "b" : 1.50 , "a" : 10000000000000000000001 } "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == .number("1.50"))
        #expect(try roundTrip(#"{"b":1.50,"a":10000000000000000000001}"#) == #"{"b":1.50,"a":10000000000000000000001}"#)
    }

    @Test func escapesDecodeAndReencodeMinimally() throws {
        let value = try parse(#""\u0041\/\b\f\n\r\t\u00e9\ud83d\ude00\u0001""#)
        #expect(value == .string("A/\u{8}\u{C}\n\r\té😀\u{1}"))
        #expect(String(decoding: value.serialized, as: UTF8.self) == #""A/\b\f\n\r\té😀\u0001""#)
    }

    @Test(arguments: [
        "01", "-01", "1.", ".5", "1e", "+1", "-", "1.e5", "0x10", "NaN", "Infinity",
        "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "'a'", "\"\\x\"", "\"\\u12\"",
        "tru", "nul", "[", "{", "\"abc", "", "   ", "1 2", "[]]", "{\"a\":1}x",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"",
        "{\"a\":1,\"a\":2}",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(rejects(Array(text.utf8)) != nil)
    }

    @Test func rejectsInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong 3-byte
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate U+D800
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0x80, 0x22],  // stray continuation
            [0x22, 0xE2, 0x82, 0x22],  // truncated sequence
            [0x22, 0xFF, 0x22],
            [0x22, 0xF0, 0x9F, 0x98],  // truncated at end of input
        ]
        for bytes in cases {
            #expect(rejects(bytes) != nil, "\(bytes)")
        }
    }

    @Test func rejectsRawControlCharacters() {
        #expect(rejects(Array("\"a\nb\"".utf8))?.offset == 2)
        #expect(rejects([0x22, 0x00, 0x22]) != nil)
    }

    @Test func errorCarriesOffset() {
        let error = rejects(Array(#"{"a": tru}"#.utf8))
        #expect(error?.offset == 6)
        #expect(rejects(Array(#"{"a":1,"a":2}"#.utf8))?.message.contains("duplicate") == true)
    }

    @Test func depthLimit() throws {
        let deep = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect(throws: Never.self) { try parse(deep) }
        let tooDeep = "[" + deep + "]"
        #expect(throws: JSONParseError.self) { try parse(tooDeep) }
        #expect(throws: JSONParseError.self) { try parse(#"{"a":{"b":1}}"#, maxDepth: 1) }
        let hostile = Array(repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(rejects(hostile) != nil)
    }

    @Test func duplicateKeysInLargeObjects() {
        let members = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(rejects(Array("{\(members)}".utf8)) == nil)
        #expect(rejects(Array("{\(members),\"k7\":0}".utf8)) != nil)
    }

    @Test func nonContiguousCollectionParses() throws {
        let bytes = Array(#"{"a":[1,"x"]}"#.utf8)
        let value = try JSON.parse(bytes.lazy.map { $0 })
        #expect(value["a"]?.arrayValue?.count == 2)
    }

    @Test func accessors() throws {
        let value = try parse(#"{"s":"x","b":true,"i":42,"f":2.5,"e":3e0,"big":1e300,"a":[],"o":{}}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["i"]?.intValue == 42)
        #expect(value["f"]?.intValue == nil)
        #expect(value["f"]?.doubleValue == 2.5)
        #expect(value["e"]?.intValue == 3)
        #expect(value["big"]?.intValue == nil)
        #expect(value["a"]?.arrayValue == [])
        #expect(value["o"]?.objectValue == JSONObject([]))
        #expect(value["s"]?.intValue == nil)
        #expect(value["i"]?.stringValue == nil)
    }

    @Test func numberHelpersProduceValidText() throws {
        for value in [JSON.number(-7), .number(0.1), .number(1e-7), .number(1e300), .number(-0.0)] {
            #expect(try JSON.parse(value.serialized) == value)
        }
        #expect(JSON.number(Double.nan) == .null)
        #expect(JSON.number(Double.infinity) == .null)
    }

    @Test func objectSubscriptSetAndRemove() {
        var object = JSONObject([("a", .number(1)), ("b", .number(2))])
        object["a"] = .string("x")
        object["c"] = .null
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object.count == 2)
        #expect(Array(object.map(\.key)) == ["a", "c"])
        #expect(String(decoding: JSON.object(object).serialized, as: UTF8.self) == #"{"a":"x","c":null}"#)
    }

    @Test func unsafeBufferFastPath() throws {
        let bytes = Array(#"[1,"two"]"#.utf8)
        let value = try bytes.withUnsafeBytes { buffer in try JSON.parse(buffer) }
        #expect(value == .array([.number("1"), .string("two")]))
    }
}
