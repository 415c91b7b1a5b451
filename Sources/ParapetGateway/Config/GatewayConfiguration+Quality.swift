import Foundation
import ParapetConfidence
import ParapetCore
import ParapetReview

/// Parsing of a route's output-quality settings:
///
/// ```yaml
/// routes:
///   support:
///     validation: { enabled: true, repair: true, max_reasks: 1, tool_arguments: true }
///     confidence:
///       signal: geometric_mean        # mean_probability | geometric_mean | minimum_probability | answer_token | judge
///       answer_field: has_sufficient_context_for_answer   # answer_token on a boolean JSON field
///       answer_label: "yes"           # …or on a classification label
///       judge_route: grader           # grades answers without logprobs (and every answer for `judge`)
///       calibrator: calibrators/support.json   # written by `parapet calibrate`
///       auto: 0.85                    # ≥ auto: deliver
///       reject: 0.5                   # < reject: abstain; in between: review
///       on_missing: review            # deliver | review | abstain, when no score can be computed
///       abstain: { reply: "I'm not sure; a colleague will follow up." }   # or { route: stronger }
///       windows:
///         - { name: month-end, last_days_of_month: 3, auto: 0.95, reject: 0.7 }
///         - { name: night, hours: [0, 6], weekdays: [1, 2, 3, 4, 5], auto: 0.9, reject: 0.6 }
///       fields:
///         - { path: refund.amount, auto: 0.95, reject: 0.6 }
///     grounding: { sentence_threshold: 0.5, minimum_score: 0.7, action: flag, judge_route: grader }   # flag | block | review
///     review: { mode: confidence, triggers: [ … ], risk: { … }, policies: { … } }   # see ReviewSettings.parse
/// ```
extension GatewayConfiguration {
    static let routeQualityKeys: Set<String> = ["validation", "confidence", "grounding", "review"]

    static func parseRouteQuality(_ key: String, _ value: ConfigValue, at path: ConfigPath, into route: inout RouteConfiguration, reader: inout ConfigReader) {
        switch key {
        case "validation": route.validation = parseValidation(value, at: path, reader: &reader)
        case "confidence": route.confidence = parseConfidence(value, at: path, reader: &reader)
        case "grounding": route.grounding = parseGrounding(value, at: path, reader: &reader)
        case "review": route.review = ReviewSettings.parse(value, at: path, reader: &reader)
        default: break
        }
    }

