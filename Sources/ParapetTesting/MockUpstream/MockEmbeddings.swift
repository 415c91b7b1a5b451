import Hummingbird

/// OpenAI embeddings: one deterministic 8-dimensional vector per input, from a hash of its text.
enum MockEmbeddings {
    static let dimensions = 8

    /// The vector for `text`: equal texts give equal vectors; components lie in -1…1.
    static func vector(for text: String) -> [Double] {
        var state = fnv1a(text)
        return (0..<dimensions).map { _ in
            let bits = splitMix(&state)
            // The top 53 bits as a fraction in 0..<1, rounded to 6 places to keep the JSON short.
            let unit = Double(bits >> 11) / Double(UInt64(1) << 53)
            return ((unit * 2 - 1) * 1_000_000).rounded() / 1_000_000
        }
    }

    /// `{"object":"list","data":[{"object":"embedding","index":N,"embedding":[…]}…],"model","usage"}`.
    static func body(texts: [String], model: String, promptTokens: Int) -> ByteBuffer {
        .build(capacity: 128 + texts.count * 160) { buffer in
            buffer.writeStaticString(#"{"object":"list","data":["#)
            for (index, text) in texts.enumerated() {
                if index > 0 { buffer.writeStaticString(",") }
                buffer.writeStaticString(#"{"object":"embedding","index":"#)
                buffer.writeDecimal(index)
                buffer.writeStaticString(#","embedding":["#)
                for (component, value) in vector(for: text).enumerated() {
                    if component > 0 { buffer.writeStaticString(",") }
                    buffer.writeString(String(value))
                }
                buffer.writeStaticString("]}")
            }
            buffer.writeStaticString(#"],"model":"#)
            buffer.writeJSONString(model)
            buffer.writeStaticString(#","usage":{"prompt_tokens":"#)
            buffer.writeDecimal(promptTokens)
            buffer.writeStaticString(#","total_tokens":"#)
            buffer.writeDecimal(promptTokens)
            buffer.writeStaticString("}}")
        }
    }

    /// 64-bit FNV-1a of the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// One step of SplitMix64.
    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
