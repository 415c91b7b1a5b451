/// A Unicode property usable in `\p{…}` / `\P{…}`: general categories (by short or long name, or
/// as `General_Category=…`/`gc=…`) and a few binary properties the standard library exposes.
/// Scripts (`Script=…`) are not available without tables and are refused.
enum PatternUnicodeProperty: Sendable, Equatable {
    /// A set of general categories as a bit mask over `PatternUnicodeProperty.categoryBit`.
    case categories(UInt32)
    case any, ascii, assigned, alphabetic, uppercase, lowercase, whiteSpace, emoji, ideographic, math
    case hexDigit, asciiHexDigit, dash, diacritic, extender, noncharacter

    /// Whether `value` (a scalar value; surrogates never match) has the property.
    func matches(_ value: UInt32) -> Bool {
        switch self {
        case .any: return true
        case .ascii: return value < 0x80
        default: break
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        let properties = scalar.properties
        switch self {
        case .categories(let mask): return mask & Self.categoryBit(properties.generalCategory) != 0
        case .any, .ascii: return true
        case .assigned: return properties.generalCategory != .unassigned
        case .alphabetic: return properties.isAlphabetic
        case .uppercase: return properties.isUppercase
        case .lowercase: return properties.isLowercase
        case .whiteSpace: return properties.isWhitespace
        case .emoji: return properties.isEmoji
        case .ideographic: return properties.isIdeographic
        case .math: return properties.isMath
        case .hexDigit: return properties.isHexDigit
        case .asciiHexDigit: return properties.isASCIIHexDigit
        case .dash: return properties.isDash
        case .diacritic: return properties.isDiacritic
        case .extender: return properties.isExtender
        case .noncharacter: return properties.isNoncharacterCodePoint
        }
    }

    /// The property named by the text between the braces of `\p{…}`, or nil when unknown.
    static func named(_ text: String) -> PatternUnicodeProperty? {
        if let equals = text.firstIndex(of: "=") {
            let name = text[..<equals]
            let value = String(text[text.index(after: equals)...])
            guard name == "General_Category" || name == "gc" else { return nil }
            return categoryMask(value).map { .categories($0) }
        }
        if let mask = categoryMask(text) { return .categories(mask) }
        switch text {
        case "Any": return .any
        case "ASCII": return .ascii
        case "Assigned": return .assigned
        case "Alphabetic", "Alpha": return .alphabetic
        case "Uppercase", "Upper": return .uppercase
        case "Lowercase", "Lower": return .lowercase
        case "White_Space", "space": return .whiteSpace
        case "Emoji": return .emoji
        case "Ideographic", "Ideo": return .ideographic
        case "Math": return .math
        case "Hex_Digit", "Hex": return .hexDigit
        case "ASCII_Hex_Digit", "AHex": return .asciiHexDigit
        case "Dash": return .dash
        case "Diacritic", "Dia": return .diacritic
        case "Extender", "Ext": return .extender
        case "Noncharacter_Code_Point", "NChar": return .noncharacter
        default: return nil
        }
    }

    private static let groups: [(names: [String], categories: [Unicode.GeneralCategory])] = [
        (["L", "Letter"], [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]),
        (["LC", "Cased_Letter"], [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]),
        (["Lu", "Uppercase_Letter"], [.uppercaseLetter]),
        (["Ll", "Lowercase_Letter"], [.lowercaseLetter]),
        (["Lt", "Titlecase_Letter"], [.titlecaseLetter]),
        (["Lm", "Modifier_Letter"], [.modifierLetter]),
        (["Lo", "Other_Letter"], [.otherLetter]),
        (["M", "Mark", "Combining_Mark"], [.nonspacingMark, .spacingMark, .enclosingMark]),
        (["Mn", "Nonspacing_Mark"], [.nonspacingMark]),
        (["Mc", "Spacing_Mark"], [.spacingMark]),
        (["Me", "Enclosing_Mark"], [.enclosingMark]),
        (["N", "Number"], [.decimalNumber, .letterNumber, .otherNumber]),
        (["Nd", "Decimal_Number", "digit"], [.decimalNumber]),
        (["Nl", "Letter_Number"], [.letterNumber]),
        (["No", "Other_Number"], [.otherNumber]),
        (
            ["P", "Punctuation", "punct"],
            [
                .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation,
            ]
        ),
        (["Pc", "Connector_Punctuation"], [.connectorPunctuation]),
        (["Pd", "Dash_Punctuation"], [.dashPunctuation]),
        (["Ps", "Open_Punctuation"], [.openPunctuation]),
        (["Pe", "Close_Punctuation"], [.closePunctuation]),
        (["Pi", "Initial_Punctuation"], [.initialPunctuation]),
        (["Pf", "Final_Punctuation"], [.finalPunctuation]),
        (["Po", "Other_Punctuation"], [.otherPunctuation]),
        (["S", "Symbol"], [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]),
        (["Sm", "Math_Symbol"], [.mathSymbol]),
        (["Sc", "Currency_Symbol"], [.currencySymbol]),
        (["Sk", "Modifier_Symbol"], [.modifierSymbol]),
        (["So", "Other_Symbol"], [.otherSymbol]),
        (["Z", "Separator"], [.spaceSeparator, .lineSeparator, .paragraphSeparator]),
        (["Zs", "Space_Separator"], [.spaceSeparator]),
        (["Zl", "Line_Separator"], [.lineSeparator]),
        (["Zp", "Paragraph_Separator"], [.paragraphSeparator]),
        (["C", "Other"], [.control, .format, .surrogate, .privateUse, .unassigned]),
        (["Cc", "Control", "cntrl"], [.control]),
        (["Cf", "Format"], [.format]),
        (["Cs", "Surrogate"], [.surrogate]),
        (["Co", "Private_Use"], [.privateUse]),
        (["Cn", "Unassigned"], [.unassigned]),
    ]

    private static func categoryMask(_ name: String) -> UInt32? {
        guard let group = groups.first(where: { $0.names.contains(name) }) else { return nil }
        return group.categories.reduce(0) { $0 | categoryBit($1) }
    }

    static func categoryBit(_ category: Unicode.GeneralCategory) -> UInt32 {
        let index: UInt32
        switch category {
        case .uppercaseLetter: index = 0
        case .lowercaseLetter: index = 1
        case .titlecaseLetter: index = 2
        case .modifierLetter: index = 3
        case .otherLetter: index = 4
        case .nonspacingMark: index = 5
        case .spacingMark: index = 6
        case .enclosingMark: index = 7
        case .decimalNumber: index = 8
        case .letterNumber: index = 9
        case .otherNumber: index = 10
        case .connectorPunctuation: index = 11
        case .dashPunctuation: index = 12
        case .openPunctuation: index = 13
        case .closePunctuation: index = 14
        case .initialPunctuation: index = 15
        case .finalPunctuation: index = 16
        case .otherPunctuation: index = 17
        case .mathSymbol: index = 18
        case .currencySymbol: index = 19
        case .modifierSymbol: index = 20
        case .otherSymbol: index = 21
        case .spaceSeparator: index = 22
        case .lineSeparator: index = 23
        case .paragraphSeparator: index = 24
        case .control: index = 25
        case .format: index = 26
        case .surrogate: index = 27
        case .privateUse: index = 28
        case .unassigned: index = 29
        @unknown default: index = 29
        }
        return 1 << index
    }
}
