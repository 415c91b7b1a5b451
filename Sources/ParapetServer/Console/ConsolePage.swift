import Foundation
import HTTPTypes
import Hummingbird
import ParapetCore
import ParapetStore

/// A reviewer signed in to the console: the key (re-read for this request) and the session.
struct ConsoleViewer: Sendable {
    var key: APIKey
    var session: ConsoleSessions.Session
}

/// The console's pages as HTTP responses: one layout (title, who is signed in, navigation, a
/// small inline style and the keyboard-shortcut script), security headers on every page, and the
/// sign-in, error and redirect responses.
///
/// The style and the script are literals of this file, allowed by a per-response CSP nonce; the
/// policy allows nothing else (no other script, no external resource, forms only to this origin,
/// no framing), so even markup that slipped through escaping could not run.
enum ConsolePage {
    /// A page: the layout around `content`, `text/html`, with the security headers.
    static func response(status: HTTPResponse.Status = .ok, title: String, viewer: ConsoleViewer?, content: HTML, setCookies: [String] = []) -> Response {
        let nonce = Hex.random(bytes: 16)
        let page: HTML = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Parapet review</title>
            <style nonce="\(nonce)">\(style)</style></head>
            <body>\(header(viewer))<main>
            \(content)
            </main>\(viewer == nil ? .empty : help)
            <script nonce="\(nonce)">\(script)</script>
            </body></html>
            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'nonce-\(nonce)'; script-src 'nonce-\(nonce)'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[Self.frameOptions] = "DENY"
        headers[Self.referrerPolicy] = "no-referrer"
        for cookie in setCookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page.markup)))
    }

    private static let frameOptions = HTTPField.Name("x-frame-options") ?? .via
    private static let referrerPolicy = HTTPField.Name("referrer-policy") ?? .via

    /// `303 See Other` to `location` (after a form post, or to the sign-in page).
    static func redirect(to location: String, setCookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        for cookie in setCookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// An error page with the status, the message and the code of `error`.
    static func error(_ error: APIError, viewer: ConsoleViewer?, back: String = "/console") -> Response {
        let content: HTML = """
            <h1>\(error.status.reasonPhrase)</h1>
            <p class="error" role="alert">\(error.message)</p>
            <p class="muted">status \(error.status.code)\(error.code.map { ", code \($0)" })</p>
            <p><a href="\(back)">Back</a></p>
            """
        return response(status: error.status, title: error.status.reasonPhrase, viewer: viewer, content: content)
    }

    /// The sign-in form; `loginToken` goes into the form and the `parapet_console_signin` cookie.
    /// `next` is the console page to open after signing in.
    static func signIn(status: HTTPResponse.Status = .ok, message: String? = nil, loginToken: String, next: String?, setCookies: [String] = []) -> Response {
        let content: HTML = """
            <h1>Sign in</h1>
            <p>Sign in with an API key of role <b>reviewer</b> or <b>admin</b>. The key is checked once and never kept in your browser: \
            the console gives you a session for 8 hours.</p>
            \(message.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML } ?? .empty)
            <form method="post" action="/console/sign-in" class="card" id="sign-in-form">
            <input type="hidden" name="csrf" value="\(loginToken)">
            \(next.map { "<input type=\"hidden\" name=\"next\" value=\"\($0)\">" as HTML } ?? .empty)
            <label for="key">API key</label>
            <input type="password" id="key" name="key" autocomplete="off" autofocus required spellcheck="false" placeholder="ppk_…">
            <button type="submit">Sign in</button>
            </form>
            <p class="muted">Sessions live in the server's memory: after a restart, sign in again. Already signed in? \
            <a href="\(next ?? "/console")" id="continue">Continue</a> (a link from another site arrives without the session cookie).</p>
            """
        return response(status: status, title: "Sign in", viewer: nil, content: content, setCookies: setCookies)
    }

    private static func header(_ viewer: ConsoleViewer?) -> HTML {
        guard let viewer else { return "<header><span class=\"brand\">Parapet review</span></header>" }
        return """
            <header><span class="brand">Parapet review</span>
            <nav><a href="/console">Queue</a> <a href="/console/stats">Stats</a></nav>
            <span class="who">\(viewer.key.name) · \(viewer.key.role.rawValue) · tenant \(viewer.key.tenant)</span>
            <form method="post" action="/console/sign-out" class="inline"><input type="hidden" name="csrf" value="\(viewer.session.csrfToken)">\
            <button type="submit" class="link">Sign out</button></form>
            </header>
            """
    }

    /// The keyboard shortcuts, listed on every signed-in page (`?` shows or hides the list).
    private static let help: HTML = """
        <aside id="help" class="card"><h2>Keyboard</h2><dl class="keys">
        <dt>j / k</dt><dd>next / previous item in the queue</dd><dt>Enter</dt><dd>open the selected item</dd>
        <dt>c</dt><dd>claim the item</dd><dt>a</dt><dd>approve (with the selected reason)</dd>
        <dt>r</dt><dd>go to Reject: pick a reason, then press Reject</dd><dt>e</dt><dd>go to Edit: change the text, then press Save edit</dd>
        <dt>?</dt><dd>show or hide this list</dd></dl></aside>
        """

    private static let style: HTML = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{display:flex;gap:1.2em;align-items:center;padding:.6em 1.2em;background:#1d2330;color:#fff}
        header a,header .link{color:#cfe0ff}.brand{font-weight:600}.who{margin-left:auto;opacity:.85}
        main{padding:1em 1.2em;max-width:72em}h1{font-size:1.4em}h2{font-size:1.1em;margin:1.2em 0 .4em}
        table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #e3e6eb;vertical-align:top}
        tr.sel{outline:2px solid #3b6fd8;background:#eef3ff}pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #e3e6eb;padding:.6em;margin:.3em 0}
        .card{background:#fff;border:1px solid #e3e6eb;padding:.8em 1em;margin:.8em 0}.muted{color:#667}
        .error{color:#a11;font-weight:600}.notice{color:#14622b;font-weight:600}.inline{display:inline;margin:0}
        .link{background:none;border:0;padding:0;cursor:pointer;text-decoration:underline;font:inherit}
        .actions{display:flex;flex-wrap:wrap;gap:1em}.actions form{flex:1 1 20em}label{display:block;margin:.3em 0 .1em}
        textarea{width:100%;min-height:7em;font:inherit}input[type=text],input[type=password],select{width:100%;max-width:32em;font:inherit}
        button{font:inherit;padding:.3em .9em;margin-top:.5em}.keys dt{font-family:monospace;font-weight:600;float:left;width:5em}.keys dd{margin-left:6em}
        .role{font-weight:600}.flag{padding:0 .4em;border-radius:.3em;background:#e3f3e6}.flag.warn{background:#fde8c8;font-weight:600}
        .reasons{margin:0;padding-left:1.1em}
        """

    private static let script: HTML = """
        (function () {
          var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-href]'));
          var at = rows.length ? 0 : -1;
          function mark() {
            rows.forEach(function (row, i) { row.classList.toggle('sel', i === at); });
            if (at >= 0) { rows[at].scrollIntoView({block: 'nearest'}); }
          }
          function submit(id) {
            var form = document.getElementById(id);
            if (!form) { return false; }
            if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
            return true;
          }
          function focus(id) {
            var element = document.getElementById(id);
            if (!element) { return false; }
            element.scrollIntoView({block: 'center'});
            element.focus();
            return true;
          }
          mark();
          document.addEventListener('keydown', function (event) {
            if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) { return; }
            var tag = event.target && event.target.tagName;
            if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'BUTTON' || tag === 'A') { return; }
            var handled = true;
            switch (event.key) {
              case 'j': if (at < rows.length - 1) { at += 1; mark(); } break;
              case 'k': if (at > 0) { at -= 1; mark(); } break;
              case 'Enter': if (at >= 0) { window.location.href = rows[at].getAttribute('data-href'); } else { handled = false; } break;
              case 'c': handled = submit('claim-form'); break;
              case 'a': handled = submit('approve-form'); break;
              case 'r': handled = focus('reject-reason'); break;
              case 'e': handled = focus('edit-content'); break;
              case '?': var help = document.getElementById('help'); if (help) { help.hidden = !help.hidden; } break;
              default: handled = false;
            }
            if (handled) { event.preventDefault(); }
          });
        })();
        """
}
