import Foundation
import ParapetStore

/// Who a call is charged to, as the budget rules see it.
public struct BudgetSubjects: Sendable, Hashable {
    public var tenant: String
    public var keyID: String
    public var user: String?
    public var session: String?
    public var feature: String?

    public init(tenant: String, keyID: String, user: String?, session: String?, feature: String?) {
        self.tenant = tenant
        self.keyID = keyID
        self.user = user
        self.session = session
        self.feature = feature
    }

    func subject(for scope: BudgetRule.Scope) -> String? {
        switch scope {
        case .key: keyID
        case .user: user
        case .session: session
        case .feature: feature
        }
    }
}

/// Turns budget rules into the accounts of one call.
public enum BudgetPlan {
    /// The accounts the rules charge, in rule order; a rule whose subject the call does not carry
    /// (no `x-parapet-user`, …) does not apply. Account names:
    /// `tenant/scope/rule/subject/period`, with subjects percent-escaped so no two differ only by a `/`.
    public static func charges(_ rules: [BudgetRule], subjects: BudgetSubjects, at date: Date) -> [(rule: BudgetRule, charge: BudgetCharge)] {
        rules.compactMap { rule in
            guard let subject = subjects.subject(for: rule.scope) else { return nil }
            let account = [escape(subjects.tenant), rule.scope.rawValue, escape(rule.name), escape(subject), period(rule.period, date)].joined(separator: "/")
            return (rule, BudgetCharge(account: account, tokenLimit: rule.tokens, costLimitNanos: rule.costNanos))
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "/" || scalar == "%" {
                out += scalar == "/" ? "%2F" : "%25"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `day:2026-11-21`, `month:2026-11` (UTC) or `total`.
    static func period(_ period: BudgetRule.Period, _ date: Date) -> String {
        let days = Int(floor(date.timeIntervalSince1970 / 86_400))
        let (year, month, day) = civil(daysSinceEpoch: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        switch period {
        case .day: return "day:\(year)-\(two(month))-\(two(day))"
        case .month: return "month:\(year)-\(two(month))"
        case .total: return "total"
        }
    }

    /// Gregorian year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(daysSinceEpoch: Int) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
