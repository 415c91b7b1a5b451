extension JSONRepair {
    /// The content of the one fenced block in `bytes`, without the fences and the prose around
    /// them; nil when there is no fence or more than one block.
    ///
    /// Fences count only at the start of a line (after spaces or tabs), where they cannot be inside
    /// a JSON string (raw line breaks are invalid there), plus a closing fence that ends the text
    /// (one-line answers such as ```` ```json {"a":1}``` ````). An opening fence without a closing
    /// one (a truncated answer) keeps everything after it.
    static func stripFences(_ bytes: [UInt8]) -> [UInt8]? {
        var fences: [Int] = []
        var lineStart = 0
        while lineStart < bytes.count {
            var index = lineStart
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            if isFence(bytes, at: index) {
                fences.append(index)
                if fences.count > 2 { return nil }
            }
            while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            lineStart = index + 1
        }
        let end = trimmed(bytes[...]).endIndex
        var endFence: Int? = nil
        if end >= 3, isFence(bytes, at: end - 3) {
            var fence = end - 3
            while fence > 0, bytes[fence - 1] == 0x60 { fence -= 1 }
            endFence = fence
        }
        // The opening fence: the first one at a line start, else ("Here: ```json") the first
        // anywhere; a fence that ends the text only closes.
        var opening = fences.first
        if opening == nil || opening == endFence { opening = firstFence(bytes, before: endFence ?? bytes.count) }
        guard let opening else { return nil }
        var closing: Int? = fences.count == 2 && fences[1] > opening ? fences[1] : nil
        if closing == nil, let endFence, endFence >= opening + 3 { closing = endFence }
        let start = contentStart(bytes, afterFenceAt: opening)
        let content = trimmed(bytes[start..<max(start, closing ?? bytes.count)])
        return content.isEmpty ? nil : Array(content)
    }

    /// The first "```" that starts before `limit`.
    static func firstFence(_ bytes: [UInt8], before limit: Int) -> Int? {
        var index = 0
        while index < limit {
            if isFence(bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    @inline(__always) static func isFence(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 3 <= bytes.count && bytes[index] == 0x60 && bytes[index + 1] == 0x60 && bytes[index + 2] == 0x60
    }

    /// Skips the backticks, an info string (`json`, `jsonc`, `JSON5`…) and the rest of the fence's
    /// line when it is blank.
    static func contentStart(_ bytes: [UInt8], afterFenceAt fence: Int) -> Int {
        var index = fence
        while index < bytes.count, bytes[index] == 0x60 { index += 1 }
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        if index < bytes.count, ByteClass.isAlpha(bytes[index]) {
            while index < bytes.count, isInfoByte(bytes[index]) { index += 1 }
        }
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
        if index < bytes.count, bytes[index] == 0x0A { index += 1 }
        return index
    }

    @inline(__always) static func isInfoByte(_ byte: UInt8) -> Bool {
        ByteClass.isAlnum(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "#")
    }
}
