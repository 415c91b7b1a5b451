import ParapetCore

/// The `findings` JSON of an audit record: per finding its category, span, score, detector and
/// action (and, where known, direction, message and choice); never the text or the explanation.
struct AuditFindings {
    struct Entry {
        var finding: Finding
        var action: Action
        var direction: Direction?
        var messageIndex: Int?
        var choiceIndex: Int?
    }

    static func json(_ entries: [Entry]) -> String {
        var json = JSONWriter(capacity: 32 + 140 * entries.count)
        json.byte(UInt8(ascii: "["))
        for (i, entry) in entries.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.byte(UInt8(ascii: "{"))
            json.key("category", first: true)
            json.string(entry.finding.category.rawValue)
            if let direction = entry.direction {
                json.key("direction")
                json.string(direction.rawValue)
            }
            json.key("start")
            json.int(entry.finding.start)
            json.key("end")
            json.int(entry.finding.end)
            json.key("score")
            json.double(entry.finding.score)
            json.key("detector")
            json.string(entry.finding.detector.description)
            json.key("action")
            json.string(entry.action.rawValue)
            if let index = entry.messageIndex {
                json.key("message_index")
                json.int(index)
            }
            if let index = entry.choiceIndex {
                json.key("choice_index")
                json.int(index)
            }
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
        return json.string
    }
}
