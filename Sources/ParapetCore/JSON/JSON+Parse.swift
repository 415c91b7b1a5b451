extension JSON {
    /// The nesting depth `parse` accepts by default: deep enough for any API body, shallow enough
    /// that recursion cannot exhaust the stack.
    public static let defaultMaxDepth = 128

    /// Parses strict RFC 8259 JSON: valid UTF-8 only, no duplicate keys in an object (parsers
    /// disagree on which one wins, so a guard and the upstream could see different values), no
    /// nesting deeper than `maxDepth`, nothing after the value but whitespace.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSON {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSON in
                try parse(UnsafeRawBufferPointer(buffer), maxDepth: maxDepth)
            }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSON in try parse(buffer, maxDepth: maxDepth) }
        }.get()
    }

    /// `parse(_:maxDepth:)` over memory the caller already holds, without a copy.
    public static func parse(_ buffer: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSON {
        var parser = JSONParser(bytes: buffer, maxDepth: maxDepth)
        return try parser.parseDocument()
    }
}
