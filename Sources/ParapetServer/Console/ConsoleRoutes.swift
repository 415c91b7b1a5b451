import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ParapetCore
import ParapetStore

/// The reviewer console: server-rendered pages under `/console` for working the review queue in a
/// browser.
///
/// - `GET /console/sign-in`, `POST /console/sign-in` (field `key`: a reviewer or admin key, checked
///   by the same `KeyAuthenticator` as the API; a client key is refused), `POST /console/sign-out`.
///   A sign-in opens a `ConsoleSessions` session whose token is the `parapet_console` cookie
///   (`HttpOnly; SameSite=Strict; Path=/console`); the key itself is never in a cookie or a page.
/// - `GET /console` (the queue), `GET /console/items/{id}` (one item),
///   `POST /console/items/{id}/claim`, `POST /console/items/{id}/decision`, `GET /console/stats`.
///
/// Claims and decisions go through `ReviewDesk`, exactly as the JSON API's do (same queue calls,
/// audit records and errors). Every POST form carries the session's CSRF token (the sign-in form a
/// token also set as a cookie), checked before anything else. Errors are HTML pages with the
/// API's status; a request without a live session is sent to the sign-in page. Every session
/// request re-reads its key, so a revoked key is signed out at once.
struct ConsoleRoutes: Sendable {
    typealias Context = ParapetRequestContext

    let desk: ReviewDesk
    let authenticator: KeyAuthenticator
    let keys: any KeyStore
    let sessions: ConsoleSessions
    /// The review statistics of the stats page (those of `GET /v1/review/stats`).
    let stats: ReviewStatsSource
    /// The largest form body accepted (the server's body limit).
    let maxBodyBytes: Int
    let logger: Logger

    /// The session cookie.
    static let sessionCookie = "parapet_console"
    /// The sign-in form's CSRF cookie (there is no session yet to hold the token).
    static let signInCookie = "parapet_console_signin"
    /// The most queue items a page shows.
    static let queueLimit = 200

    func register(on router: Router<Context>) {
        let console = router.group("console")
        console.get { request, _ in await page(request) { viewer in try await queuePage(request, viewer: viewer) } }
        console.get("sign-in") { request, _ in await signInPage(request) }
        console.post("sign-in") { request, _ in await signIn(request) }
        console.post("sign-out") { request, _ in
            await form(request) { _, _ in
                if let token = request.cookies[Self.sessionCookie]?.value { await sessions.close(token: token) }
                return ConsolePage.redirect(to: "/console/sign-in", setCookies: [Self.clearing(Self.sessionCookie)])
            }
        }
        console.get("items/{id}") { request, context in
            await page(request) { viewer in try await itemPage(request, id: context.parameters.require("id"), viewer: viewer) }
        }
        console.post("items/{id}/claim") { request, context in
            await form(request) { viewer, _ in
                let id = try context.parameters.require("id")
                _ = try await desk.claim(id: id, caller: viewer.key, requestID: context.requestID)
                return ConsolePage.redirect(to: "/console/items/\(HTML.pathSegment(id))?notice=claimed")
            }
        }
        console.get("stats") { request, _ in await page(request) { viewer in try await statsPage(request, viewer: viewer) } }
        console.post("items/{id}/decision") { request, context in
            await form(request) { viewer, fields in
                let id = try context.parameters.require("id")
                let input = try Self.decision(from: fields)
                _ = try await desk.decide(id: id, input: input, caller: viewer.key, requestID: context.requestID)
                return ConsolePage.redirect(to: "/console?notice=\(input.verdict.rawValue)&item=\(HTML.pathSegment(id))")
            }
        }
    }

    // MARK: - Sessions

    /// A page for a signed-in reviewer: without a live session, `303` to the sign-in page;
    /// any error, an HTML error page.
    private func page(_ request: Request, _ body: (ConsoleViewer) async throws -> Response) async -> Response {
        var viewer: ConsoleViewer?
        do {
            guard let signedIn = try await self.viewer(request) else { return Self.toSignIn(request) }
            viewer = signedIn
            return try await body(signedIn)
        } catch {
            return failure(error, viewer: viewer, request: request)
        }
    }

