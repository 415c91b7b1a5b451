/// Rules for policy names: 1…64 bytes of `a-z 0-9 _ - .`.
enum PolicyName {
    static let maxBytes = 64

    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maxBytes
            && name.utf8.allSatisfy { b in
                (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
                    || b == UInt8(ascii: ".")
            }
    }
}
