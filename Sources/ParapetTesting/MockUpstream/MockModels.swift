import Hummingbird

/// The `GET /v1/models` list: `mock-model` and one `mock-SCENARIO` model per scenario name.
enum MockModels {
    /// Model ids, in list order.
    static let ids = ["mock-model"] + MockScenario.names.map { "mock-" + $0 }

    /// The OpenAI list body, built once.
    static let body: ByteBuffer = .build(capacity: 1_024) { buffer in
        buffer.writeStaticString(#"{"object":"list","data":["#)
        for (index, id) in ids.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            buffer.writeStaticString(#"{"id":"#)
            buffer.writeJSONString(id)
            buffer.writeStaticString(#","object":"model","created":"#)
            buffer.writeStaticString(OpenAIWire.created)
            buffer.writeStaticString(#","owned_by":"parapet-mock"}"#)
        }
        buffer.writeStaticString("]}")
    }
}
