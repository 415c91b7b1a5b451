/// Splits a `text/event-stream` body into events, fed in chunks of any size. Bytes are collected
/// until a line is complete, so a chunk may end anywhere, even inside a UTF-8 character or
/// between `\r` and `\n`. Events larger than `maxEventSize` bytes fail instead of growing memory
/// without bound.
public struct SSEParser: Sendable {
    /// The default bound on one event: 1 MiB.
    public static let defaultMaxEventSize = 1 << 20

    /// The largest event (its unfinished line plus its collected fields) accepted, in bytes.
    public let maxEventSize: Int
    private var line: [UInt8] = []
    private var afterCR = false
    private var atStreamStart = true
    private var data: [UInt8] = []
    private var sawData = false
    private var eventName: [UInt8]? = nil
    private var eventID: [UInt8]? = nil

    public init(maxEventSize: Int = defaultMaxEventSize) {
        self.maxEventSize = maxEventSize
    }

    /// Consumes the next chunk and returns the events it completed. After an error the parser
    /// has dropped the oversized event and the rest of the chunk; callers abandon the stream.
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(SSEError) -> [SSEEvent] {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(SSEError) -> [SSEEvent] in try feed(buffer: buffer) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer in
            Result { () throws(SSEError) -> [SSEEvent] in try feed(buffer: buffer) }
        }.get()
    }

    /// Scans for line ends and copies the runs between them in one go.
    private mutating func feed(buffer: UnsafeBufferPointer<UInt8>) throws(SSEError) -> [SSEEvent] {
        var events: [SSEEvent] = []
        var runStart = 0
        for position in buffer.indices {
            let byte = buffer[position]
            guard byte == 0x0A || byte == 0x0D else { continue }
            try appendRun(buffer, runStart..<position)
            runStart = position + 1
            if byte == 0x0A, afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == 0x0D
            if let event = endLine() { events.append(event) }
        }
        try appendRun(buffer, runStart..<buffer.count)
        return events
    }

    private mutating func appendRun(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(SSEError) {
        guard !range.isEmpty else { return }
        afterCR = false
        line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range]))
        if line.count + data.count > maxEventSize { try fail() }
    }

    /// Ends the stream. An unterminated last line is taken as complete and a pending event with
    /// data is dispatched, so an upstream that closes without the final blank line loses nothing.
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !line.isEmpty, let event = endLine() { events.append(event) }
        if let event = dispatch() { events.append(event) }
        self = SSEParser(maxEventSize: maxEventSize)
        return events
    }

    private mutating func fail() throws(SSEError) {
        let limit = maxEventSize
        self = SSEParser(maxEventSize: limit)
        throw SSEError("event larger than \(limit) bytes")
    }

    /// Processes the collected line; a blank line dispatches the event.
    private mutating func endLine() -> SSEEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if atStreamStart {
            atStreamStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        guard let first = line.first else { return dispatch() }
        if first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        var valueStart = colon == line.endIndex ? colon : colon + 1
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        apply(field: line[..<colon], value: line[valueStart...])
        return nil
    }

    private mutating func apply(field: ArraySlice<UInt8>, value: ArraySlice<UInt8>) {
        if field.elementsEqual("data".utf8) {
            if sawData { data.append(0x0A) }
            data.append(contentsOf: value)
            sawData = true
        } else if field.elementsEqual("event".utf8) {
            eventName = Array(value)
        } else if field.elementsEqual("id".utf8), !value.contains(0) {
            eventID = Array(value)
        }
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            data.removeAll(keepingCapacity: true)
            sawData = false
            eventName = nil
            eventID = nil
        }
        guard sawData else { return nil }
        return SSEEvent(
            event: eventName.map { String(decoding: $0, as: UTF8.self) },
            data: String(decoding: data, as: UTF8.self),
            id: eventID.map { String(decoding: $0, as: UTF8.self) }
        )
    }
}
