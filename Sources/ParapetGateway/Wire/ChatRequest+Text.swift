import ParapetCore

extension ChatRequest {
    /// Every piece of message text, in order: string contents and `text` parts.
    public func texts() -> [MessageText] {
        var found: [MessageText] = []
        for (offset, message) in messages.enumerated() {
            let role = message["role"]?.stringValue ?? ""
            found += MessageText.collect(from: message["content"], messageIndex: offset, role: role)
        }
        return found
    }

    /// Writes `text` where `location` was found (a redaction). Locations that no longer point at
    /// text are ignored.
    public mutating func replaceText(_ location: MessageText, with text: String) {
        json.modify("messages") { messages in
            messages.modifyElement(location.messageIndex) { message in
                message.modifyMember("content") { $0.replaceText(partIndex: location.partIndex, with: text) }
            }
        }
    }
}

extension MessageText {
    /// The texts of one `content` value: a string, or the `text` parts of an array.
    static func collect(from content: JSON?, messageIndex: Int, role: String) -> [MessageText] {
        switch content {
        case .string(let text)?:
            return [MessageText(messageIndex: messageIndex, partIndex: nil, role: role, text: text)]
        case .array(let parts)?:
            return parts.enumerated().compactMap { offset, part in
                guard part["type"]?.stringValue == "text", let text = part["text"]?.stringValue else { return nil }
                return MessageText(messageIndex: messageIndex, partIndex: offset, role: role, text: text)
            }
        default:
            return []
        }
    }
}

extension JSON {
    /// Replaces a string content (`partIndex` nil) or the `text` of part `partIndex`.
    mutating func replaceText(partIndex: Int?, with text: String) {
        guard let partIndex else {
            if case .string = self { self = .string(text) }
            return
        }
        modifyElement(partIndex) { part in
            part.modifyMember("text") { if case .string = $0 { $0 = .string(text) } }
        }
    }

    /// Changes element `index` in place when this is an array that has it.
    mutating func modifyElement(_ index: Int, _ body: (inout JSON) -> Void) {
        guard case .array(var elements) = self, elements.indices.contains(index) else { return }
        self = .null
        body(&elements[index])
        self = .array(elements)
    }

    /// Changes member `key` in place when this is an object that has it.
    mutating func modifyMember(_ key: String, _ body: (inout JSON) -> Void) {
        guard case .object(var object) = self else { return }
        self = .null
        object.modify(key, body)
        self = .object(object)
    }
}
