import ParapetCore
import ParapetStore

extension ReviewStatistics {
    /// The statistics of `items` (one tenant's, over the period of the counters).
    ///
    /// - An item counts as escalated when its `triggers` are a non-empty list (or unreadable),
    ///   and as a post-audit sample when they are the empty list — what `EscalationDecision`
    ///   writes.
    /// - A decision is an override when it rejects or edits.
    /// - Parameters:
    ///   - callsPerRoute: calls each route answered in the period; a route missing here gets no
    ///     rate or flag.
    ///   - callsPerTaskType: calls per task type in the period, for `do_not_automate_yet`.
    public static func compute(
        items: [ReviewItem], callsPerRoute: [String: Int], callsPerTaskType: [String: Int] = [:], thresholds: Thresholds = Thresholds()
    ) -> ReviewStatistics {
        struct RouteTally {
            var escalated = 0
            var sampled = 0
            var decisions = 0
            var overrides = 0
            var reasons: [String: Int] = [:]
        }
        var routes: [String: RouteTally] = [:]
        var categories: [String: (decisions: Int, overrides: Int)] = [:]
        var reasons: [String: (decisions: Int, overrides: Int)] = [:]
        var escalatedTasks: [String: Int] = [:]

        for item in items {
            var tally = routes[item.route] ?? RouteTally()
            let escalated = isEscalated(item)
            if escalated {
                tally.escalated += 1
                if let taskType = item.taskType { escalatedTasks[taskType, default: 0] += 1 }
            } else {
                tally.sampled += 1
            }
            for decision in item.decisions {
                let override = decision.verdict != .approve
                tally.decisions += 1
                reasons[decision.reasonCode, default: (0, 0)].decisions += 1
                if let category = item.category { categories[category, default: (0, 0)].decisions += 1 }
                guard override else { continue }
                tally.overrides += 1
                tally.reasons[decision.reasonCode, default: 0] += 1
                reasons[decision.reasonCode, default: (0, 0)].overrides += 1
                if let category = item.category { categories[category, default: (0, 0)].overrides += 1 }
            }
            routes[item.route] = tally
        }

        let routeNames = Set(routes.keys).union(callsPerRoute.keys).sorted()
        let routeStats = routeNames.map { name -> Route in
            let tally = routes[name] ?? RouteTally()
            let calls = callsPerRoute[name] ?? 0
            let rate = calls > 0 ? Double(tally.escalated) / Double(calls) : nil
            let routeReasons = tally.reasons.map { reason, count -> RouteReason in
                let share = Double(count) / Double(tally.decisions)
                let repeated = count >= thresholds.repeatedReasonCount && share >= thresholds.repeatedReasonShare
                return RouteReason(reason: reason, overrides: count, share: share, flag: repeated ? .revisePrompt : nil)
            }.sorted { $0.overrides != $1.overrides ? $0.overrides > $1.overrides : $0.reason < $1.reason }
            return Route(
                route: name, calls: calls, escalated: tally.escalated, sampled: tally.sampled, decisions: tally.decisions,
                overrides: tally.overrides, escalationRate: rate,
                overrideRate: tally.decisions > 0 ? Double(tally.overrides) / Double(tally.decisions) : nil,
                flag: rate.map { band($0, thresholds) }, reasons: routeReasons)
        }

        let taskNames = Set(escalatedTasks.keys).union(callsPerTaskType.keys).sorted()
        let taskStats = taskNames.map { name -> TaskType in
            let calls = callsPerTaskType[name] ?? 0
            let escalated = escalatedTasks[name] ?? 0
            let always = calls >= thresholds.alwaysEscalatedMinimumCalls && escalated >= calls
            return TaskType(taskType: name, calls: calls, escalated: escalated, flag: always ? .doNotAutomateYet : nil)
        }

        func overrides(_ table: [String: (decisions: Int, overrides: Int)]) -> [Overrides] {
            table.keys.sorted().map { key in
                let counts = table[key] ?? (0, 0)
                return Overrides(
                    key: key, decisions: counts.decisions, overrides: counts.overrides,
                    overrideRate: counts.decisions > 0 ? Double(counts.overrides) / Double(counts.decisions) : nil)
            }
        }
        return ReviewStatistics(routes: routeStats, categories: overrides(categories), reasons: overrides(reasons), taskTypes: taskStats)
    }

    /// The escalation-rate flag of `rate`.
    static func band(_ rate: Double, _ thresholds: Thresholds) -> Flag {
        if rate > thresholds.recalibrate { return .recalibrate }
        if rate > thresholds.bandHigh { return .aboveBand }
        if rate >= thresholds.bandLow { return .inBand }
        return .belowBand
    }

    /// Whether an item was escalated by a trigger rather than sampled: its triggers are not the
    /// empty list.
    static func isEscalated(_ item: ReviewItem) -> Bool {
        guard let fired = FiredTrigger.list(fromJSON: item.triggers) else { return true }
        return !fired.isEmpty
    }

    /// Reviewed items as calibration samples for `parapet calibrate`: one JSON Lines line per
    /// item with a confidence in 0…1 that a reviewer resolved, `{"score":0.62,"correct":true}`,
    /// correct meaning approved unchanged (rejected and edited are wrong). Pending and expired
    /// items and items without a confidence are skipped.
    public static func calibrationExport(items: [ReviewItem]) -> [String] {
        items.compactMap { item in
            guard let confidence = item.confidence, confidence.isFinite, confidence >= 0, confidence <= 1 else { return nil }
            let correct: Bool
            switch item.status {
            case .approved: correct = true
            case .rejected, .edited: correct = false
            case .pending, .expired: return nil
            }
            return JSON.object(["score": .number(confidence), "correct": .bool(correct)]).description
        }
    }
}
