/// The result of one search.
enum PatternOutcome: Sendable, Equatable {
    case match
    case noMatch
    /// The search ran out of steps (or backtracking entries) before deciding.
    case budgetExceeded
}

/// A backtracking matcher over UTF-8 bytes with an explicit stack, so neither long inputs nor
/// hostile patterns can exhaust the call stack; `steps` bounds the work. The stack starts in a
/// caller-provided buffer and moves to the heap only when it outgrows it.
struct PatternMatcher {
    struct Frame {
        enum Kind: UInt8 { case thread, restore, greedy, lazy }
        var kind: Kind
        /// thread/greedy: where to continue; restore: the register; lazy: the repeat instruction.
        var pc: Int32
        /// thread/greedy/lazy: the position; restore: the old register value.
        var pos: Int
        /// greedy: the lowest position to give back to; lazy: repetitions so far.
        var aux: Int
    }

    private let code: UnsafeBufferPointer<PatternInstruction>
    private let sets: UnsafeBufferPointer<PatternCharSet>
    private let text: UnsafeBufferPointer<UInt8>
    private let budget: Int
    private let maxStack: Int
    private let registers: UnsafeMutableBufferPointer<Int>
    private var frames: UnsafeMutableBufferPointer<Frame>
    private var framesOnHeap = false
    private var height = 0
    private var steps = 0
    private var exceeded = false

    init(
        code: UnsafeBufferPointer<PatternInstruction>, sets: UnsafeBufferPointer<PatternCharSet>, text: UnsafeBufferPointer<UInt8>,
        frames: UnsafeMutableBufferPointer<Frame>, registers: UnsafeMutableBufferPointer<Int>, budget: Int, maxStack: Int
    ) {
        self.code = code
        self.sets = sets
        self.text = text
        self.frames = frames
        self.registers = registers
        self.budget = budget
        self.maxStack = maxStack
    }

    /// Frees the heap stack, if the search needed one.
    mutating func releaseHeapFrames() {
        if framesOnHeap { frames.deallocate() }
        framesOnHeap = false
    }

    /// ECMA-262 `RegExp.prototype.test`: is there a match starting anywhere?
    mutating func search(anchored: Bool, firstBytes: (low: UInt64, high: UInt64)?, firstMayBeNonASCII: Bool) -> PatternOutcome {
        var start = 0
        let count = text.count
        while true {
            if let firstBytes {
                while start < count, !Self.canStart(text[start], firstBytes, firstMayBeNonASCII) { start += 1 }
                if start == count { return .noMatch }
            }
            for index in registers.indices { registers[index] = -1 }
            height = 0
            if run(from: 0, at: start) { return .match }
            if exceeded { return .budgetExceeded }
            if anchored || start >= count { return .noMatch }
            start += 1
            while start < count, text[start] & 0xC0 == 0x80 { start += 1 }
        }
    }

    @inline(__always)
    private static func canStart(_ byte: UInt8, _ bitmap: (low: UInt64, high: UInt64), _ nonASCII: Bool) -> Bool {
        if byte < 64 { return bitmap.low & (1 << UInt64(byte)) != 0 }
        if byte < 128 { return bitmap.high & (1 << UInt64(byte - 64)) != 0 }
        return nonASCII && byte >= 0xC0
    }

    // MARK: - Scalars

    /// The scalar at `pos` and its length in bytes (the text is valid UTF-8).
    @inline(__always)
    private func decode(_ pos: Int) -> (value: UInt32, length: Int) {
        let b0 = text[pos]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let end = text.count
        if b0 < 0xE0, pos + 1 < end {
            return ((UInt32(b0 & 0x1F) << 6) | UInt32(text[pos + 1] & 0x3F), 2)
        }
        if b0 < 0xF0, pos + 2 < end {
            return ((UInt32(b0 & 0x0F) << 12) | (UInt32(text[pos + 1] & 0x3F) << 6) | UInt32(text[pos + 2] & 0x3F), 3)
        }
        if pos + 3 < end {
            let value =
                (UInt32(b0 & 0x07) << 18) | (UInt32(text[pos + 1] & 0x3F) << 12) | (UInt32(text[pos + 2] & 0x3F) << 6)
                | UInt32(text[pos + 3] & 0x3F)
            return (value, 4)
        }
        return (0xFFFD, end - pos)
    }

    @inline(__always)
    private func previousStart(_ pos: Int) -> Int {
        var p = pos - 1
        while p > 0, text[p] & 0xC0 == 0x80 { p -= 1 }
        return p
    }

    /// The position after one scalar matched by `match` at `pos`, or nil.
    @inline(__always)
    private func step(_ match: PatternMatch, _ pos: Int) -> Int? {
        guard pos < text.count else { return nil }
        if case .scalar(let value) = match, value < 0x80 {
            return UInt32(text[pos]) == value ? pos + 1 : nil
        }
        let (value, length) = decode(pos)
        switch match {
        case .scalar(let expected): return value == expected ? pos + length : nil
        case .dot: return value == 0x0A || value == 0x0D || value == 0x2028 || value == 0x2029 ? nil : pos + length
        case .set(let index): return sets[index].contains(value) ? pos + length : nil
        }
    }

