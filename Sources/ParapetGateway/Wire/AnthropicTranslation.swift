import ParapetCore

/// Translation between Anthropic Messages and OpenAI chat completions, both ways, so an Anthropic
/// client can reach an OpenAI-compatible upstream and an OpenAI client an Anthropic upstream.
/// Features with no counterpart fail with a `WireError` naming the field rather than being
/// dropped silently when dropping would change the meaning; sampling hints with no counterpart
/// (`top_k`, `seed`) are dropped.
public enum AnthropicTranslation {
    /// OpenAI `finish_reason` for an Anthropic `stop_reason`.
    public static func finishReason(fromStopReason reason: String?) -> JSON {
        switch reason {
        case nil: return .null
        case "end_turn"?, "stop_sequence"?, "pause_turn"?: return .string("stop")
        case "max_tokens"?, "model_context_window_exceeded"?: return .string("length")
        case "tool_use"?: return .string("tool_calls")
        case "refusal"?: return .string("content_filter")
        case let other?: return .string(other)
        }
    }

    /// Anthropic `stop_reason` for an OpenAI `finish_reason`.
    public static func stopReason(fromFinishReason reason: String?) -> JSON {
        switch reason {
        case nil: return .null
        case "stop"?: return .string("end_turn")
        case "length"?: return .string("max_tokens")
        case "tool_calls"?, "function_call"?: return .string("tool_use")
        case "content_filter"?: return .string("refusal")
        case _?: return .string("end_turn")
        }
    }
}
