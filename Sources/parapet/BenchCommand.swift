import ArgumentParser
import Foundation
import ParapetCore
import ParapetGuards
import ParapetSQLite

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the guard pipeline on this machine (one core). Build with -c release.",
        discussion: """
            Reports latency of the full default input pipeline on a prompt (p50/p99 over many runs), \
            and raw scan throughput of each detector and of the Unicode normaliser on 1 MB of prose.
            """
    )

    @Option(name: .long, help: "Pipeline runs per prompt.")
    var iterations = 20_000

    @Option(name: .long, help: "Prompt size in bytes.")
    var promptBytes = 2_048

    @Option(name: .long, help: "Size of the throughput corpus in MB.")
    var corpusMegabytes = 1

    @Option(name: .long, help: "Also measure group-committed audit writes to SQLite with this many records (0: skip).")
    var auditRecords = 0

    @Flag(name: .long, help: "Run only the JSON Schema benchmark: a ~2 KB answer against a 30-property schema (--iterations runs).")
    var schema = false

    @Flag(name: .long, help: "Run only the tool-call policy benchmark: evaluate the seeds' refund_order example and variants (--iterations runs).")
    var tools = false

    @OptionGroup var policyOptions: PolicyOptions

    func validate() throws {
        guard iterations > 0, promptBytes > 0, (1...256).contains(corpusMegabytes), auditRecords >= 0 else {
            throw ValidationError("--iterations and --prompt-bytes must be positive, --corpus-megabytes 1…256")
        }
    }

    func run() async throws {
        #if DEBUG
        print("warning: this is a debug build; numbers are meaningful only with `swift run -c release parapet bench`\n")
        #endif
        if schema {
            print(try SchemaBenchmark.report(iterations: iterations))
            return
        }
        if tools {
            print(try ToolPolicyBenchmark.report(iterations: iterations))
            return
        }
        let policy = try policyOptions.loadPolicy()
        let pipeline = GuardPipeline.standard(policy: policy, redactionSalt: PolicyOptions.redactionSalt())
        print("pipeline latency, direction input, \(iterations) runs (detectors: \(pipeline.activeDetectors(for: .input).map(\.id.description).joined(separator: ", ")))")
        for (name, prompt) in [
            ("clean prose", BenchCorpus.prose(bytes: promptBytes)),
            ("prose + PII/secret", BenchCorpus.proseWithPII(bytes: promptBytes)),
            ("non-ASCII prose", BenchCorpus.mixedScript(bytes: promptBytes)),
        ] {
            let stats = latency(of: pipeline, prompt)
            print("  \(name.padding(20)) \(prompt.utf8.count) B  p50 \(fmt(stats.p50)) µs  p99 \(fmt(stats.p99)) µs  mean \(fmt(stats.mean)) µs")
        }

        let corpus = BenchCorpus.prose(bytes: corpusMegabytes << 20)
        let text = ScanText(corpus)
        print("\nraw scan throughput on \(corpusMegabytes) MB of English prose (single core)")
        var combined: [any Detector] = []
        for name in StandardDetectors.names {
            for detector in StandardDetectors.make(policy: policy, only: [name]) {
                print("  \(detector.id.description.padding(20)) \(fmt(throughput([detector], text))) MB/s")
                if name == "pii" || name == "secrets" { combined.append(detector) }
            }
        }
        if !combined.isEmpty {
            print("  \("pii + secrets".padding(20)) \(fmt(throughput(combined, text))) MB/s")
        }
        let normalizer = UnicodeNormalizer()
        let mixed = BenchCorpus.mixedScript(bytes: corpusMegabytes << 20)
        print("  \("normalise ASCII".padding(20)) \(fmt(mbPerSecond(bytes: corpus.utf8.count) { _ = normalizer.normalize(corpus) })) MB/s")
        print("  \("normalise non-ASCII".padding(20)) \(fmt(mbPerSecond(bytes: mixed.utf8.count) { _ = normalizer.normalize(mixed) })) MB/s")
        if auditRecords > 0 {
            print("\naudit writes: \(auditRecords) records of ~1.7 KB from 64 concurrent writers, group commit into SQLite (WAL)")
            for durability in SQLiteConfiguration.Durability.allCases {
                let (perSecond, transactions) = try await AuditBenchmark.run(records: auditRecords, durability: durability)
                print("  durability \(durability.rawValue.padding(8)) \(Int(perSecond)) records/s in \(transactions) transactions (\(auditRecords / max(1, transactions)) per commit)")
            }
        }
    }

    struct Stats { var p50: Double; var p99: Double; var mean: Double }

    func latency(of pipeline: GuardPipeline, _ prompt: String) -> Stats {
        let clock = ContinuousClock()
        for _ in 0..<min(iterations, 1_000) { _ = pipeline.evaluate(prompt, direction: .input) }
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let t0 = clock.now
            let d = pipeline.evaluate(prompt, direction: .input)
            let elapsed = clock.now - t0
            blackHole(d.findings.count)
            samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
        }
        samples.sort()
        return Stats(
            p50: samples[samples.count / 2], p99: samples[min(samples.count - 1, samples.count * 99 / 100)],
            mean: samples.reduce(0, +) / Double(samples.count))
    }

    func throughput(_ detectors: [any Detector], _ text: ScanText) -> Double {
        var hits: [DetectorHit] = []
        return mbPerSecond(bytes: text.count) {
            for detector in detectors {
                hits.removeAll(keepingCapacity: true)
                try? detector.scan(text, into: &hits)
            }
            blackHole(hits.count)
        }
    }

    /// Runs `body` repeatedly for about half a second and returns MB/s.
    func mbPerSecond(bytes: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        body()  // warm-up
        var runs = 0
        let start = clock.now
        var elapsed = Duration.zero
        repeat {
            body()
            runs += 1
            elapsed = clock.now - start
        } while elapsed < .milliseconds(500)
        let seconds = elapsed.inSeconds
        return Double(bytes * runs) / 1_000_000 / seconds
    }

    func fmt(_ x: Double) -> String {
        x >= 100 ? "\(Int(x.rounded()))" : "\((x * 100).rounded() / 100)"
    }
}

/// Keeps the optimiser from deleting measured work.
@inline(never) func blackHole(_ x: Int) {
    if x == Int.min { print("") }
}
