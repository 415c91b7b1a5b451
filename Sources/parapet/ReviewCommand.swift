import ArgumentParser
import Foundation
import ParapetReview
import ParapetServer
import ParapetStore

/// `parapet review stats|export`: the review feedback loop read straight from a data directory
/// (the same numbers as `GET /v1/review/stats` and `GET /v1/review/export`).
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review feedback loop: escalation and override statistics, and calibration data from reviewed answers.",
        subcommands: [Stats.self, Export.self]
    )

    /// `--tenant`, `--since` and `--until`, shared by both subcommands.
    struct PeriodOptions: ParsableArguments {
        @Option(name: .long, help: "The tenant.")
        var tenant = KeyBootstrap.tenant

        @Option(name: .long, help: "Items created at or after this time (RFC 3339, a day like 2026-11-01, or an age like 7d).")
        var since = "7d"

        @Option(name: .long, help: "Items created before this time (default: now).")
        var until: String?

        func validate() throws {
            if DateArgument.parse(since) == nil { throw ValidationError("--since: not a date or age: \"\(since)\"") }
            if let until, DateArgument.parse(until) == nil { throw ValidationError("--until: not a date or age: \"\(until)\"") }
            if let period = period(), period.until < period.since { throw ValidationError("--until is before --since") }
        }

        /// The period, `since..<until`; nil when an argument does not parse (`validate` says so).
        func period(now: Date = Date()) -> (since: Date, until: Date)? {
            guard let from = DateArgument.parse(since, now: now) else { return nil }
            guard let until else { return (from, now) }
            return DateArgument.parse(until, now: now).map { (from, $0) }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Escalation rate per route against the 10–15 % band, reviewer overrides per reason and category, task types always escalated.",
            discussion: """
                Flags: below_band (< 10 % escalated), in_band (10–20 %), above_band (> 20 %), recalibrate (> 60 %); \
                revise_prompt (a reason with at least 3 overrides making at least 30 % of a route's decisions); \
                do_not_automate_yet (every call of a task type escalated, at least 5 calls). Calls are the gateway's \
                audit records of the period; items are those created in it.
                """
        )

        @OptionGroup var runtime: RuntimeOptions
        @OptionGroup var period: PeriodOptions

        @Flag(name: .long, help: "Print the statistics as JSON (as GET /v1/review/stats answers).")
        var json = false

        func run() async throws {
            let stores = try ReviewCommand.open(try runtime.loadConfiguration())
            guard let window = period.period() else { throw UsageError("invalid period") }
            let (since, until) = window
            let statistics = try await ReviewStatsSource(queue: stores.reviews, audit: stores.audit)
                .statistics(tenant: period.tenant, since: since, until: until)
            let report = ReviewStatsReport(since: since, until: until, statistics: statistics)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(ReviewStatsPrinter.text(report, tenant: period.tenant), terminator: "")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write reviewed answers as calibration samples (JSON Lines) for `parapet calibrate`.",
            discussion: """
                One line per item created in the period that a reviewer resolved and that has a confidence: \
                {"score": <confidence>, "correct": <approved unchanged>} (rejected and edited answers are wrong; \
                pending and expired items are skipped). Then: parapet calibrate FILE --method isotonic --out calibrator.json
                """
        )

        @OptionGroup var runtime: RuntimeOptions
        @OptionGroup var period: PeriodOptions

        @Option(name: .long, help: "Where to write the samples (JSON Lines).")
        var out: String

        func run() async throws {
            let stores = try ReviewCommand.open(try runtime.loadConfiguration())
            guard let window = period.period() else { throw UsageError("invalid period") }
            let (since, until) = window
            let lines = try await ReviewStatsSource(queue: stores.reviews, audit: stores.audit)
                .calibrationLines(tenant: period.tenant, since: since, until: until)
            do {
                try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw UsageError("cannot write \(out): \(error.localizedDescription)")
            }
            print("wrote \(lines.count) calibration sample\(lines.count == 1 ? "" : "s") to \(out)")
            if lines.isEmpty {
                FileHandle.standardError.write(Data("no reviewed item with a confidence in this period; parapet calibrate needs at least one\n".utf8))
            }
        }
    }

    /// Opens an existing data directory; refuses to create one (a typo must not report zeros).
    static func open(_ configuration: ParapetConfiguration) throws -> ParapetStores {
        let directory = DataDirectory(path: configuration.dataDirectory)
        guard FileManager.default.fileExists(atPath: directory.databasePath) else {
            throw UsageError("no Parapet database in \(directory.path) (expected \(directory.databasePath))")
        }
        return try StoreFactory.open(configuration, directory: directory)
    }
}