    static func parseValidation(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ValidationSettings {
        var settings = ValidationSettings()
        guard let entries = reader.map(value, at: path, allowed: ["enabled", "repair", "max_reasks", "tool_arguments"]) else { return settings }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "enabled": settings.enabled = reader.bool(entry.value, at: p) ?? settings.enabled
            case "repair": settings.repair = reader.bool(entry.value, at: p) ?? settings.repair
            case "max_reasks": settings.maxReasks = reader.integer(entry.value, at: p, in: 0...5) ?? settings.maxReasks
            case "tool_arguments": settings.toolArguments = reader.bool(entry.value, at: p) ?? settings.toolArguments
            default: break
            }
        }
        return settings
    }

    static func parseConfidence(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ConfidenceSettings? {
        let allowed: Set<String> = [
            "signal", "answer_label", "answer_field", "judge_route", "calibrator", "auto", "reject", "on_missing", "abstain", "windows", "fields",
        ]
        guard let entries = reader.map(value, at: path, allowed: allowed) else { return nil }
        var settings = ConfidenceSettings()
        // The route's thresholds first: they are the defaults of every field's.
        settings.thresholds = parseThresholds(entries, at: path, defaults: settings.thresholds, reader: &reader)
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "signal": settings.signal = reader.enumeration(entry.value, at: p, kind: "confidence signal") ?? settings.signal
            case "answer_label": settings.answerLabel = reader.string(entry.value, at: p)
            case "answer_field": settings.answerField = reader.string(entry.value, at: p)
            case "judge_route": settings.judgeRoute = reader.string(entry.value, at: p)
            case "calibrator":
                guard let file = reader.string(entry.value, at: p) else { continue }
                do {
                    settings.calibrator = try Calibrator.load(contentsOf: URL(fileURLWithPath: file))
                    settings.calibratorPath = file
                } catch {
                    reader.fail(p, "cannot load calibrator \(file): \(error)")
                }
            case "on_missing": settings.onMissing = reader.enumeration(entry.value, at: p, kind: "confidence tier") ?? settings.onMissing
            case "abstain":
                guard let abstain = reader.map(entry.value, at: p, allowed: ["reply", "route"]) else { continue }
                for item in abstain {
                    switch item.key {
                    case "reply": settings.abstainReply = reader.string(item.value, at: p.key("reply")) ?? settings.abstainReply
                    case "route": settings.abstainRoute = reader.string(item.value, at: p.key("route"))
                    default: break
                    }
                }
            case "windows":
                guard let items = reader.list(entry.value, at: p) else { continue }
                for (index, item) in items.enumerated() {
                    if let window = parseWindow(item, at: p.index(index), reader: &reader) { settings.windows.append(window) }
                }
            case "fields":
                guard let items = reader.list(entry.value, at: p) else { continue }
                for (index, item) in items.enumerated() {
                    let itemPath = p.index(index)
                    guard let fields = reader.map(item, at: itemPath, allowed: ["path", "auto", "reject"]) else { continue }
                    guard let fieldPath = fields.first(where: { $0.key == "path" }).flatMap({ reader.string($0.value, at: itemPath.key("path")) }),
                          !fieldPath.isEmpty
                    else {
                        reader.fail(itemPath.key("path"), "required: a dotted path into the JSON answer")
                        continue
                    }
                    let thresholds = parseThresholds(fields, at: itemPath, defaults: settings.thresholds, reader: &reader)
                    settings.fields.append(FieldThreshold(path: fieldPath, thresholds: thresholds))
                }
            default: break
            }
        }
        if settings.signal == .answerToken, settings.answerLabel == nil, settings.answerField == nil {
            reader.fail(path.key("signal"), "answer_token needs answer_label or answer_field")
        }
        if settings.signal == .judge, settings.judgeRoute == nil {
            reader.fail(path.key("judge_route"), "required for signal judge")
        }
        return settings
    }

    /// `auto` and `reject` among `entries` (others are ignored), checked to be in 0…1 with
    /// reject ≤ auto.
    static func parseThresholds(
        _ entries: [ConfigValue.Entry], at path: ConfigPath, defaults: ConfidenceThresholds, reader: inout ConfigReader
    ) -> ConfidenceThresholds {
        var thresholds = defaults
        for entry in entries {
            switch entry.key {
            case "auto": thresholds.auto = reader.number(entry.value, at: path.key("auto"), in: 0...1) ?? thresholds.auto
            case "reject": thresholds.reject = reader.number(entry.value, at: path.key("reject"), in: 0...1) ?? thresholds.reject
            default: break
            }
        }
        if thresholds.reject > thresholds.auto {
            reader.fail(path.key("reject"), "must not exceed auto (\(thresholds.auto))")
        }
        return thresholds
    }

    static func parseWindow(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ThresholdWindow? {
        let allowed: Set<String> = ["name", "days_of_month", "last_days_of_month", "weekdays", "hours", "auto", "reject"]
        guard let entries = reader.map(value, at: path, allowed: allowed) else { return nil }
        guard let name = entries.first(where: { $0.key == "name" }).flatMap({ reader.string($0.value, at: path.key("name")) }) else {
            reader.fail(path.key("name"), "required")
            return nil
        }
        let thresholds = parseThresholds(entries, at: path, defaults: ConfidenceThresholds(auto: 0.9, reject: 0.5), reader: &reader)
        var window = ThresholdWindow(name: name, thresholds: thresholds)
        var hasCriterion = false
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "days_of_month":
                window.daysOfMonth = Set(integers(entry.value, at: p, in: 1...31, reader: &reader))
                hasCriterion = true
            case "last_days_of_month":
                window.lastDaysOfMonth = reader.integer(entry.value, at: p, in: 1...28) ?? 0
                hasCriterion = true
            case "weekdays":
                window.weekdays = Set(integers(entry.value, at: p, in: 1...7, reader: &reader))
                hasCriterion = true
            case "hours":
                let bounds = integers(entry.value, at: p, in: 0...24, reader: &reader)
                guard bounds.count == 2, bounds[0] < bounds[1] else {
                    reader.fail(p, "must be [start, end) with 0 ≤ start < end ≤ 24 (UTC)")
                    continue
                }
                window.hours = bounds[0]..<bounds[1]
                hasCriterion = true
            default: break
            }
        }
        if !hasCriterion {
            reader.fail(path, "needs at least one of days_of_month, last_days_of_month, weekdays, hours")
        }
        return window
    }

    static func integers(_ value: ConfigValue, at path: ConfigPath, in range: ClosedRange<Int>, reader: inout ConfigReader) -> [Int] {
        guard let items = reader.list(value, at: path) else { return [] }
        return items.enumerated().compactMap { reader.integer($0.element, at: path.index($0.offset), in: range) }
    }

    static func parseGrounding(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> GroundingSettings? {
        guard let entries = reader.map(value, at: path, allowed: ["sentence_threshold", "minimum_score", "action", "judge_route"]) else { return nil }
        var settings = GroundingSettings()
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "sentence_threshold": settings.sentenceThreshold = reader.number(entry.value, at: p, in: 0...1) ?? settings.sentenceThreshold
            case "minimum_score": settings.minimumScore = reader.number(entry.value, at: p, in: 0...1) ?? settings.minimumScore
            case "action": settings.action = reader.enumeration(entry.value, at: p, kind: "grounding action") ?? settings.action
            case "judge_route": settings.judgeRoute = reader.string(entry.value, at: p)
            default: break
            }
        }
        return settings
    }

    /// Judge and abstention routes must exist and must not gate themselves through a judge loop.
    static func checkQualityReferences(_ config: GatewayConfiguration, at path: ConfigPath, reader: inout ConfigReader) {
        for name in config.routeOrder {
            guard let route = config.routes[name] else { continue }
            let routePath = path.key("routes").key(name)
            for (reference, key, section) in [
                (route.confidence?.judgeRoute, "judge_route", "confidence"), (route.confidence?.abstainRoute, "abstain", "confidence"),
                (route.grounding?.judgeRoute, "judge_route", "grounding"),
            ] {
                guard let reference else { continue }
                let p = routePath.key(section).key(key)
                guard let target = config.routes[reference] else {
                    reader.fail(p, "unknown route \"\(reference)\"")
                    continue
                }
                if reference == name || (key == "judge_route" && target.confidence?.signal == .judge) {
                    reader.fail(p, "route \"\(reference)\" cannot grade or replace this route's answers (it would gate itself)")
                }
            }
        }
    }
}
