import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetServer
import Testing

@Suite struct BadInputTests {
    /// Posts `payload` to `/v1/guard` and returns status and error object.
    private func post(_ t: TestServer, _ payload: ByteBuffer?, uri: String = "/v1/guard") async throws -> (HTTPResponse.Status, [String: Any]) {
        try await t.app.test(.router) { client in
            let response = try await client.execute(uri: uri, method: .post, headers: t.auth("clientA"), body: payload)
            #expect(response.headers[.contentType] == "application/json")
            return (response.status, try errorObject(response))
        }
    }

    @Test(arguments: [
        (#"{"direction":"input","text":"hi""#, nil as String?, "invalid_json"),
        (#"not json"#, nil, "invalid_json"),
        (#"[1,2]"#, nil, "invalid_type"),
        (#"{"direction":"input","text":5}"#, "text", "invalid_type"),
        (#"{"direction":7,"text":"x"}"#, "direction", "invalid_type"),
        (#"{"direction":"input","messages":"hi"}"#, "messages", "invalid_type"),
        (#"{"direction":"input","messages":[{"role":"user","content":["a"]}]}"#, "messages[0].content", "invalid_type"),
        (#"{"direction":"input","messages":[{"role":"user","content":"a","name":"x"}]}"#, "messages[0].name", "unknown_field"),
        (#"{"direction":"input","messages":[{"role":"wizard","content":"a"}]}"#, "messages[0].role", "invalid_value"),
        (#"{"direction":"input","messages":[{"content":"a"}]}"#, "messages[0].role", "missing_field"),
        (#"{"direction":"input","messages":[]}"#, "messages", "empty_messages"),
        (#"{"direction":"input","messages":["hi"]}"#, "messages[0]", "invalid_type"),
        (#"{"direction":"input","direction":"output","text":"x"}"#, nil, "invalid_json"),
        (#"{"direction":"input","text":"x","policy":3}"#, "policy", "invalid_type"),
        (#"{"direction":"input","text":"x","temperature":1}"#, "temperature", "unknown_field"),
        (#"{"direction":"input","text":"x","temperature":null}"#, "temperature", "unknown_field"),
        (#"{"direction":null,"text":"x"}"#, "direction", "missing_field"),
        (#"{"text":"x"}"#, "direction", "missing_field"),
        (#"{"direction":"input"}"#, "text", "missing_field"),
        (#"{"direction":"input","text":""}"#, "text", "empty_text"),
        (#"{"direction":"input","text":"x","messages":[]}"#, "messages", "conflicting_fields"),
        (#"{"direction":"upward","text":"x"}"#, "direction", "invalid_value"),
        (#"{"direction":"input","text":"x","policy":"nope"}"#, "policy", "unknown_policy"),
        (#"{"direction":"input","text":"x","metadata":{"k":1}}"#, "metadata.k", "invalid_type"),
        (#"{"direction":"input","text":"x","metadata":["a"]}"#, "metadata", "invalid_type"),
    ])
    func rejectedWithParam(payload: String, param: String?, code: String) async throws {
        let t = try await TestServer()
        let (status, error) = try await post(t, body(payload))
        #expect(status == .badRequest)
        #expect(error["type"] as? String == "invalid_request_error")
        #expect(error["param"] as? String == param)
        #expect(error["code"] as? String == code)
        #expect(error["message"] is String)
        #expect(try await t.auditCount() == 0)
    }

    @Test func limitsOnRouteAndMetadata() async throws {
        let t = try await TestServer(configuration: ServerConfiguration(maxMessages: 2, maxMetadataBytes: 32))
        let route = String(repeating: "r", count: 129)
        #expect(try await post(t, body(#"{"direction":"input","text":"x","route":"\#(route)"}"#)).1["param"] as? String == "route")
        let meta = try await post(t, body(#"{"direction":"input","text":"x","metadata":{"a":"\#(String(repeating: "m", count: 40))"}}"#))
        #expect(meta.1["param"] as? String == "metadata")
        let messages = Array(repeating: #"{"role":"user","content":"hi"}"#, count: 3).joined(separator: ",")
        #expect(try await post(t, body(#"{"direction":"input","messages":[\#(messages)]}"#)).1["param"] as? String == "messages")
    }

    @Test func invalidUTF8IsRefused() async throws {
        let t = try await TestServer()
        var bytes = Array(#"{"direction":"input","text":"abc"#.utf8)
        bytes += [0xC3, 0x28, 0xFF, 0xFE]
        bytes += Array(#""}"#.utf8)
        let (status, error) = try await post(t, ByteBuffer(bytes: bytes))
        #expect(status == .badRequest)
        #expect(error["code"] as? String == "invalid_utf8")
    }

    @Test func emptyBody() async throws {
        let t = try await TestServer()
        let (status, error) = try await post(t, nil)
        #expect(status == .badRequest)
        #expect(error["code"] as? String == "empty_body")
    }

    @Test func overLimitBodyIs413() async throws {
        let t = try await TestServer(configuration: ServerConfiguration(maxBodyBytes: 4_096))
        let big = #"{"direction":"input","text":"\#(String(repeating: "a", count: 10_000))"}"#
        let (status, error) = try await post(t, body(big))
        #expect(status == .contentTooLarge)
        #expect(error["type"] as? String == "request_too_large")
        #expect(try await t.auditCount() == 0)
    }

    @Test func defaultLimitRefusesTwoMebibytes() async throws {
        let t = try await TestServer()
        let big = #"{"direction":"input","text":"\#(String(repeating: "a", count: 2 << 20))"}"#
        let (status, _) = try await post(t, body(big))
        #expect(status == .contentTooLarge)
        let batch = #"{"items":[{"direction":"input","text":"\#(String(repeating: "b", count: 1 << 20))"}]}"#
        #expect(try await post(t, body(batch), uri: "/v1/guard/batch").0 == .contentTooLarge)
    }

    @Test func unknownRouteAndWrongMethodAreJSON404() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            for (uri, method) in [("/nope", HTTPRequest.Method.get), ("/v1/guard", .get), ("/v1/guard/zzz", .post), ("/healthz", .delete)] {
                let response = try await client.execute(uri: uri, method: method, headers: t.auth("clientA"))
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/json")
                #expect(try errorObject(response)["type"] as? String == "not_found_error")
                #expect(response.headers[.requestID] != nil)
            }
        }
    }

    @Test func insaneRequestIDIsReplaced() async throws {
        let t = try await TestServer()
        var headers = t.auth("clientA")
        headers[.requestID] = "bad id with spaces"
        try await t.app.test(.router) { [headers] client in
            let response = try await client.execute(
                uri: "/v1/guard", method: .post, headers: headers, body: body(#"{"direction":"input","text":"x"}"#))
            #expect(response.headers[.requestID]?.hasPrefix("req_") == true)
        }
    }
}

@Suite struct HostileJSONTests {
    @Test(arguments: [
        String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
        #"{"direction":"input","text":"x","metadata":"# + String(repeating: #"{"a":"#, count: 50_000) + "1" + String(repeating: "}", count: 50_001),
        #"{"direction":"input","text":1e999}"#,
        #"{"direction":"input","text":"\ud800"}"#,
        #"{"direction":"input","text":"\u0000"}"#,
        #"{"direction":"input","direction":"output","text":"x"}"#,
        "\u{FEFF}{\"direction\":\"input\",\"text\":\"x\"}",
        #"{"direction":"input","text":"x"} trailing"#,
        "null",
        "\"just a string\"",
    ])
    func neverCrashesNorFails500(payload: String) async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let response = try await client.execute(uri: "/v1/guard", method: .post, headers: t.auth("clientA"), body: body(payload))
            #expect(response.status == .ok || response.status == .badRequest, "\(response.status) for \(payload.prefix(40))")
            if response.status == .badRequest {
                #expect(try errorObject(response)["type"] as? String == "invalid_request_error")
            }
        }
    }
}
