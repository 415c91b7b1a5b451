/// Builds `text/event-stream` frames.
public enum SSEWriter {
    /// The OpenAI end-of-stream marker, `data: [DONE]` and a blank line.
    public static let done: [UInt8] = Array("data: [DONE]\n\n".utf8)

    /// An event with an `event:` line (Anthropic style) unless `name` is nil. Line breaks in
    /// `data` become separate `data:` lines, and line breaks in `name` are dropped, so no input
    /// can forge a frame boundary.
    public static func event(name: String?, data: some Collection<UInt8>) -> [UInt8] {
        var frame: [UInt8] = []
        frame.reserveCapacity(data.count + 16)
        if let name {
            frame.append(contentsOf: "event: ".utf8)
            frame.append(contentsOf: name.utf8.lazy.filter { $0 != 0x0A && $0 != 0x0D })
            frame.append(0x0A)
        }
        appendData(data, to: &frame)
        frame.append(0x0A)
        return frame
    }

    /// An event with only `data:` lines (OpenAI style).
    public static func data(_ data: some Collection<UInt8>) -> [UInt8] {
        event(name: nil, data: data)
    }

    private static func appendData(_ data: some Collection<UInt8>, to frame: inout [UInt8]) {
        frame.append(contentsOf: "data: ".utf8)
        var afterCR = false
        for byte in data {
            switch byte {
            case 0x0A where afterCR:
                afterCR = false
            case 0x0A, 0x0D:
                afterCR = byte == 0x0D
                frame.append(contentsOf: "\ndata: ".utf8)
            default:
                afterCR = false
                frame.append(byte)
            }
        }
        frame.append(0x0A)
    }
}