    /// A form post of a signed-in reviewer: the session, then the form, then its CSRF token, then
    /// `body`.
    private func form(_ request: Request, _ body: (ConsoleViewer, ConsoleForm) async throws -> Response) async -> Response {
        await page(request) { viewer in
            let fields = try await readForm(request)
            guard ConsoleSessions.csrfMatches(fields["csrf"], viewer.session.csrfToken) else {
                throw APIError.permission("the form's security token does not match your session; reload the page and try again")
            }
            return try await body(viewer, fields)
        }
    }

    /// The signed-in reviewer of the request, or nil (no cookie, no live session, or a key that is
    /// gone, revoked or no longer a reviewer's, which also ends the session).
    private func viewer(_ request: Request) async throws -> ConsoleViewer? {
        guard let token = request.cookies[Self.sessionCookie]?.value, let session = await sessions.session(token: token) else { return nil }
        let key = try await store("key lookup") { try await keys.key(id: session.keyID) }
        guard let key, !key.isRevoked, key.role >= .reviewer, key.tenant.utf8.elementsEqual(session.tenant.utf8) else {
            await sessions.close(token: token)
            return nil
        }
        return ConsoleViewer(key: key, session: session)
    }

    private func signInPage(_ request: Request) async -> Response {
        do {
            if try await viewer(request) != nil { return ConsolePage.redirect(to: Self.next(request.uri.queryParameters.get("next"))) }
        } catch {
            return failure(error, viewer: nil, request: request)
        }
        return freshSignIn(request)
    }

    /// The sign-in form with a new CSRF token in the form and in the sign-in cookie.
    private func freshSignIn(_ request: Request, status: HTTPResponse.Status = .ok, message: String? = nil) -> Response {
        let token = Hex.random(bytes: 32)
        let cookie = Self.cookie(Self.signInCookie, token, maxAge: 3_600, request: request)
        let next = request.uri.queryParameters.get("next").map { Self.next($0) }
        return ConsolePage.signIn(status: status, message: message, loginToken: token, next: next, setCookies: [cookie])
    }

    private func signIn(_ request: Request) async -> Response {
        let fields: ConsoleForm
        do {
            fields = try await readForm(request)
        } catch {
            return failure(error, viewer: nil, request: request)
        }
        guard let expected = request.cookies[Self.signInCookie]?.value, ConsoleSessions.csrfMatches(fields["csrf"], expected) else {
            return freshSignIn(request, status: .forbidden, message: "The sign-in form expired or your browser did not send its cookie. Try again.")
        }
        guard let secret = fields.trimmed("key") else { return freshSignIn(request, status: .badRequest, message: "Enter an API key.") }
        let key: APIKey
        do {
            key = try await authenticator.authenticate(authorization: "Bearer " + secret)
        } catch let error as APIError where error.status == .unauthorized {
            return freshSignIn(request, status: .unauthorized, message: "This key is not valid: it is unknown, malformed or revoked.")
        } catch {
            return failure(error, viewer: nil, request: request)
        }
        guard key.role >= .reviewer else {
            return freshSignIn(
                request, status: .forbidden,
                message: "This key has the \(key.role.rawValue) role. The console needs a key with the reviewer or admin role.")
        }
        // A new sign-in never reuses the browser's earlier session.
        if let earlier = request.cookies[Self.sessionCookie]?.value { await sessions.close(token: earlier) }
        let (token, _) = await sessions.open(for: key)
        let session = Self.cookie(Self.sessionCookie, token, maxAge: Int(sessions.lifetime), request: request)
        return ConsolePage.redirect(to: Self.next(fields["next"]), setCookies: [session, Self.clearing(Self.signInCookie)])
    }

    // MARK: - Helpers

