import Foundation
import Hummingbird
import ParapetReview

extension ConsoleRoutes {
    /// `GET /console/stats[?since=…&until=…]`: the tenant's review feedback loop over the period
    /// (by default the last 7 days), as `GET /v1/review/stats` computes it (`ReviewStatsSource`,
    /// the same period rules and errors).
    func statsPage(_ request: Request, viewer: ConsoleViewer) async throws -> Response {
        let now = Date()
        let period = try ReviewStatsRoutes.period(from: request.uri.queryParameters, now: now)
        let statistics = try await store("review statistics") { try await stats.statistics(tenant: viewer.key.tenant, since: period.since, until: period.until) }
        let presets = [("last day", 86_400.0), ("last 7 days", 7 * 86_400.0), ("last 30 days", 30 * 86_400.0)].map { label, seconds -> HTML in
            "<a href=\"/console/stats?since=\(RFC3339.format(now.addingTimeInterval(-seconds)))\">\(label)</a>"
        }
        let content: HTML = """
            <h1>Review statistics</h1>
            <p class="muted">Items created from <span id="since">\(RFC3339.format(period.since))</span> to \
            <span id="until">\(RFC3339.format(period.until))</span>. Period: \(HTML.join(presets.separated(by: " · "))).</p>
            <h2>Escalation rate per route</h2>
            <p class="muted">The target is 10–15 % of calls; up to 20 % is fine. Below 10 %: probably rubber-stamping; above 20 %: \
            reviewers are the bottleneck; above 60 %: recalibrate the route.</p>
            \(Self.routes(statistics.routes))
            <h2>Override rate per category</h2>
            \(Self.overrides(statistics.categories, id: "categories", keyTitle: "Category", empty: "No reviewed item with a category."))
            <h2>Override rate per reason</h2>
            \(Self.overrides(statistics.reasons, id: "reasons", keyTitle: "Reason code", empty: "No reviewer decision."))
            <h2>Task types</h2>
            \(Self.taskTypes(statistics.taskTypes))
            """
        return ConsolePage.response(title: "Stats", viewer: viewer, content: content)
    }

    /// How a flag reads on the page.
    static func label(_ flag: ReviewStatistics.Flag?) -> HTML {
        guard let flag else { return "—" }
        let text: String
        switch flag {
        case .belowBand: text = "below band"
        case .inBand: text = "in band"
        case .aboveBand: text = "above band"
        case .recalibrate: text = "recalibrate"
        case .revisePrompt: text = "revise prompt"
        case .doNotAutomateYet: text = "do not automate yet"
        }
        let warning = flag != .inBand
        return "<span class=\"\(warning ? "flag warn" : "flag")\" data-flag=\"\(flag.rawValue)\">\(text)</span>"
    }

    private static func routes(_ routes: [ReviewStatistics.Route]) -> HTML {
        guard !routes.isEmpty else { return "<p class=\"muted\" id=\"routes\">No gateway call in this period.</p>" }
        let rows = routes.map { route -> HTML in
            let reasons = route.reasons.map { reason -> HTML in
                "<li>\(reason.reason): \(reason.overrides) (\(ConsoleFormat.percent(reason.share))) \(reason.flag == nil ? .empty : label(reason.flag))</li>"
            }
            return """
                <tr data-route="\(route.route)"><td>\(route.route)</td><td>\(route.calls)</td><td>\(route.escalated)</td><td>\(route.sampled)</td>\
                <td>\(ConsoleFormat.percent(route.escalationRate))</td><td>\(label(route.flag))</td><td>\(route.decisions)</td><td>\(route.overrides)</td>\
                <td>\(ConsoleFormat.percent(route.overrideRate))</td><td>\(reasons.isEmpty ? "—" : "<ul class=\"reasons\">\(reasons)</ul>" as HTML)</td></tr>
                """
        }
        return """
            <table id="routes"><thead><tr><th>Route</th><th>Calls</th><th>Escalated</th><th>Sampled</th><th>Escalation rate</th><th>Flag</th>\
            <th>Decisions</th><th>Overrides</th><th>Override rate</th><th>Override reasons</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    private static func overrides(_ groups: [ReviewStatistics.Overrides], id: String, keyTitle: String, empty: String) -> HTML {
        guard !groups.isEmpty else { return "<p class=\"muted\" id=\"\(id)\">\(empty)</p>" }
        let rows = groups.map { group -> HTML in
            "<tr><td>\(group.key)</td><td>\(group.decisions)</td><td>\(group.overrides)</td><td>\(ConsoleFormat.percent(group.overrideRate))</td></tr>"
        }
        return """
            <table id="\(id)"><thead><tr><th>\(keyTitle)</th><th>Decisions</th><th>Overrides (reject or edit)</th><th>Override rate</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
    }

    private static func taskTypes(_ types: [ReviewStatistics.TaskType]) -> HTML {
        guard !types.isEmpty else { return "<p class=\"muted\" id=\"task-types\">No call named a task type in this period.</p>" }
        let rows = types.map { type -> HTML in
            "<tr><td>\(type.taskType)</td><td>\(type.calls)</td><td>\(type.escalated)</td><td>\(label(type.flag))</td></tr>"
        }
        return """
            <p class="muted">A task type every call of which a person handled (at least 5 calls) is flagged <b>do not automate yet</b>.</p>
            <table id="task-types"><thead><tr><th>Task type</th><th>Calls</th><th>Escalated</th><th>Flag</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}

extension Array where Element == HTML {
    /// The fragments with `separator` between each two.
    fileprivate func separated(by separator: HTML) -> [HTML] {
        var out: [HTML] = []
        for (index, element) in enumerated() {
            if index > 0 { out.append(separator) }
            out.append(element)
        }
        return out
    }
}
