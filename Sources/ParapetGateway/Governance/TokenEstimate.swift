import ParapetCore

/// An upper estimate of a request's prompt tokens without a tokenizer: one token per three UTF-8
/// bytes of every text and tool definition (BPE tokenizers average about four bytes per token in
/// English, fewer for other scripts), plus four tokens of framing per message. A reservation built
/// on it can still be smaller than the real usage for unusual text; settlement then records the
/// real usage.
public enum TokenEstimate {
    public static func promptTokens(_ request: ChatRequest) -> Int64 {
        var bytes = 0
        for text in request.texts() { bytes += text.text.utf8.count }
        for tool in request.tools { bytes += tool.serialized.count }
        if let format = request.responseFormat { bytes += JSON.object(format).serialized.count }
        return Int64((bytes + 2) / 3 + 4 * request.messages.count + 3)
    }
}
