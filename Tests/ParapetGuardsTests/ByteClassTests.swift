import Testing
@testable import ParapetGuards

@Suite struct ByteClassTests {
    @Test func classes() {
        #expect(ByteClass.isDigit(UInt8(ascii: "7")))
        #expect(!ByteClass.isDigit(UInt8(ascii: "a")))
        #expect(ByteClass.isAlpha(UInt8(ascii: "Q")))
        #expect(!ByteClass.isAlpha(0xC3))
        #expect(ByteClass.isWord(0xC3))
        #expect(ByteClass.hexValue(UInt8(ascii: "F")) == 15)
        #expect(ByteClass.hexValue(UInt8(ascii: "g")) == nil)
    }
}