/// The human-readable form of `parapet review stats`: one table per part, then what the flags
/// ask for.
enum ReviewStatsPrinter {
    static func text(_ report: ReviewStatsReport, tenant: String) -> String {
        let stats = report.statistics
        var out = "Review statistics of tenant \(tenant), \(day(report.since)) to \(day(report.until))\n"
        out += "\nEscalations per route (band 10–15 %, flagged below 10 %, above 20 %, recalibrate above 60 %)\n"
        if stats.routes.isEmpty {
            out += "  no gateway call and no review item in this period\n"
        } else {
            out += table(
                ["route", "calls", "escalated", "sampled", "rate", "flag", "decisions", "overrides", "override rate"],
                stats.routes.map { r in
                    [r.route, "\(r.calls)", "\(r.escalated)", "\(r.sampled)", percent(r.escalationRate), r.flag?.rawValue ?? "-",
                     "\(r.decisions)", "\(r.overrides)", percent(r.overrideRate)]
                })
        }
        let reasons = stats.routes.flatMap { r in r.reasons.map { (r.route, $0) } }
        if !reasons.isEmpty {
            out += "\nOverride reasons per route\n"
            out += table(
                ["route", "reason", "overrides", "share", "flag"],
                reasons.map { route, reason in [route, reason.reason, "\(reason.overrides)", percent(reason.share), reason.flag?.rawValue ?? "-"] })
        }
        for (title, first, rows) in [("Overrides per category", "category", stats.categories), ("Overrides per reason code", "reason", stats.reasons)]
        where !rows.isEmpty {
            out += "\n\(title)\n"
            out += table([first, "decisions", "overrides", "override rate"], rows.map { [$0.key, "\($0.decisions)", "\($0.overrides)", percent($0.overrideRate)] })
        }
        if !stats.taskTypes.isEmpty {
            out += "\nTask types\n"
            out += table(
                ["task type", "calls", "escalated", "flag"],
                stats.taskTypes.map { [$0.taskType, "\($0.calls)", "\($0.escalated)", $0.flag?.rawValue ?? "-"] })
        }
        let advice = flags(stats)
        out += "\nFlags\n"
        out += advice.isEmpty ? "  none\n" : advice.map { "  \($0)\n" }.joined()
        return out
    }

    /// One line per flag that asks for something (in-band routes ask for nothing).
    static func flags(_ stats: ReviewStatistics) -> [String] {
        var lines: [String] = []
        for route in stats.routes {
            let rate = percent(route.escalationRate)
            switch route.flag {
            case .belowBand?: lines.append("\(route.route): below_band — \(rate) escalated; reviewers may be rubber-stamping, or the band is too narrow")
            case .aboveBand?: lines.append("\(route.route): above_band — \(rate) escalated; reviewers are the bottleneck")
            case .recalibrate?: lines.append("\(route.route): recalibrate — \(rate) escalated; recalibrate the thresholds or the model")
            default: break
            }
            for reason in route.reasons where reason.flag == .revisePrompt {
                lines.append("\(route.route): revise_prompt — \(reason.overrides) overrides for \"\(reason.reason)\" (\(percent(reason.share)) of decisions); revise the prompt")
            }
        }
        for task in stats.taskTypes where task.flag == .doNotAutomateYet {
            lines.append("\(task.taskType): do_not_automate_yet — all \(task.calls) calls escalated")
        }
        return lines
    }

    /// A fixed-width table: text columns left-aligned, numbers right-aligned.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        let numeric = header.indices.map { column in
            rows.allSatisfy { row in row[column] == "-" || row[column].allSatisfy { $0.isNumber || $0 == "." || $0 == "%" } }
        }
        return all.map { row in
            var line = row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return numeric[column] ? padding + row[column] : row[column] + padding
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return "  " + line + "\n"
        }.joined()
    }

    static func percent(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.1f%%", value * 100)
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
