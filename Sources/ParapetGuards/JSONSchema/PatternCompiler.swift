/// Turns a pattern syntax tree into matcher instructions. Counted repetition is expanded, so the
/// program size is capped.
struct PatternCompiler {
    static let maxInstructions = 50_000

    private var program = PatternProgram()

    static func compile(_ node: PatternNode, captureCount: Int) throws(PatternError) -> PatternProgram {
        var compiler = PatternCompiler()
        compiler.program.captureCount = captureCount
        try compiler.emit(node)
        compiler.program.instructions.append(.match)
        compiler.program.anchoredAtStart = node.isAnchoredAtStart
        if !node.isNullable, let first = Self.firstSet(node) {
            compiler.program.firstBytes = (first.low, first.high)
            compiler.program.firstMayBeNonASCII = first.nonASCII
        }
        return compiler.program
    }

    private var here: Int { program.instructions.count }

    private mutating func append(_ instruction: PatternInstruction) throws(PatternError) {
        guard program.instructions.count < Self.maxInstructions else {
            throw PatternError("pattern too large after expanding repetitions", at: 0, unsupported: true)
        }
        program.instructions.append(instruction)
    }

    private mutating func patch(_ at: Int, _ instruction: PatternInstruction) {
        program.instructions[at] = instruction
    }

    private mutating func single(_ node: PatternNode) -> PatternMatch? {
        switch node {
        case .scalar(let value): return .scalar(value)
        case .dot: return .dot
        case .set(let set):
            program.sets.append(set)
            return .set(program.sets.count - 1)
        default: return nil
        }
    }

    private mutating func emit(_ node: PatternNode) throws(PatternError) {
        switch node {
        case .empty: break
        case .scalar, .dot, .set:
            if let match = single(node) { try append(.one(match)) }
        case .sequence(let nodes):
            for node in nodes { try emit(node) }
        case .alternation(let nodes):
            var jumpsToEnd: [Int] = []
            for (offset, node) in nodes.enumerated() {
                if offset < nodes.count - 1 {
                    let split = here
                    try append(.jump(0))
                    try emit(node)
                    jumpsToEnd.append(here)
                    try append(.jump(0))
                    patch(split, .split(first: split + 1, second: here))
                } else {
                    try emit(node)
                }
            }
            for at in jumpsToEnd { patch(at, .jump(here)) }
        case .capture(let number, let inner):
            try append(.save(register: 2 * number))
            try emit(inner)
            try append(.save(register: 2 * number + 1))
        case .quantified(let inner, let min, let max, let greedy):
            try emitRepeat(inner, min: min, max: max, greedy: greedy)
        case .assertion(let assertion):
            switch assertion {
            case .start: try append(.assertStart)
            case .end: try append(.assertEnd)
            case .wordBoundary: try append(.wordBoundary(negated: false))
            case .notWordBoundary: try append(.wordBoundary(negated: true))
            }
        case .lookahead(let inner, let negative):
            let start = here
            try append(.jump(0))
            try emit(inner)
            try append(.match)
            patch(start, .lookahead(end: here, negative: negative))
        case .backreference(let group):
            try append(.backreference(group: group))
        }
    }

    private mutating func emitRepeat(_ inner: PatternNode, min: Int, max: Int?, greedy: Bool) throws(PatternError) {
        if let match = single(inner) {
            try append(.repeatOne(match, min: min, max: max ?? Int.max, greedy: greedy))
            return
        }
        for _ in 0..<min { try emit(inner) }
        if let max {
            // Optional copies: split(body, end) body split(body, end) body … end.
            var splits: [Int] = []
            for _ in min..<max {
                splits.append(here)
                try append(.jump(0))
                try emit(inner)
            }
            for at in splits { patch(at, greedy ? .split(first: at + 1, second: here) : .split(first: here, second: at + 1)) }
            return
        }
        // Unbounded: loop: split(body, exit); body (with an empty-iteration check); jump loop.
        let nullable = inner.isNullable
        let register = program.loopRegisterCount
        if nullable { program.loopRegisterCount += 1 }
        let loop = here
        try append(.jump(0))
        if nullable { try append(.loopMark(register: register)) }
        try emit(inner)
        if nullable { try append(.loopCheck(register: register)) }
        try append(.jump(loop))
        patch(loop, greedy ? .split(first: loop + 1, second: here) : .split(first: here, second: loop + 1))
    }

    // MARK: - First bytes

    struct FirstSet {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var nonASCII = false

        mutating func formUnion(_ other: FirstSet) {
            low |= other.low
            high |= other.high
            nonASCII = nonASCII || other.nonASCII
        }
    }

    /// The scalars a match of `node` can start with (ignoring that it may be empty), or nil when
    /// unknown.
    static func firstSet(_ node: PatternNode) -> FirstSet? {
        switch node {
        case .empty, .assertion: return FirstSet()
        case .scalar(let value):
            var set = FirstSet()
            if value < 64 {
                set.low = 1 << UInt64(value)
            } else if value < 128 {
                set.high = 1 << UInt64(value - 64)
            } else {
                set.nonASCII = true
            }
            return set
        case .dot:
            return FirstSet(low: ~UInt64(0) & ~(1 << 10) & ~(1 << 13), high: ~UInt64(0), nonASCII: true)
        case .set(let charSet):
            let bitmap = charSet.asciiBitmap
            return FirstSet(low: bitmap.low, high: bitmap.high, nonASCII: charSet.mayContainNonASCII)
        case .sequence(let nodes):
            var result = FirstSet()
            for node in nodes {
                guard let first = firstSet(node) else { return nil }
                result.formUnion(first)
                if !node.isNullable { break }
            }
            return result
        case .alternation(let nodes):
            var result = FirstSet()
            for node in nodes {
                guard let first = firstSet(node) else { return nil }
                result.formUnion(first)
            }
            return result
        case .capture(_, let inner): return firstSet(inner)
        case .quantified(let inner, _, let max, _): return max == 0 ? FirstSet() : firstSet(inner)
        case .lookahead, .backreference: return nil
        }
    }
}
