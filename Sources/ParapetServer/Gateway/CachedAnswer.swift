import ParapetCore
import Foundation
import ParapetGateway

/// Answers that do not come from an upstream call: a cached completion replayed (whole, or as a
/// stream of chunks), and the degradation chain's rule-based reply.
enum CachedAnswer {
    /// A completion from its stored body.
    static func completion(_ body: [UInt8]) -> ChatCompletion? {
        guard let json = try? JSON.parse(body) else { return nil }
        return try? ChatCompletion(parsing: json)
    }

    /// The rule-based reply, marked as such in `system_fingerprint` (and by the
    /// `x-parapet-degraded: static_reply` header).
    static func staticReply(_ text: String, model: String, requestID: String) -> ChatCompletion? {
        let message: JSONObject = ["role": .string("assistant"), "content": .string(text)]
        let choice: JSONObject = ["index": .number(0), "message": .object(message), "finish_reason": .string("stop")]
        let usage: JSONObject = ["prompt_tokens": .number(0), "completion_tokens": .number(0), "total_tokens": .number(0)]
        let object: JSONObject = [
            "id": .string("chatcmpl-static-" + requestID), "object": .string("chat.completion"),
            "created": .number(Int(Date().timeIntervalSince1970)), "model": .string(model),
            "system_fingerprint": .string("parapet-static-reply"), "choices": .array([.object(choice)]), "usage": .object(usage),
        ]
        return try? ChatCompletion(parsing: .object(object))
    }

    /// The completion as the chunks a stream of it would have had: per choice one delta with the
    /// role, content and tool calls and one with the finish reason; then usage when asked for.
    static func chunks(of completion: ChatCompletion, model: String, includeUsage: Bool) -> [ChatChunk] {
        let id = completion.id ?? "chatcmpl-cached"
        let created = completion.json["created"] ?? .number(Int(Date().timeIntervalSince1970))
        func chunk(_ choices: [JSON], usage: JSON? = nil) -> ChatChunk? {
            var object: JSONObject = [
                "id": .string(id), "object": .string("chat.completion.chunk"), "created": created, "model": .string(model), "choices": .array(choices),
            ]
            if let usage { object["usage"] = usage }
            return try? ChatChunk(parsing: .object(object))
        }
        var chunks: [ChatChunk] = []
        for choice in completion.json["choices"]?.arrayValue ?? [] {
            let index = choice["index"] ?? .number(0)
            var delta: JSONObject = ["role": .string("assistant")]
            if let message = choice["message"]?.objectValue {
                if let content = message["content"], !content.isNull { delta["content"] = content }
                if let calls = message["tool_calls"]?.arrayValue {
                    delta["tool_calls"] = .array(calls.enumerated().map { position, call in
                        var call = call.objectValue ?? JSONObject()
                        call["index"] = .number(position)
                        return .object(call)
                    })
                }
            }
            if let first = chunk([.object(["index": index, "delta": .object(delta), "finish_reason": .null])]) { chunks.append(first) }
            let finish = choice["finish_reason"] ?? .string("stop")
            if let last = chunk([.object(["index": index, "delta": .object(JSONObject()), "finish_reason": finish])]) { chunks.append(last) }
        }
        if includeUsage, let usage = completion.json["usage"], let last = chunk([], usage: usage) { chunks.append(last) }
        return chunks
    }
}