    @inline(__always)
    private func isWordByte(at pos: Int) -> Bool {
        guard pos >= 0, pos < text.count else { return false }
        switch text[pos] {
        case 0x30...0x39, 0x41...0x5A, 0x5F, 0x61...0x7A: return true
        default: return false
        }
    }

    // MARK: - Execution

    @inline(__always)
    private mutating func push(_ frame: Frame) {
        if height == frames.count { grow() }
        guard height < frames.count else { return }
        frames[height] = frame
        height += 1
    }

    private mutating func grow() {
        guard frames.count < maxStack else {
            exceeded = true
            return
        }
        let larger = UnsafeMutableBufferPointer<Frame>.allocate(capacity: min(maxStack, max(64, frames.count * 2)))
        if let source = frames.baseAddress, let target = larger.baseAddress { target.initialize(from: source, count: height) }
        releaseHeapFrames()
        frames = larger
        framesOnHeap = true
    }

    @inline(__always)
    private mutating func pop() -> Frame {
        height -= 1
        return frames[height]
    }

    /// Runs from `startPC` at `startPos` until `match` (true) or until every alternative above the
    /// current stack height failed (false; the stack is back at that height). Sets `exceeded` when
    /// the budget runs out.
    private mutating func run(from startPC: Int, at startPos: Int) -> Bool {
        let base = height
        var pc = startPC
        var pos = startPos
        while true {
            steps += 1
            if exceeded || steps > budget {
                exceeded = true
                return false
            }
            var ok = true
            switch code[pc] {
            case .one(let match):
                if let next = step(match, pos) {
                    pos = next
                    pc += 1
                } else {
                    ok = false
                }
            case .repeatOne(let match, let min, let max, let greedy):
                var count = 0
                var p = pos
                while count < min, let next = step(match, p) {
                    p = next
                    count += 1
                }
                steps += count
                guard count == min else {
                    ok = false
                    break
                }
                if greedy {
                    let lowest = p
                    while count < max, let next = step(match, p) {
                        p = next
                        count += 1
                    }
                    steps += count - min
                    if p > lowest { push(Frame(kind: .greedy, pc: Int32(pc + 1), pos: p, aux: lowest)) }
                } else if count < max {
                    push(Frame(kind: .lazy, pc: Int32(pc), pos: p, aux: count))
                }
                pos = p
                pc += 1
            case .split(let first, let second):
                push(Frame(kind: .thread, pc: Int32(second), pos: pos, aux: 0))
                pc = first
            case .jump(let target):
                pc = target
            case .save(let register), .loopMark(let register):
                push(Frame(kind: .restore, pc: Int32(register), pos: registers[register], aux: 0))
                registers[register] = pos
                pc += 1
            case .loopCheck(let register):
                if registers[register] == pos { ok = false } else { pc += 1 }
            case .assertStart:
                if pos == 0 { pc += 1 } else { ok = false }
            case .assertEnd:
                if pos == text.count { pc += 1 } else { ok = false }
            case .wordBoundary(let negated):
                if (isWordByte(at: pos - 1) != isWordByte(at: pos)) != negated { pc += 1 } else { ok = false }
            case .lookahead(let end, let negative):
                let mark = height
                let matched = run(from: pc + 1, at: pos)
                if exceeded { return false }
                if matched {
                    if negative {
                        unwind(to: mark)
                        ok = false
                    } else {
                        // Atomic: drop the lookahead's alternatives, keep its captures.
                        height = mark
                        pc = end
                    }
                } else if negative {
                    pc = end
                } else {
                    ok = false
                }
            case .backreference(let group):
                let from = registers[2 * group]
                let to = registers[2 * group + 1]
                if from < 0 || to < from {
                    pc += 1
                } else {
                    let length = to - from
                    var equal = pos + length <= text.count
                    var offset = 0
                    while equal, offset < length {
                        equal = text[from + offset] == text[pos + offset]
                        offset += 1
                    }
                    steps += length
                    if equal {
                        pos += length
                        pc += 1
                    } else {
                        ok = false
                    }
                }
            case .match:
                return true
            }
            if ok { continue }
            guard let resume = backtrack(to: base) else { return false }
            (pc, pos) = resume
        }
    }

    /// Pops to the most recent alternative above `base`, restoring registers on the way.
    private mutating func backtrack(to base: Int) -> (Int, Int)? {
        while height > base {
            let frame = pop()
            switch frame.kind {
            case .restore:
                registers[Int(frame.pc)] = frame.pos
            case .thread:
                return (Int(frame.pc), frame.pos)
            case .greedy:
                let newPos = previousStart(frame.pos)
                if newPos > frame.aux { push(Frame(kind: .greedy, pc: frame.pc, pos: newPos, aux: frame.aux)) }
                return (Int(frame.pc), newPos)
            case .lazy:
                guard case .repeatOne(let match, _, let max, _) = code[Int(frame.pc)],
                    let next = step(match, frame.pos)
                else { continue }
                steps += 1
                let count = frame.aux + 1
                if count < max { push(Frame(kind: .lazy, pc: frame.pc, pos: next, aux: count)) }
                return (Int(frame.pc) + 1, next)
            }
        }
        return nil
    }

    /// Pops everything above `height`, restoring registers.
    private mutating func unwind(to mark: Int) {
        while height > mark {
            let frame = pop()
            if frame.kind == .restore { registers[Int(frame.pc)] = frame.pos }
        }
    }
}
