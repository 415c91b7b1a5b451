/// Draws reliability diagrams as standalone SVG: fraction correct against mean score per bin,
/// the diagonal of perfect calibration, and the share of samples per bin underneath.
public enum ReliabilityDiagram {
    static let plotLeft = 60.0
    static let plotTop = 50.0
    static let plotSize = 400.0
    static let before = "#d9534f"
    static let after = "#2a6fdb"

    /// An SVG document comparing `before` with `after` (when given); `title` is escaped.
    public static func svg(before: CalibrationMetrics, after: CalibrationMetrics?, title: String) -> String {
        let width = plotLeft + plotSize + 40
        let histogramTop = plotTop + plotSize + 62
        let legendTop = histogramTop + 60
        let height = legendTop + 44
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(fixed(width, 0))" height="\(fixed(height, 0))" \
            viewBox="0 0 \(fixed(width, 0)) \(fixed(height, 0))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(fixed(width / 2, 1))" y="28" text-anchor="middle" font-size="15">\(escape(title))</text>

            """
        for tick in stride(from: 0.0, through: 1.0, by: 0.2) {
            let x = px(tick)
            let y = py(tick)
            svg += """
                <line x1="\(fixed(x, 1))" y1="\(fixed(plotTop, 1))" x2="\(fixed(x, 1))" y2="\(fixed(plotTop + plotSize, 1))" stroke="#eee"/>
                <line x1="\(fixed(plotLeft, 1))" y1="\(fixed(y, 1))" x2="\(fixed(plotLeft + plotSize, 1))" y2="\(fixed(y, 1))" stroke="#eee"/>
                <text x="\(fixed(x, 1))" y="\(fixed(plotTop + plotSize + 16, 1))" text-anchor="middle">\(fixed(tick, 1))</text>
                <text x="\(fixed(plotLeft - 6, 1))" y="\(fixed(y + 4, 1))" text-anchor="end">\(fixed(tick, 1))</text>

                """
        }
        svg += """
            <rect x="\(fixed(plotLeft, 1))" y="\(fixed(plotTop, 1))" width="\(fixed(plotSize, 1))" height="\(fixed(plotSize, 1))" fill="none" stroke="#999"/>
            <line x1="\(fixed(px(0), 1))" y1="\(fixed(py(0), 1))" x2="\(fixed(px(1), 1))" y2="\(fixed(py(1), 1))" stroke="#888" stroke-dasharray="4 4"/>
            <text x="\(fixed(plotLeft + plotSize / 2, 1))" y="\(fixed(plotTop + plotSize + 32, 1))" text-anchor="middle">mean score in bin</text>
            <text transform="translate(18 \(fixed(plotTop + plotSize / 2, 1))) rotate(-90)" text-anchor="middle">fraction correct</text>

            """
        for bin in before.bins where bin.count > 0 {
            svg += """
                <rect x="\(fixed(px(bin.lower), 1))" y="\(fixed(py(bin.fractionCorrect), 1))" width="\(fixed(px(bin.upper) - px(bin.lower), 1))" \
                height="\(fixed(py(0) - py(bin.fractionCorrect), 1))" fill="\(Self.before)" fill-opacity="0.15"/>

                """
        }
        svg += curve(before, color: Self.before)
        if let after { svg += curve(after, color: Self.after) }
        svg += histogram(before, top: histogramTop)
        svg += legend(before: before, after: after, top: legendTop)
        svg += "</svg>\n"
        return svg
    }

    static func curve(_ metrics: CalibrationMetrics, color: String) -> String {
        let points = metrics.curve.map { "\(fixed(px($0.meanScore), 1)),\(fixed(py($0.fractionCorrect), 1))" }
        guard !points.isEmpty else { return "" }
        var svg = "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
        for point in metrics.curve {
            svg += "<circle cx=\"\(fixed(px(point.meanScore), 1))\" cy=\"\(fixed(py(point.fractionCorrect), 1))\" r=\"3.5\" fill=\"\(color)\"/>\n"
        }
        return svg
    }

    static func legend(before: CalibrationMetrics, after: CalibrationMetrics?, top: Double) -> String {
        var rows = [(Self.before, "before: ECE \(fixed(before.ece, 3)), Brier \(fixed(before.brier, 3)), n \(before.count)")]
        if let after {
            rows.append((Self.after, "after: ECE \(fixed(after.ece, 3)), Brier \(fixed(after.brier, 3)), n \(after.count)"))
        }
        var svg = ""
        for (offset, row) in rows.enumerated() {
            let y = top + Double(offset) * 18
            svg += """
                <rect x="\(fixed(plotLeft, 1))" y="\(fixed(y - 9, 1))" width="12" height="12" fill="\(row.0)"/>
                <text x="\(fixed(plotLeft + 18, 1))" y="\(fixed(y + 1, 1))">\(escape(row.1))</text>

                """
        }
        return svg
    }

    /// The share of samples per bin, as bars under the plot.
    static func histogram(_ metrics: CalibrationMetrics, top: Double) -> String {
        let height = 40.0
        let largest = metrics.bins.map(\.count).max() ?? 0
        var svg = "<text x=\"\(fixed(plotLeft, 1))\" y=\"\(fixed(top - 4, 1))\">samples per bin (before)</text>\n"
        guard largest > 0 else { return svg }
        for bin in metrics.bins where bin.count > 0 {
            let barHeight = height * Double(bin.count) / Double(largest)
            svg += """
                <rect x="\(fixed(px(bin.lower), 1))" y="\(fixed(top + height - barHeight, 1))" width="\(fixed(px(bin.upper) - px(bin.lower), 1))" \
                height="\(fixed(barHeight, 1))" fill="#777" stroke="white"/>

                """
        }
        return svg
    }

    static func px(_ value: Double) -> Double { plotLeft + Probability.clamped(value) * plotSize }
    static func py(_ value: Double) -> Double { plotTop + (1 - Probability.clamped(value)) * plotSize }

    /// `value` with `digits` decimals (0…6), without Foundation formatting; "nan"/"inf" for
    /// non-finite values.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let digits = min(max(digits, 0), 6)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 1e15 else { return value.description }
        let whole = Int(scaled)
        let sign = value < 0 && whole != 0 ? "-" : ""
        let integer = whole / Int(scale)
        guard digits > 0 else { return "\(sign)\(integer)" }
        let fraction = String(whole % Int(scale))
        return "\(sign)\(integer).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }

    /// Escapes text for SVG content and attributes.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case let scalar where (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += " "
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
