import Testing
@testable import ParapetCore

@Suite struct ByteScanTests {
    private static func naiveNonASCII(_ b: [UInt8], from start: Int) -> Int {
        b.indices.first { $0 >= start && b[$0] >= 0x80 } ?? b.count
    }

    private static func naiveEscape(_ b: [UInt8], from start: Int) -> Int {
        b.indices.first { $0 >= start && (b[$0] < 0x20 || b[$0] == 0x22 || b[$0] == 0x5C) } ?? b.count
    }

    /// Every byte value at every position of a buffer longer than two words, from every start.
    @Test func everyByteAtEveryPositionMatchesTheByteLoop() {
        for value in 0...255 {
            for position in 0..<19 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 19)
                bytes[position] = UInt8(value)
                bytes.withUnsafeBytes { raw in
                    for start in [0, 1, 7, 8, 12] {
                        #expect(ByteScan.firstNonASCII(raw, from: start) == Self.naiveNonASCII(bytes, from: start))
                        #expect(ByteScan.firstJSONEscape(raw, from: start) == Self.naiveEscape(bytes, from: start))
                    }
                }
            }
        }
    }

    /// Bytes that would borrow or carry in a plain word subtraction (0x7F, 0x80, 0xFF, 0x21, 0x23,
    /// 0x5B, 0x5D beside the targets) do not move the first hit: every triple of them across a
    /// word boundary.
    @Test func neighboursNeverShiftTheFirstHit() {
        let alphabet: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xC3, 0xFF, 0x61]
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 17)
                    (bytes[6], bytes[7], bytes[8]) = (a, b, c)
                    bytes.withUnsafeBytes { raw in
                        #expect(ByteScan.firstNonASCII(raw) == Self.naiveNonASCII(bytes, from: 0))
                        #expect(ByteScan.firstJSONEscape(raw) == Self.naiveEscape(bytes, from: 0))
                    }
                }
            }
        }
    }

    @Test func emptyAndOutOfRangeStarts() {
        let empty: [UInt8] = []
        empty.withUnsafeBytes { raw in
            #expect(ByteScan.firstNonASCII(raw) == 0)
            #expect(ByteScan.firstJSONEscape(raw) == 0)
        }
        let text = Array("plain ascii text".utf8)
        text.withUnsafeBytes { raw in
            #expect(ByteScan.firstNonASCII(raw, from: 40) == text.count)
            #expect(ByteScan.firstJSONEscape(raw, from: -3) == text.count)
        }
    }
}
