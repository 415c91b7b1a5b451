/// The syntax tree of an ECMA-262 pattern, as the parser produces it.
indirect enum PatternNode: Sendable {
    case empty
    case scalar(UInt32)
    /// `.`: any scalar but a line terminator.
    case dot
    case set(PatternCharSet)
    case sequence([PatternNode])
    case alternation([PatternNode])
    /// A capturing group with its number (1-based).
    case capture(Int, PatternNode)
    /// `max == nil` means unbounded.
    case quantified(PatternNode, min: Int, max: Int?, greedy: Bool)
    case assertion(PatternAssertion)
    case lookahead(PatternNode, negative: Bool)
    case backreference(Int)

    /// Whether the node can match the empty string.
    var isNullable: Bool {
        switch self {
        case .empty, .assertion, .lookahead, .backreference: return true
        case .scalar, .dot, .set: return false
        case .sequence(let nodes): return nodes.allSatisfy(\.isNullable)
        case .alternation(let nodes): return nodes.contains(where: \.isNullable)
        case .capture(_, let node): return node.isNullable
        case .quantified(let node, let min, _, _): return min == 0 || node.isNullable
        }
    }

    /// Whether every match must start at the beginning of the input (`^` first on every branch).
    var isAnchoredAtStart: Bool {
        switch self {
        case .assertion(.start): return true
        case .sequence(let nodes): return nodes.first?.isAnchoredAtStart ?? false
        case .alternation(let nodes): return !nodes.isEmpty && nodes.allSatisfy(\.isAnchoredAtStart)
        case .capture(_, let node): return node.isAnchoredAtStart
        default: return false
        }
    }
}

/// Zero-width assertions other than lookahead.
enum PatternAssertion: Sendable {
    case start, end, wordBoundary, notWordBoundary
}
