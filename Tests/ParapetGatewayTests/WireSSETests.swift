import Testing
@testable import ParapetGateway

@Suite("Wire SSE")
struct WireSSETests {
    static let stream = Array(
        (": comment\r\nevent: message_start\r\ndata: {\"a\":\"é😀\"}\r\n\r\n"
            + "data: line one\rdata: line two\r\rid: 7\ndata:no-space\n\n"
            + "event: ping\ndata\n\n" + "retry: 10\nunknown: x\ndata: last\n\n").utf8)

    static let expected = [
        SSEEvent(event: "message_start", data: "{\"a\":\"é😀\"}"),
        SSEEvent(data: "line one\nline two"),
        SSEEvent(data: "no-space", id: "7"),
        SSEEvent(event: "ping", data: ""),
        SSEEvent(data: "last"),
    ]

    func parseAll(_ chunks: [ArraySlice<UInt8>]) throws -> [SSEEvent] {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for chunk in chunks { events += try parser.feed(chunk) }
        return events + parser.finish()
    }

    @Test func parsesWholeStream() throws {
        #expect(try parseAll([Self.stream[...]]) == Self.expected)
    }

    @Test func everySplitPointGivesTheSameEvents() throws {
        let bytes = Self.stream
        for split in 0...bytes.count {
            #expect(try parseAll([bytes[..<split], bytes[split...]]) == Self.expected, "split at \(split)")
        }
    }

    @Test func byteAtATime() throws {
        let chunks = Self.stream.indices.map { Self.stream[$0...$0] }
        #expect(try parseAll(chunks) == Self.expected)
    }

    @Test func crlfSplitAcrossChunksIsOneLineEnd() throws {
        var parser = SSEParser()
        var events = try parser.feed(Array("data: a\r".utf8))
        events += try parser.feed(Array("\ndata: b\r\n\r\n".utf8))
        #expect(events == [SSEEvent(data: "a\nb")])
    }

    @Test func finishFlushesUnterminatedEvent() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array("data: tail".utf8)).isEmpty)
        #expect(parser.finish() == [SSEEvent(data: "tail")])
        #expect(parser.finish().isEmpty)
    }

    @Test func eventWithoutDataIsNotDispatched() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array("event: x\nid: 1\n\n\n\n".utf8)).isEmpty)
    }

    @Test func leadingBOMIsIgnored() throws {
        var parser = SSEParser()
        let events = try parser.feed([0xEF, 0xBB] + [0xBF] + Array("data: x\n\n".utf8))
        #expect(events == [SSEEvent(data: "x")])
    }

    @Test func oversizedEventFails() throws {
        var parser = SSEParser(maxEventSize: 64)
        #expect(throws: SSEError.self) {
            _ = try parser.feed(Array(("data: " + String(repeating: "x", count: 100)).utf8))
        }
        var lines = SSEParser(maxEventSize: 64)
        #expect(throws: SSEError.self) {
            for _ in 0..<20 { _ = try lines.feed(Array("data: 0123456789\n".utf8)) }
        }
        var ok = SSEParser(maxEventSize: 64)
        for _ in 0..<100 { #expect(try ok.feed(Array("data: 0123456789\n\n".utf8)).count == 1) }
    }

    @Test func writerFrames() {
        #expect(SSEWriter.data(Array("{}".utf8)) == Array("data: {}\n\n".utf8))
        #expect(SSEWriter.event(name: "ping", data: Array("{}".utf8)) == Array("event: ping\ndata: {}\n\n".utf8))
        #expect(SSEWriter.done == Array("data: [DONE]\n\n".utf8))
    }

    @Test func writerCannotBeInjected() throws {
        let frame = SSEWriter.event(name: "a\n\nevent: b", data: Array("x\n\ndata: y\r\nz\r".utf8))
        var parser = SSEParser()
        let events = try parser.feed(frame)
        #expect(events == [SSEEvent(event: "aevent: b", data: "x\n\ndata: y\nz\n")])
    }
}
