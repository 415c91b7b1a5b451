import ParapetCore
import ParapetGuards

/// `parapet bench --tools`: latency of `ToolPolicyEngine.evaluate` (local rules only) for the
/// seeds' `refund_order(order_id=12345, amount=50.00)` and three variants, with an in-memory
/// counter store that already holds calls of 10,000 users; of `evaluate` followed by the atomic
/// `admit` the server uses for calls about to run; and of `record`.
enum ToolPolicyBenchmark {
    struct Stats {
        var p50: Double
        var p99: Double
        var mean: Double
    }

    static let config = """
        tools:
          refund_order:
            parameters: { type: object, required: [order_id, amount], properties: { order_id: { type: integer }, amount: { type: number, minimum: 0 } } }
            risk: { irreversible: true, blast_radius: single, compliance: financial }
            roles: [agent, manager]
            limits:
              - { role: agent, argument: amount, max: 50 }
              - { role: manager, argument: amount, max: 200 }
            counters:
              - { name: refunds_per_day, per: user, window_s: 86400, max: 3 }
            flagged: { argument: order_id, list: [99999, 424242], outcome: review }
            over_limit: review
          delete_account: { roles: [admin], risk: { irreversible: true, blast_radius: account }, default: review }
        """

    static func engine(store: InMemoryToolCounterStore) throws -> ToolPolicyEngine {
        guard case .map(let entries) = try YAMLDocument.parse(config, root: "bench"), let tools = entries.first(where: { $0.key == "tools" }) else {
            throw BenchmarkError(message: "benchmark config has no tools section")
        }
        var reader = ConfigReader()
        let policy = ToolPolicy.parse(tools.value, at: "tools", reader: &reader)
        guard reader.errors.isEmpty else { throw ConfigErrors(reader.errors) }
        return ToolPolicyEngine(policy: policy, counters: store)
    }

    static func intent(_ arguments: String, role: String = "agent", user: String = "user-42") throws -> ToolCallIntent {
        ToolCallIntent(tool: "refund_order", arguments: try JSON.parse(Array(arguments.utf8)), role: role, user: user, tenant: "acme")
    }

    /// The benchmark as printable lines.
    static func report(iterations: Int) throws -> String {
        let store = InMemoryToolCounterStore()
        let engine = try engine(store: store)
        let clock = ContinuousClock()
        let start = clock.now
        for user in 0..<10_000 {
            let call = try intent(#"{"order_id": 1, "amount": 1}"#, user: "user-\(user)")
            engine.record(call, now: start)
            if user % 5 == 0 { engine.record(call, now: start) }
        }
        let now = start + .seconds(60)
        let cases: [(String, ToolCallIntent, ToolDecisionOutcome)] = [
            ("allowed (agent, 50.00)", try intent(#"{"order_id": 12345, "amount": 50.00}"#), .allow),
            ("over limit + flagged", try intent(#"{"order_id": 99999, "amount": 50.01}"#), .review),
            ("wrong role", try intent(#"{"order_id": 12345, "amount": 50.00}"#, role: "customer"), .deny),
            ("invalid arguments", try intent(#"{"order_id": "12345", "amount": -1}"#), .deny),
        ]
        var lines = [
            "tool-call policy, evaluate (local rules: role, schema, limit, flagged list, counter), single thread, \(iterations) runs; "
                + "counter store holds 10,000 users"
        ]
        for (name, call, expected) in cases {
            let decision = engine.evaluate(call, now: now)
            guard decision.outcome == expected else {
                throw BenchmarkError(message: "\(name): expected \(expected.rawValue), got \(decision.outcome.rawValue) \(decision.reasons)")
            }
            let stats = measure(iterations: iterations) { engine.evaluate(call, now: now).reasons.count }
            lines.append("  \(padded(name)) \(format(stats))  (\(decision.outcome.rawValue))")
        }
        // Each run a different user with room left (a later window than the records above), as
        // the server does it: local rules, then the atomic check-and-count.
        var admitted = 0
        let admitNow = now + .seconds(86_400)
        let admit = try measure(iterations: iterations, intent(#"{"order_id": 12345, "amount": 50.00}"#)) { call in
            admitted += 1
            var call = call
            call.user = "admit-\(admitted % 100_000)"
            return engine.admit(call, engine.evaluate(call, now: admitNow), now: admitNow).reasons.count
        }
        lines.append("  \(padded("evaluate + admit")) \(format(admit))")
        var user = 0
        let record = try measure(iterations: iterations, intent(#"{"order_id": 12345, "amount": 50.00}"#)) { call in
            user = (user + 1) % 10_000
            var call = call
            call.user = "user-\(user)"
            engine.record(call, now: now)
            return user
        }
        lines.append("  \(padded("record")) \(format(record))")
        return lines.joined(separator: "\n")
    }

    private static func format(_ stats: Stats) -> String {
        "p50 \(round(stats.p50)) µs  p99 \(round(stats.p99)) µs  mean \(round(stats.mean)) µs"
    }

    private static func padded(_ text: String) -> String {
        text + String(repeating: " ", count: max(0, 24 - text.count))
    }

    private static func round(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String((value * 100).rounded() / 100)
    }

    struct BenchmarkError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func measure(iterations: Int, _ body: () -> Int) -> Stats {
        measure(iterations: iterations, ()) { _ in body() }
    }

    private static func measure<Input>(iterations: Int, _ input: Input, _ body: (Input) -> Int) -> Stats {
        let clock = ContinuousClock()
        var sink = 0
        for _ in 0..<min(iterations, 2_000) { sink &+= body(input) }
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = clock.now
            sink &+= body(input)
            samples.append(microseconds(clock.now - start))
        }
        keep(sink)
        samples.sort()
        return Stats(
            p50: samples[samples.count / 2], p99: samples[min(samples.count - 1, samples.count * 99 / 100)],
            mean: samples.reduce(0, +) / Double(samples.count))
    }

    private static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    /// Keeps the optimiser from deleting measured work.
    @inline(never) private static func keep(_ value: Int) {
        if value == Int.min { print("") }
    }
}
