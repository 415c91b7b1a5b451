/// Scalars removed before detection: they render as nothing (or only steer rendering) and are
/// used to split trigger words ("ig\u{200B}nore"), to reorder what a reviewer sees (bidi
/// overrides), or to smuggle whole instructions (Unicode tag characters).
enum InvisibleScalars {
    enum Kind {
        case zeroWidth
        case bidiControl
        case tag
    }

    static func kind(_ v: UInt32) -> Kind? {
        switch v {
        case 0x00AD, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x200B...0x200D,
            0x2060...0x2064, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0x1BCA0...0x1BCA3,
            0x1D173...0x1D17A, 0xE0100...0xE01EF:
            return .zeroWidth
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            return .bidiControl
        case 0xE0000...0xE007F:
            return .tag
        default:
            return nil
        }
    }
}
