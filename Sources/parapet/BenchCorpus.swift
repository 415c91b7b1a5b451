/// Deterministic text for benchmarks: business English, optionally with PII, or mixed scripts.
enum BenchCorpus {
    static let paragraphs = [
        "The quarterly review covered revenue growth across the northern region, where the new onboarding flow cut churn by four percent. ",
        "Please summarise the attached meeting notes and list the decisions, the owners and the dates they committed to. ",
        "Our support team answered most tickets within two hours, although weekend coverage remains thin and needs another rotation. ",
        "Write a short, friendly reply to the customer explaining that the refund will arrive within five business days. ",
        "The engineering roadmap for next year focuses on reliability, lower latency in the checkout service and better observability. ",
        "Translate the following product description into French and keep the tone warm but professional for a European audience. ",
        "In the last sprint we migrated the billing jobs to the new scheduler and removed three legacy cron scripts from the old hosts. ",
        "Can you explain the difference between a mutex and a semaphore, with a small example in Swift or Rust? ",
    ]

    static func prose(bytes: Int) -> String {
        var out = ""
        out.reserveCapacity(bytes + 200)
        var i = 0
        while out.utf8.count < bytes {
            out += paragraphs[i % paragraphs.count]
            i += 1
        }
        return String(decoding: out.utf8.prefix(bytes), as: UTF8.self)
    }

    static func proseWithPII(bytes: Int) -> String {
        let pii = "Contact me at jane.doe@example.org or +1 (415) 555-0132; card 4111 1111 1111 1111, key AKIAZ7VRSQ4TLKPO3M2X. "
        let body = prose(bytes: max(0, bytes - pii.utf8.count))
        let half = body.index(body.startIndex, offsetBy: body.count / 2)
        return String(body[..<half]) + pii + String(body[half...])
    }

    static func mixedScript(bytes: Int) -> String {
        let parts = [
            "Der Bericht für das dritte Quartal zeigt Wachstum in Köln und München. ",
            "Отчёт за квартал показывает рост выручки в северном регионе. ",
            "季度报告显示北部地区收入增长，新的注册流程降低了流失率。 ",
            "Please review the ﬁnal numbers — ｔｈａｎｋｓ! ",
        ]
        var out = ""
        var i = 0
        while out.utf8.count < bytes {
            out += parts[i % parts.count]
            i += 1
        }
        var trimmed = out
        while trimmed.utf8.count > bytes { trimmed.removeLast() }
        return trimmed
    }
}
