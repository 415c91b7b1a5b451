import ParapetCore

extension RiskMatrix {
    static let keys: Set<String> = ["irreversibility", "blast_radius", "compliance", "confidence", "levels", "trigger_priority"]

    /// The matrix in a `risk:` mapping (see `ReviewSettings.parse`); problems go to `reader`.
    static func parse(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> RiskMatrix {
        var matrix = RiskMatrix()
        guard let entries = reader.map(value, at: path, allowed: keys) else { return matrix }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "irreversibility": matrix.irreversibility = parseRule(entry.value, at: p, reader: &reader)
            case "blast_radius": matrix.blastRadius = parseRule(entry.value, at: p, reader: &reader)
            case "compliance": matrix.compliance = parseRule(entry.value, at: p, reader: &reader)
            case "confidence": matrix.confidence = parseConfidence(entry.value, at: p, reader: &reader)
            case "levels": matrix.levels = parseLevels(entry.value, at: p, reader: &reader)
            case "trigger_priority":
                matrix.triggerPriority = reader.integer(entry.value, at: p, in: -1_000_000...1_000_000) ?? matrix.triggerPriority
            default: break
            }
        }
        return matrix
    }

    static func parseRule(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ToolAndCategoryRule {
        var rule = ToolAndCategoryRule()
        guard let entries = reader.map(value, at: path, allowed: ["default", "tools", "categories"]) else { return rule }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "default": rule.defaultScore = reader.integer(entry.value, at: p, in: 0...3) ?? rule.defaultScore
            case "tools":
                guard let tools = reader.map(entry.value, at: p) else { continue }
                for tool in tools {
                    if let score = reader.integer(tool.value, at: p.key(tool.key), in: 0...3) { rule.tools[tool.key] = score }
                }
            case "categories":
                guard let categories = reader.map(entry.value, at: p) else { continue }
                for category in categories {
                    let itemPath = p.key(category.key)
                    guard let pattern = CategoryPattern(category.key) else {
                        reader.fail(itemPath, "\"\(category.key)\" is not a category id or a wildcard like pii.* or *")
                        continue
                    }
                    if let score = reader.integer(category.value, at: itemPath, in: 0...3) { rule.categories.append((pattern, score)) }
                }
            default: break
            }
        }
        return rule
    }

    static func parseConfidence(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ConfidenceRule {
        var rule = ConfidenceRule()
        guard let entries = reader.map(value, at: path, allowed: ["below", "missing"]) else { return rule }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "missing": rule.missing = reader.integer(entry.value, at: p, in: 0...3) ?? rule.missing
            case "below":
                guard let pairs = reader.list(entry.value, at: p) else { continue }
                for (index, pair) in pairs.enumerated() {
                    let pairPath = p.index(index)
                    guard let items = reader.list(pair, at: pairPath) else { continue }
                    guard items.count == 2 else {
                        reader.fail(pairPath, "expected [bound, score], like [0.7, 2]")
                        continue
                    }
                    let bound = reader.number(items[0], at: pairPath.index(0), in: 0...1)
                    let score = reader.integer(items[1], at: pairPath.index(1), in: 0...3)
                    if let bound, let score { rule.below.append(ConfidenceRule.Bound(bound, score)) }
                }
            default: break
            }
        }
        return rule
    }

    static func parseLevels(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> Levels {
        var levels = Levels()
        guard let entries = reader.map(value, at: path, allowed: ["medium", "high", "critical"]) else { return levels }
        for entry in entries {
            let p = path.key(entry.key)
            guard let cutoff = reader.integer(entry.value, at: p, in: 1...12) else { continue }
            switch entry.key {
            case "medium": levels.medium = cutoff
            case "high": levels.high = cutoff
            case "critical": levels.critical = cutoff
            default: break
            }
        }
        if levels.high < levels.medium { reader.fail(path.key("high"), "must not be below medium (\(levels.medium))") }
        if levels.critical < levels.high { reader.fail(path.key("critical"), "must not be below high (\(levels.high))") }
        return levels
    }
}
