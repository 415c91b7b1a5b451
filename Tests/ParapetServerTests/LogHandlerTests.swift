import Logging
import ParapetServer
import Synchronization
import Testing

@Suite struct LogHandlerTests {
    private final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// The line has StreamLogHandler's shape; metadata from the logger, the provider and the call
    /// are merged (the call winning), sorted by key, and rendered only when a line is written.
    @Test func writesStreamLogHandlerLinesWithMergedSortedMetadata() throws {
        let lines = Lines()
        let provider = Logger.MetadataProvider { ["trace": "t1", "shared": "provider"] }
        var logger = Logger(label: "parapet.test") { label in
            ParapetLogHandler(label: label, metadataProvider: provider, write: lines.append)
        }
        logger.logLevel = .info
        logger[metadataKey: "hb.request.id"] = "r-1"
        logger[metadataKey: "shared"] = "logger"
        logger.debug("not written at info")
        logger.info("hello", metadata: ["shared": "call"])
        logger.error("failed", source: "ParapetAudit")

        let written = lines.all
        try #require(written.count == 2)
        #expect(written[0].hasSuffix(" info parapet.test: hb.request.id=r-1 shared=call trace=t1 [ParapetServerTests] hello\n"))
        #expect(written[1].hasSuffix(" error parapet.test: hb.request.id=r-1 shared=provider trace=t1 [ParapetAudit] failed\n"))
        let stamp = written[0].prefix { $0 != " " }
        #expect(stamp.count == 24 && stamp.dropFirst(10).first == "T")
    }

    @Test func emptyMetadataAndEmptyLabel() {
        let lines = Lines()
        let logger = Logger(label: "") { label in ParapetLogHandler(label: label, write: lines.append) }
        logger.warning("plain")
        #expect(lines.all.count == 1)
        #expect(lines.all.first?.hasSuffix(" warning: [ParapetServerTests] plain\n") == true)
    }
}
