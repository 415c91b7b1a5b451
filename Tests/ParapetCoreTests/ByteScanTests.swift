import Testing
@testable import ParapetCore

@Suite struct ByteScanTests {
    private static func naiveNonASCII(_ b: [UInt8], from start: Int) -> Int {
        b.indices.first { $0 >= start && b[$0] >= 0x80 } ?? b.count
    }

    private static func naiveEscape(_ b: [UInt8], from start: Int) -> Int {
        b.indices.first { $0 >= start && (b[$0] < 0x20 || b[$0] == 0x22 || b[$0] == 0x5C) } ?? b.count
    }

    private static func naiveStringStop(_ b: [UInt8], from start: Int) -> Int {
        b.indices.first { $0 >= start && (b[$0] < 0x20 || b[$0] == 0x22 || b[$0] == 0x5C || b[$0] >= 0x80) } ?? b.count
    }

    private static func naiveLowercased(_ b: [UInt8]) -> ([UInt8], Bool) {
        (b.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, b.allSatisfy { $0 < 0x80 })
    }

    /// Checks every scan of `bytes` against its byte-by-byte definition.
    private static func expectAllMatch(_ bytes: [UInt8], from start: Int = 0) {
        bytes.withUnsafeBytes { raw in
            #expect(ByteScan.firstNonASCII(raw, from: start) == naiveNonASCII(bytes, from: start))
            #expect(ByteScan.firstJSONEscape(raw, from: start) == naiveEscape(bytes, from: start))
            #expect(ByteScan.firstJSONStringStop(raw, from: start) == naiveStringStop(bytes, from: start))
        }
        var lowered = bytes
        let ascii = lowered.withUnsafeMutableBytes { ByteScan.lowercaseASCII($0) }
        let expected = naiveLowercased(bytes)
        #expect(lowered == expected.0)
        #expect(ascii == expected.1)
    }

    /// Every byte value at every position of a buffer longer than two words, from every start.
    @Test func everyByteAtEveryPositionMatchesTheByteLoop() {
        for filler in [UInt8(ascii: "a"), UInt8(ascii: "Z")] {
            for value in 0...255 {
                for position in 0..<19 {
                    var bytes = [UInt8](repeating: filler, count: 19)
                    bytes[position] = UInt8(value)
                    for start in [0, 1, 7, 8, 12] { Self.expectAllMatch(bytes, from: start) }
                }
            }
        }
    }

    /// Bytes that would borrow or carry in a plain word subtraction (0x7F, 0x80, 0xFF, 0x21, 0x23,
    /// 0x40, 0x5B, 0x5D beside the targets; 0xC1 and 0xDA, whose low seven bits are letters) do not move the first hit: every triple of them across a
    /// word boundary.
    @Test func neighboursNeverShiftTheFirstHit() {
        let alphabet: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x40, 0x41, 0x5A, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xC1, 0xC3, 0xDA, 0xFF, 0x61]
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 17)
                    (bytes[6], bytes[7], bytes[8]) = (a, b, c)
                    Self.expectAllMatch(bytes)
                }
            }
        }
    }

    @Test func emptyAndOutOfRangeStarts() {
        let empty: [UInt8] = []
        Self.expectAllMatch(empty)
        let text = Array("plain ascii text".utf8)
        text.withUnsafeBytes { raw in
            #expect(ByteScan.firstNonASCII(raw, from: 40) == text.count)
            #expect(ByteScan.firstJSONEscape(raw, from: -3) == text.count)
        }
    }
}
