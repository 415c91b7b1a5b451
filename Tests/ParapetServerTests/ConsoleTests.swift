import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetCore
@testable import ParapetServer
import ParapetStore
import ParapetTesting
import Testing

/// The reviewer console at `/console`: sign-in and sessions, CSRF, the queue, escaping, and
/// decisions taken in the console releasing held answers exactly as the JSON API does.
@Suite(.serialized) struct ConsoleTests {
    /// A signed-in browser: the session cookie and the CSRF token of its forms.
    struct Browser {
        var cookie: String
        var csrf: String
    }

    static let form = "application/x-www-form-urlencoded"

    static func headers(cookie: String? = nil, form: Bool = false) -> HTTPFields {
        var fields = HTTPFields()
        if let cookie { fields[.cookie] = cookie }
        if form { fields[.contentType] = Self.form }
        return fields
    }

    /// The value of `name` in the response's `Set-Cookie` headers (and the whole header).
    static func setCookie(_ response: TestResponse, _ name: String) -> (value: String, header: String)? {
        for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
            let value = header.dropFirst(name.count + 1).prefix { $0 != ";" }
            return (String(value), header)
        }
        return nil
    }

    /// The first `value="…"` after `name="field"` in a page.
    static func field(_ page: String, _ name: String) -> String? {
        guard let start = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(page[start.upperBound...].prefix { $0 != "\"" })
    }

    static func encode(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    /// Opens the sign-in page and posts `secret` from it.
    static func postSignIn(_ client: some TestClientProtocol, secret: String, next: String? = nil) async throws -> TestResponse {
        let page = try await client.execute(uri: "/console/sign-in", method: .get)
        let login = try #require(setCookie(page, "parapet_console_signin"))
        let token = try #require(field(text(page), "csrf"))
        return try await client.execute(
            uri: "/console/sign-in", method: .post, headers: headers(cookie: "parapet_console_signin=\(login.value)", form: true),
            body: encode([("csrf", token), ("key", secret)] + (next.map { [("next", $0)] } ?? [])))
    }

    static func signIn(_ client: some TestClientProtocol, _ t: TestServer, _ name: String) async throws -> Browser {
        let response = try await postSignIn(client, secret: try #require(t.secrets[name]))
        #expect(response.status == .seeOther)
        let session = try #require(setCookie(response, "parapet_console"))
        let cookie = "parapet_console=\(session.value)"
        let queue = try await client.execute(uri: "/console", method: .get, headers: headers(cookie: cookie))
        #expect(queue.status == .ok)
        return Browser(cookie: cookie, csrf: try #require(field(text(queue), "csrf")))
    }

    static func post(_ client: some TestClientProtocol, _ browser: Browser, _ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        try await client.execute(
            uri: path, method: .post, headers: headers(cookie: browser.cookie, form: true), body: encode([("csrf", browser.csrf)] + fields))
    }

    static func get(_ client: some TestClientProtocol, _ browser: Browser, _ path: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: headers(cookie: browser.cookie))
    }

    /// A pending item of `tenant` put straight into the queue.
    static func item(
        _ id: String, tenant: String = "tenant-a", priority: Double = 0.5, content: String = "Maybe.", request: String? = nil,
        triggers: String = #"[{"kind":"confidence_band","priority":50,"detail":"review tier"}]"#, requiredApprovals: Int = 1
    ) -> ReviewItem {
        let now = Date()
        let suggestion = #"{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"#
            + JSON.string(content).description + #"},"finish_reason":"stop"}]}"#
        let summary = request ?? #"{"route":"chat","messages":[{"role":"user","content":"Is the sky blue?"}]}"#
        return ReviewItem(
            id: id, tenant: tenant, route: "chat", kind: .preAction, level: .medium, priority: priority, requiredApprovals: requiredApprovals,
            requiresSenior: false, createdAt: now, expiresAt: now.addingTimeInterval(3_600), onExpiry: .reject, request: Array(summary.utf8),
            suggestion: Array(suggestion.utf8), confidence: 0.6, findings: Array("[]".utf8), triggers: Array(triggers.utf8),
            reasoning: "confidence 0.60 in the review band")
    }

    // MARK: - Sign-in

    @Test func aReviewerSignsInWithAnHttpOnlyStrictCookieAndTheKeyIsNeverShown() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let secret = try #require(t.secrets["reviewerA"])
            let response = try await Self.postSignIn(client, secret: secret)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/console")
            let session = try #require(Self.setCookie(response, "parapet_console"))
            #expect(session.value.count == 64)
            let attributes = Set(session.header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.contains("HttpOnly"))
            #expect(attributes.contains("SameSite=Strict"))
            #expect(attributes.contains("Path=/console"))
            #expect(!session.header.contains(secret))
            // The sign-in cookie is cleared.
            #expect(Self.setCookie(response, "parapet_console_signin")?.header.contains("Max-Age=0") == true)

            let queue = try await client.execute(uri: "/console", method: .get, headers: Self.headers(cookie: "parapet_console=\(session.value)"))
            #expect(queue.status == .ok)
            #expect(queue.headers[.contentType] == "text/html; charset=utf-8")
            let csp = try #require(queue.headers[.contentSecurityPolicy])
            #expect(csp.contains("default-src 'none'"))
            #expect(csp.contains("script-src 'nonce-"))
            let page = text(queue)
            #expect(page.contains("Review queue"))
            #expect(page.contains("reviewerA"))
            #expect(!page.contains(secret))
            #expect(page.contains("j / k"))
        }
    }

    @Test func aClientKeyAWrongKeyAndAMissingSignInCookieAreRefused() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let refused = try await Self.postSignIn(client, secret: try #require(t.secrets["clientA"]))
            #expect(refused.status == .forbidden)
            #expect(text(refused).contains("The console needs a key with the reviewer or admin role"))
            #expect(Self.setCookie(refused, "parapet_console") == nil)

            let wrong = try await Self.postSignIn(client, secret: "ppk_" + String(repeating: "0", count: 40))
            #expect(wrong.status == .unauthorized)
            #expect(text(wrong).contains("This key is not valid"))
            #expect(Self.setCookie(wrong, "parapet_console") == nil)

            let empty = try await Self.postSignIn(client, secret: "  ")
            #expect(empty.status == .badRequest)

            // A sign-in form posted from elsewhere has no matching sign-in cookie.
            let forged = try await client.execute(
                uri: "/console/sign-in", method: .post, headers: Self.headers(form: true),
                body: Self.encode([("csrf", String(repeating: "a", count: 64)), ("key", try #require(t.secrets["reviewerA"]))]))
            #expect(forged.status == .forbidden)
            #expect(Self.setCookie(forged, "parapet_console") == nil)

            let admin = try await Self.postSignIn(client, secret: try #require(t.secrets["adminA"]))
            #expect(admin.status == .seeOther)
        }
    }

    @Test func withoutASessionEveryPageRedirectsToSignIn() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let queue = try await client.execute(uri: "/console", method: .get)
            #expect(queue.status == .seeOther)
            #expect(queue.headers[.location] == "/console/sign-in")
            let item = try await client.execute(uri: "/console/items/rev_1", method: .get, headers: Self.headers(cookie: "parapet_console=" + String(repeating: "b", count: 64)))
            #expect(item.status == .seeOther)
            #expect(item.headers[.location] == "/console/sign-in?next=%2Fconsole%2Fitems%2Frev_1")
            let claim = try await client.execute(uri: "/console/items/rev_1/claim", method: .post, headers: Self.headers(cookie: "parapet_console=junk", form: true))
            #expect(claim.status == .seeOther)
            #expect(claim.headers[.location] == "/console/sign-in")
            // The sign-in page carries `next` on, and signing in goes there; only to console paths.
            let signIn = text(try await client.execute(uri: "/console/sign-in?next=%2Fconsole%2Fitems%2Frev_1", method: .get))
            #expect(signIn.contains(#"name="next" value="/console/items/rev_1""#))
            #expect(signIn.contains(#"href="/console/items/rev_1" id="continue""#))
            let secret = try #require(t.secrets["reviewerA"])
            #expect(try await Self.postSignIn(client, secret: secret, next: "/console/items/rev_1").headers[.location] == "/console/items/rev_1")
            #expect(try await Self.postSignIn(client, secret: secret, next: "https://evil.example/").headers[.location] == "/console")
            #expect(ConsoleRoutes.next("/console/items/rev_1") == "/console/items/rev_1")
            #expect(ConsoleRoutes.next("https://evil.example/console") == "/console")
            #expect(ConsoleRoutes.next("/console//evil.example") == "/console")
            #expect(ConsoleRoutes.next("/v1/admin/keys") == "/console")
        }
    }

    @Test func signOutAndARevokedKeyEndTheSession() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let first = try await Self.signIn(client, t, "reviewerA")
            let out = try await Self.post(client, first, "/console/sign-out", [])
            #expect(out.status == .seeOther)
            #expect(Self.setCookie(out, "parapet_console")?.header.contains("Max-Age=0") == true)
            #expect(try await Self.get(client, first, "/console").status == .seeOther)

            let second = try await Self.signIn(client, t, "reviewerA")
            let key = try #require(t.keys["reviewerA"])
            _ = try await t.stores.keys.revoke(id: key.id, tenant: key.tenant, at: Date())
            #expect(try await Self.get(client, second, "/console").status == .seeOther)
        }
    }

    @Test func sessionsExpireAfterTheirLifetimeAndStayBounded() async throws {
        let sessions = ConsoleSessions(lifetime: 8 * 3_600, capacity: 2)
        let key = KeyMinter.mint(tenant: "t", role: .reviewer, name: "r").key
        let start = Date()
        func live(_ token: String, _ seconds: TimeInterval) async -> Bool { await sessions.session(token: token, now: start.addingTimeInterval(seconds)) != nil }
        let a = await sessions.open(for: key, now: start)
        #expect(a.session.keyID == key.id)
        #expect(a.session.csrfToken.count == 64 && a.session.csrfToken != a.token)
        #expect(await live(a.token, 8 * 3_600 - 1))
        #expect(!(await live(a.token, 8 * 3_600 + 1)))
        let b = await sessions.open(for: key, now: start).token
        let c = await sessions.open(for: key, now: start.addingTimeInterval(1)).token
        let d = await sessions.open(for: key, now: start.addingTimeInterval(2)).token
        #expect(await sessions.count <= 2)
        #expect(!(await live(b, 3)))
        #expect(await live(c, 3))
        #expect(await live(d, 3))
        #expect(!(await live("not-a-token", 0)))
        await sessions.close(token: c)
        #expect(!(await live(c, 3)))
    }

    // MARK: - CSRF

    @Test func aFormWithoutTheSessionsTokenChangesNothing() async throws {
        let t = try await TestServer()
        try await t.stores.reviews.enqueue(Self.item("rev_csrf"))
        try await t.app.test(.router) { client in
            let browser = try await Self.signIn(client, t, "reviewerA")
            let before = try await t.auditCount()
            let forged = try await client.execute(
                uri: "/console/items/rev_csrf/claim", method: .post, headers: Self.headers(cookie: browser.cookie, form: true),
                body: Self.encode([("csrf", String(repeating: "0", count: 64))]))
            #expect(forged.status == .forbidden)
            #expect(forged.headers[.contentType] == "text/html; charset=utf-8")
            let missing = try await client.execute(
                uri: "/console/items/rev_csrf/decision", method: .post, headers: Self.headers(cookie: browser.cookie, form: true),
                body: Self.encode([("verdict", "approve"), ("reason", "looks_right")]))
            #expect(missing.status == .forbidden)
            // Another session's token does not work either.
            let other = try await Self.signIn(client, t, "adminA")
            let crossed = try await client.execute(
                uri: "/console/items/rev_csrf/claim", method: .post, headers: Self.headers(cookie: browser.cookie, form: true),
                body: Self.encode([("csrf", other.csrf)]))
            #expect(crossed.status == .forbidden)
            let item = try #require(try await t.stores.reviews.item(id: "rev_csrf", tenant: "tenant-a"))
            #expect(item.lease == nil)
            #expect(try await t.auditCount() == before)
        }
    }

    // MARK: - Queue and item pages

    @Test func theQueueShowsTheTenantsPendingItemsHighestPriorityFirst() async throws {
        let t = try await TestServer()
        for (id, priority) in [("rev_low", 0.2), ("rev_high", 0.9), ("rev_mid", 0.5)] {
            try await t.stores.reviews.enqueue(Self.item(id, priority: priority))
        }
        try await t.stores.reviews.enqueue(Self.item("rev_other_tenant", tenant: "tenant-b", priority: 1))
        try await t.app.test(.router) { client in
            let browser = try await Self.signIn(client, t, "reviewerA")
            let page = text(try await Self.get(client, browser, "/console"))
            let order = ["rev_high", "rev_mid", "rev_low"].map { page.range(of: "data-id=\"\($0)\"")?.lowerBound }
            let positions = order.compactMap { $0 }
            #expect(positions.count == 3)
            #expect(positions == positions.sorted())
            #expect(!page.contains("rev_other_tenant"))
            #expect(page.contains("<td>0/1</td>"))
            #expect(page.contains("<td>0.90</td>"))
            #expect(page.contains("<td>0.60</td>"))
        }
    }

    @Test func hostileRequestsSuggestionsAndTriggersAreEscaped() async throws {
        let t = try await TestServer()
        let hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"
        let request = #"{"route":"chat","messages":[{"role":"user","content":"#
            + JSON.string(hostile).description + #"}]}"#
        let triggers = #"[{"kind":"category","priority":60,"detail":"#
            + JSON.string(hostile).description + "}]"
        try await t.stores.reviews.enqueue(Self.item("rev_hostile", content: hostile, request: request, triggers: triggers))
        try await t.app.test(.router) { client in
            let browser = try await Self.signIn(client, t, "reviewerA")
            _ = try await Self.post(client, browser, "/console/items/rev_hostile/claim", [])
            let page = text(try await Self.get(client, browser, "/console/items/rev_hostile"))
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("<img src=x"))
            let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
            // In the request, the suggestion, the edit box and the triggers table.
            #expect(page.components(separatedBy: escaped).count - 1 == 4)
            // The only scripts are the console's own, under the page's nonce.
            #expect(page.components(separatedBy: "<script").count - 1 == 1)
        }
        #expect(HTML.escape("a&b<c>\"d'") == "a&amp;b&lt;c&gt;&quot;d&#39;")
    }

    @Test func aBadFormOrAnUnknownItemIsAnHTMLErrorPage() async throws {
        let t = try await TestServer()
        try await t.stores.reviews.enqueue(Self.item("rev_err"))
        try await t.app.test(.router) { client in
            let browser = try await Self.signIn(client, t, "reviewerA")
            let missing = try await Self.get(client, browser, "/console/items/rev_nope")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
            #expect(text(missing).contains("no review item rev_nope"))
            let unclaimed = try await Self.post(client, browser, "/console/items/rev_err/decision", [("verdict", "approve"), ("reason", "looks_right")])
            #expect(unclaimed.status == .conflict)
            #expect(text(unclaimed).contains("not_lease_holder"))
            _ = try await Self.post(client, browser, "/console/items/rev_err/claim", [])
            let noVerdict = try await Self.post(client, browser, "/console/items/rev_err/decision", [("verdict", "maybe"), ("reason", "x")])
            #expect(noVerdict.status == .badRequest)
            let noReason = try await Self.post(client, browser, "/console/items/rev_err/decision", [("verdict", "reject"), ("reason", " ")])
            #expect(noReason.status == .badRequest)
            #expect(text(noReason).contains("reason_code must be 1…64 bytes"))
            let json = try await client.execute(
                uri: "/console/items/rev_err/claim", method: .post, headers: Self.headers(cookie: browser.cookie), body: ByteBuffer(string: "{}"))
            #expect(json.status == .unsupportedMediaType)
            let badEscape = try await client.execute(
                uri: "/console/items/rev_err/claim", method: .post, headers: Self.headers(cookie: browser.cookie, form: true),
                body: ByteBuffer(string: "csrf=\(browser.csrf)&x=%zz"))
            #expect(badEscape.status == .badRequest)
        }
    }

    // MARK: - Decisions through the console

    @Test func aClaimAndApprovalInTheConsoleReleaseTheHeldAnswerOnce() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await QualityTests.server(upstream, route: QualityTests.confidenceRoute("{ auto: 0.8, reject: 0.4 }"))
            try await t.app.test(.router) { client in
                upstream.enqueue([QualityTests.middling])
                let held = try await QualityTests.call(client, t, QualityTests.askConfident)
                #expect(held.status == .accepted)
                let id = try #require(try object(held)["id"] as? String)
                let location = try #require(held.headers[.location])

                let browser = try await Self.signIn(client, t, "reviewerA")
                #expect(text(try await Self.get(client, browser, "/console")).contains("data-id=\"\(id)\""))
                let page = text(try await Self.get(client, browser, "/console/items/\(id)"))
                #expect(page.contains("<pre id=\"suggestion\">Maybe.</pre>"))
                #expect(page.contains("Is the sky blue?"))
                #expect(page.contains("id=\"claim-form\""))
                #expect(!page.contains("id=\"approve-form\""))

                let claimed = try await Self.post(client, browser, "/console/items/\(id)/claim", [])
                #expect(claimed.status == .seeOther)
                #expect(claimed.headers[.location] == "/console/items/\(id)?notice=claimed")
                let holding = text(try await Self.get(client, browser, "/console/items/\(id)?notice=claimed"))
                #expect(holding.contains("id=\"approve-form\""))
                #expect(holding.contains("You hold this item now"))
                // Another reviewer cannot take it meanwhile (the API's rule and error).
                let other = try await Self.signIn(client, t, "adminA")
                let taken = try await Self.post(client, other, "/console/items/\(id)/claim", [])
                #expect(taken.status == .conflict)
                #expect(text(taken).contains("held_by_other"))

                let approved = try await Self.post(client, browser, "/console/items/\(id)/decision", [("verdict", "approve"), ("reason", "looks_right"), ("reason_other", "")])
                #expect(approved.status == .seeOther)
                #expect(approved.headers[.location] == "/console?notice=approve&item=\(id)")
                #expect(!text(try await Self.get(client, browser, "/console")).contains("data-id=\"\(id)\""))

                let released = try await QualityTests.review(client, t, location + "?wait=5", key: "clientA")
                #expect(released.status == .ok)
                #expect(try QualityTests.content(released) == "Maybe.")
                let again = try await QualityTests.review(client, t, location, key: "clientA")
                #expect(again.status == .conflict)
                #expect(try GovernanceTests.error(again)["code"] as? String == "already_released")

                // The same audit records as the JSON API writes, by the reviewer's key.
                let records = try await t.stores.audit.scan(after: 0, limit: 1_000).map(\.entry)
                let reviewerID = try #require(t.keys["reviewerA"]?.id)
                let actions = records.filter { $0.keyID == reviewerID }.compactMap { $0.metadataJSON }
                #expect(actions.contains { $0.contains(#""action":"review.claim""#) && $0.contains(id) })
                #expect(actions.contains { $0.contains(#""action":"review.decision""#) && $0.contains(#""verdict":"approve""#) && $0.contains(#""reason_code":"looks_right""#) })
            }
        }
    }

    @Test func aRejectionAndAnEditInTheConsole() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await QualityTests.server(upstream, route: QualityTests.confidenceRoute("{ auto: 0.8, reject: 0.4 }"))
            try await t.app.test(.router) { client in
                upstream.enqueue([QualityTests.middling, QualityTests.middling])
                let first = try #require(try object(try await QualityTests.call(client, t, QualityTests.askConfident))["id"] as? String)
                let second = try #require(try object(try await QualityTests.call(client, t, QualityTests.askConfident))["id"] as? String)
                let browser = try await Self.signIn(client, t, "reviewerA")

                _ = try await Self.post(client, browser, "/console/items/\(first)/claim", [])
                let rejected = try await Self.post(
                    client, browser, "/console/items/\(first)/decision", [("verdict", "reject"), ("reason", "wrong_answer"), ("reason_other", "made_up_fact"), ("comment", "no")])
                #expect(rejected.status == .seeOther)
                let refusal = try await QualityTests.review(client, t, "/v1/reviews/\(first)", key: "clientA")
                #expect(refusal.status == .unprocessableContent)
                let error = try GovernanceTests.error(refusal)
                #expect(error["type"] as? String == "review_rejected")
                #expect(error["code"] as? String == "made_up_fact")

                _ = try await Self.post(client, browser, "/console/items/\(second)/claim", [])
                let edited = try await Self.post(
                    client, browser, "/console/items/\(second)/decision", [("verdict", "edit"), ("reason", "factual_fix"), ("edited_content", "Yes.\r\nIt is blue.")])
                #expect(edited.status == .seeOther)
                let delivered = try await QualityTests.review(client, t, "/v1/reviews/\(second)", key: "clientA")
                #expect(delivered.status == .ok)
                #expect(try QualityTests.content(delivered) == "Yes.\nIt is blue.")
                let page = text(try await Self.get(client, browser, "/console/items/\(first)"))
                #expect(page.contains("<td id=\"status\">rejected</td>"))
                #expect(page.contains("made_up_fact"))
            }
        }
    }

    @Test func twoRequiredApprovalsNeedTwoReviewers() async throws {
        let t = try await TestServer()
        try await t.stores.reviews.enqueue(Self.item("rev_two", requiredApprovals: 2))
        try await t.app.test(.router) { client in
            let first = try await Self.signIn(client, t, "reviewerA")
            _ = try await Self.post(client, first, "/console/items/rev_two/claim", [])
            _ = try await Self.post(client, first, "/console/items/rev_two/decision", [("verdict", "approve"), ("reason", "looks_right")])
            let waiting = text(try await Self.get(client, first, "/console/items/rev_two"))
            #expect(waiting.contains("<td id=\"approvals\">1/2</td>"))
            #expect(waiting.contains("it waits for another reviewer"))
            #expect(try await QualityTests.review(client, t, "/v1/reviews/rev_two", key: "clientA").status == .accepted)
            #expect(try await Self.post(client, first, "/console/items/rev_two/claim", []).status == .conflict)

            let second = try await Self.signIn(client, t, "adminA")
            _ = try await Self.post(client, second, "/console/items/rev_two/claim", [])
            _ = try await Self.post(client, second, "/console/items/rev_two/decision", [("verdict", "approve"), ("reason", "verified_source")])
            let released = try await QualityTests.review(client, t, "/v1/reviews/rev_two", key: "clientA")
            #expect(released.status == .ok)
            #expect(try await QualityTests.review(client, t, "/v1/reviews/rev_two", key: "clientA").status == .conflict)
        }
    }

    @Test func anotherTenantsItemIsNotFound() async throws {
        let t = try await TestServer()
        try await t.stores.reviews.enqueue(Self.item("rev_a"))
        try await t.app.test(.router) { client in
            let outsider = try await Self.signIn(client, t, "adminB")
            #expect(!text(try await Self.get(client, outsider, "/console")).contains("rev_a"))
            #expect(try await Self.get(client, outsider, "/console/items/rev_a").status == .notFound)
            #expect(try await Self.post(client, outsider, "/console/items/rev_a/claim", []).status == .notFound)
            #expect(try await Self.post(client, outsider, "/console/items/rev_a/decision", [("verdict", "reject"), ("reason", "x")]).status == .notFound)
            let item = try #require(try await t.stores.reviews.item(id: "rev_a", tenant: "tenant-a"))
            #expect(item.lease == nil)
            #expect(item.decisions.isEmpty)
        }
    }

    // MARK: - Stats

    @Test func theStatsPageShowsRatesFlagsAndOverrides() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await QualityTests.server(upstream, route: QualityTests.confidenceRoute("{ auto: 0.8, reject: 0.4 }"))
            try await t.app.test(.router) { client in
                var held: [String] = []
                for _ in 0..<5 {
                    upstream.enqueue([QualityTests.middling])
                    let response = try await GovernanceTests.call(client, t, body: QualityTests.askConfident, headers: ["x-parapet-feature": "refund"])
                    #expect(response.status == .accepted)
                    held.append(try #require(try object(response)["id"] as? String))
                }
                let browser = try await Self.signIn(client, t, "reviewerA")
                for (index, id) in held.prefix(4).enumerated() {
                    _ = try await Self.post(client, browser, "/console/items/\(id)/claim", [])
                    let verdict = index == 0 ? ("approve", "looks_right") : ("reject", "hallucination")
                    _ = try await Self.post(client, browser, "/console/items/\(id)/decision", [("verdict", verdict.0), ("reason", verdict.1)])
                }
                let response = try await Self.get(client, browser, "/console/stats")
                #expect(response.status == .ok)
                let page = text(response)
                // confident: 5 calls, 5 held → 100 %, recalibrate; 3 of 4 decisions overrode the model.
                #expect(page.contains("<tr data-route=\"confident\"><td>confident</td><td>5</td><td>5</td><td>0</td><td>100.0 %</td>"))
                #expect(page.contains("data-flag=\"recalibrate\""))
                #expect(page.contains("<td>75.0 %</td>"))
                #expect(page.contains("hallucination: 3 (75.0 %)"))
                #expect(page.contains("data-flag=\"revise_prompt\""))
                #expect(page.contains("<tr><td>refund</td><td>5</td><td>5</td><td><span class=\"flag warn\" data-flag=\"do_not_automate_yet\">do not automate yet</span></td></tr>"))

                let empty = text(try await Self.get(client, browser, "/console/stats?since=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z"))
                #expect(empty.contains("No gateway call in this period."))
                #expect(empty.contains("<span id=\"since\">2000-01-01T00:00:00"))
                let bad = try await Self.get(client, browser, "/console/stats?since=yesterday")
                #expect(bad.status == .badRequest)
                #expect(bad.headers[.contentType] == "text/html; charset=utf-8")
                #expect(text(bad).contains("since must be an RFC 3339 date-time"))
                // Another tenant's numbers are its own.
                let outsider = try await Self.signIn(client, t, "adminB")
                #expect(text(try await Self.get(client, outsider, "/console/stats")).contains("No gateway call in this period."))
            }
        }
    }

    @Test func formsAreDecodedStrictly() {
        func parse(_ text: String) -> ConsoleForm? { ConsoleForm(Array(text.utf8)) }
        let form = parse("a=1+2&b=%E2%9C%93&a=ignored&empty=&flag")
        #expect(form?["a"] == "1 2")
        #expect(form?["b"] == "✓")
        #expect(form?["empty"] == "")
        #expect(form?["flag"] == "")
        #expect(parse("a=%4") == nil)
        #expect(parse("a=%FF") == nil)
    }
}
