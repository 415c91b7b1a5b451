import ParapetCore

extension AnthropicRequest {
    /// Every piece of message text, in order: string contents, `text` blocks, and `tool_result`
    /// blocks whose content is a string (`partIndex` is then the tool result's block). The
    /// system prompt is not included: read it from `system`.
    public func texts() -> [MessageText] {
        var found: [MessageText] = []
        for (offset, message) in messages.enumerated() {
            let role = message["role"]?.stringValue ?? ""
            switch message["content"] {
            case .string(let text)?: found.append(MessageText(messageIndex: offset, partIndex: nil, role: role, text: text))
            case .array(let blocks)?:
                for (index, block) in blocks.enumerated() {
                    guard let text = Self.blockText(block) else { continue }
                    found.append(MessageText(messageIndex: offset, partIndex: index, role: role, text: text))
                }
            default: break
            }
        }
        return found
    }

    /// Writes `text` where `location` was found (a redaction). Locations that no longer point at
    /// text are ignored.
    public mutating func replaceText(_ location: MessageText, with text: String) {
        json.modify("messages") { messages in
            messages.modifyElement(location.messageIndex) { message in
                message.modifyMember("content") { content in
                    guard let partIndex = location.partIndex else {
                        content.replaceText(partIndex: nil, with: text)
                        return
                    }
                    content.modifyElement(partIndex) { block in
                        let key = block["type"] == "tool_result" ? "content" : "text"
                        block.modifyMember(key) { if case .string = $0 { $0 = .string(text) } }
                    }
                }
            }
        }
    }

    static func blockText(_ block: JSON) -> String? {
        switch block["type"]?.stringValue {
        case "text": return block["text"]?.stringValue
        case "tool_result": return block["content"]?.stringValue
        default: return nil
        }
    }
}