    /// The fields of a form post: `application/x-www-form-urlencoded`, within the body limit.
    private func readForm(_ request: Request) async throws -> ConsoleForm {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw APIError.unsupportedMediaType("the console's forms post application/x-www-form-urlencoded")
        }
        let body = try await JSONBody(maxBytes: maxBodyBytes).collect(request)
        guard let fields = ConsoleForm(body.readableBytesView) else {
            throw APIError.invalidRequest("the form is malformed (a bad %-escape or invalid UTF-8)", code: "invalid_form")
        }
        return fields
    }

    /// The decision a form states: `verdict`, a reason code (`reason_other` when filled in, else
    /// the `reason` picked), an optional `comment`, and `edited_content` for an edit. Line breaks
    /// come from browsers as CR LF and are kept as LF.
    static func decision(from fields: ConsoleForm) throws -> ReviewDesk.DecisionInput {
        guard let verdict = fields["verdict"].flatMap(ReviewVerdict.init(rawValue:)) else {
            throw APIError.invalidRequest("verdict must be approve, reject or edit", param: "verdict", code: "invalid_value")
        }
        let reason = fields.trimmed("reason_other") ?? fields.trimmed("reason") ?? ""
        let comment = fields.trimmed("comment").map(lineFeeds)
        let edited = verdict == .edit ? fields["edited_content"].map(lineFeeds) : nil
        return ReviewDesk.DecisionInput(verdict: verdict, reasonCode: reason, comment: comment, editedContent: edited)
    }

    private static func lineFeeds(_ text: String) -> String {
        text.contains("\r") ? String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" })) : text
    }

    /// A call of a store; its failure is logged and answered 503.
    func store<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            logger.error("console: \(what) failed: \(error)")
            throw APIError.unavailable
        }
    }

    /// An error as an HTML page (a store failure is logged by the desk; anything unexpected here).
    private func failure(_ error: any Error, viewer: ConsoleViewer?, request: Request) -> Response {
        let apiError: APIError
        switch error {
        case let known as APIError: apiError = known
        case let http as any HTTPResponseError: apiError = EdgeMiddleware.translate(http.status, maxBodyBytes: maxBodyBytes)
        default:
            logger.error("console: unexpected error: \(error)")
            apiError = .internalError
        }
        let path = request.uri.path
        let back = path.hasPrefix("/console/items/") ? String(path.prefix { $0 != "?" }).replacingSuffix("/claim").replacingSuffix("/decision") : "/console"
        return ConsolePage.error(apiError, viewer: viewer, back: back)
    }

    /// `303` to the sign-in page, coming back to this page (if it was a GET) once signed in.
    private static func toSignIn(_ request: Request) -> Response {
        guard request.method == .get, request.uri.path != "/console" else { return ConsolePage.redirect(to: "/console/sign-in") }
        return ConsolePage.redirect(to: "/console/sign-in?next=" + HTML.pathSegment(request.uri.path))
    }

    /// Where to go after signing in: `next` when it is a console path (no host, no `//`, no
    /// backslash, nothing but path characters), else the queue.
    static func next(_ next: String?) -> String {
        guard let next, next.hasPrefix("/console"), next.utf8.count <= 256, !next.contains("//"),
            next.utf8.allSatisfy({ $0.isPathByte })
        else { return "/console" }
        return next
    }

    /// A console cookie: `HttpOnly; SameSite=Strict; Path=/console`, `Secure` when the request came
    /// over HTTPS (as a TLS-terminating proxy reports in `x-forwarded-proto`).
    static func cookie(_ name: String, _ value: String, maxAge: Int, request: Request) -> String {
        let secure = request.headers[Self.forwardedProto]?.lowercased() == "https"
        return "\(name)=\(value); Path=/console; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// Deletes a console cookie.
    static func clearing(_ name: String) -> String { "\(name)=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict" }

    private static let forwardedProto = HTTPField.Name("x-forwarded-proto") ?? .via
}

extension UInt8 {
    /// `A-Z a-z 0-9 / - . _ ~ %`: what a console path is made of.
    fileprivate var isPathByte: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A)
            || self == UInt8(ascii: "/") || self == UInt8(ascii: "-") || self == UInt8(ascii: ".") || self == UInt8(ascii: "_")
            || self == UInt8(ascii: "~") || self == UInt8(ascii: "%")
    }
}

extension String {
    /// The string without `suffix` at its end (unchanged when it does not end so).
    fileprivate func replacingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
