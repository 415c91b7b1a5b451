#!/usr/bin/env python3
"""End-to-end test of the reviewer console in headless Chromium.

Against a running `parapet serve` whose routes hold answers for review, as a client and as
reviewers in a real browser:

1. a held answer (202) appears in the console's queue; a reviewer signs in, opens it with the
   keyboard (j/k, Enter), claims (c) and approves (a); the client then gets the answer exactly
   once (200, then 409 already_released);
2. the same with a rejection (mouse: claim, pick a reason, Reject): the client gets 422
   review_rejected with the reviewer's reason code; the request carries a <script> that must
   show as text and never run;
3. with --two-model: a route that needs two approvals; after the first reviewer approves the
   client still gets 202, after a second reviewer (another key) approves it gets 200 once.

A screenshot of an item page (claimed, with the decision forms; with --two-model the second
reviewer's view of the two-approval item) goes to --screenshot.

Needs selenium and Debian's chromium + chromium-driver. Every argument can also come from the
environment (PARAPET_BASE_URL, PARAPET_CLIENT_KEY, PARAPET_REVIEWER_KEY, PARAPET_REVIEWER2_KEY,
PARAPET_MODEL, PARAPET_TWO_MODEL). Exits 0 when every check passed, 1 otherwise.
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)
    print("ok:", message, flush=True)


def http(method, url, key, body=None, timeout=70):
    """(status, parsed JSON or text, headers) of one request."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", "Bearer " + key)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, headers = error.code, error.read(), error.headers
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = raw.decode("utf-8", "replace")
    return status, parsed, headers


class Client:
    """The application whose answers are held."""

    def __init__(self, base, key):
        self.base, self.key = base, key

    def hold(self, model, text):
        status, body, headers = http("POST", self.base + "/v1/chat/completions", self.key,
                                     {"model": model, "messages": [{"role": "user", "content": text}]})
        check(status == 202, f"the {model} request is held for review (202, got {status}: {body})")
        location = headers.get("Location")
        check(location == "/v1/reviews/" + body["id"], f"202 names its review {body['id']} in Location")
        return body["id"]

    def poll(self, review, wait=0):
        return http("GET", f"{self.base}/v1/reviews/{review}?wait={wait}", self.key)


class Console:
    """A reviewer's browser."""

    def __init__(self, base, chromium, chromedriver):
        self.base = base
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1280,1700", "--force-device-scale-factor=1"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
        self.wait = WebDriverWait(self.driver, 15)

    def close(self):
        self.driver.quit()

    def keys(self, text):
        ActionChains(self.driver).send_keys(text).perform()

    def wait_for(self, css):
        return self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def wait_for_url(self, fragment):
        self.wait.until(lambda driver: fragment in driver.current_url)

    def sign_in(self, key, who):
        self.driver.get(self.base + "/console")
        self.wait_for("#sign-in-form")
        check(self.driver.current_url.endswith("/console/sign-in"), f"without a session /console sends {who} to the sign-in page")
        field = self.driver.find_element(By.ID, "key")
        field.send_keys(key)
        field.submit()
        self.wait_for("header .who")
        check(key not in self.driver.page_source, f"{who} is signed in and the page never shows the key")
        cookies = {cookie["name"]: cookie for cookie in self.driver.get_cookies()}
        session = cookies.get("parapet_console")
        check(session is not None and session["httpOnly"] and session.get("sameSite") == "Strict" and session["path"] == "/console",
              "the session cookie is HttpOnly, SameSite=Strict, Path=/console")
        check(key not in json.dumps(list(cookies.values())), "no cookie holds the key")

    def sign_out(self):
        self.driver.find_element(By.CSS_SELECTOR, "header form button").click()
        self.wait_for("#sign-in-form")

    def queue(self):
        self.driver.get(self.base + "/console")
        self.wait_for("main h1")
        return [row.get_attribute("data-id") for row in self.driver.find_elements(By.CSS_SELECTOR, "#queue tbody tr")]

    def open_with_keyboard(self, review):
        """Moves the selection to `review` with j (and k) and opens it with Enter."""
        ids = self.queue()
        check(review in ids, f"{review} is in the queue")
        target = ids.index(review)
        if len(ids) > 1:
            self.keys("j" * (len(ids) - 1))  # to the bottom …
        if len(ids) - 1 - target > 0:
            self.keys("k" * (len(ids) - 1 - target))  # … and back up to the item
        selected = self.driver.find_element(By.CSS_SELECTOR, "#queue tr.sel").get_attribute("data-id")
        check(selected == review, f"j / k select {review}")
        self.keys("\ue007")  # Enter
        self.wait_for("#item-id")
        check(self.driver.find_element(By.ID, "item-id").text == review, f"Enter opens {review}")

    def open_with_mouse(self, review):
        ids = self.queue()
        check(review in ids, f"{review} is in the queue")
        self.driver.find_element(By.CSS_SELECTOR, f'#queue tr[data-id="{review}"] a').click()
        self.wait_for("#item-id")

    def claim_with_keyboard(self):
        self.keys("c")
        self.wait_for("#approve-form")
        check("You hold this item now" in self.driver.find_element(By.ID, "notice").text, "c claims the item")

    def claim_with_mouse(self):
        self.driver.find_element(By.ID, "claim").click()
        self.wait_for("#approve-form")

    def approve_with_keyboard(self, review):
        self.keys("a")
        self.wait_for_url("notice=approve")
        self.wait_for("#notice")
        check(review in self.driver.find_element(By.ID, "notice").text, "a approves the item")

    def approve_with_mouse(self):
        self.driver.find_element(By.ID, "approve").click()
        self.wait_for_url("notice=approve")

    def reject(self, reason):
        self.keys("r")
        active = self.driver.switch_to.active_element
        check(active.get_attribute("id") == "reject-reason", "r goes to the reject form's reason")
        Select(self.driver.find_element(By.ID, "reject-reason")).select_by_value(reason)
        self.driver.find_element(By.ID, "reject-comment").send_keys("not what the policy says")
        self.driver.find_element(By.ID, "reject").click()
        self.wait_for_url("notice=reject")

    def screenshot(self, path):
        """A PNG of the whole page (the window grows to the page's height, up to 2,400 px)."""
        height, chrome = self.driver.execute_script(
            "return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight]")
        self.driver.set_window_size(1280, min(max(height + chrome, 800), 2400))
        self.driver.execute_script("window.scrollTo(0, 0)")
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.driver.save_screenshot(path)
        self.driver.set_window_size(1280, 1700)
        check(os.path.getsize(path) > 10_000, f"screenshot of the item page saved to {path}")

    def text(self, element_id):
        return self.driver.find_element(By.ID, element_id).text


def expect_released(client, review, content):
    status, body, headers = client.poll(review, wait=10)
    check(status == 200, f"the client gets the held answer of {review} (200, got {status}: {body})")
    check(body["choices"][0]["message"]["content"] == content, "the body is the answer the reviewer saw")
    again, body, _ = client.poll(review)
    check(again == 409 and body["error"]["code"] == "already_released", "a second poll gets 409 already_released (exactly once)")


def approve_once(client, console, model, screenshot):
    review = client.hold(model, "Can I get a refund for order 1182? It arrived broken.")
    console.open_with_keyboard(review)
    suggestion = console.text("suggestion")
    check(suggestion != "", "the item page shows the model's suggestion")
    check("order 1182" in console.text("request"), "the item page shows the request")
    console.claim_with_keyboard()
    if screenshot:
        console.screenshot(screenshot)
    status, _, _ = client.poll(review)
    check(status == 202, "while it is claimed the client still gets 202")
    console.approve_with_keyboard(review)
    check(review not in console.queue(), "an approved item leaves the queue")
    expect_released(client, review, suggestion)


def reject_once(client, console, model):
    hostile = "<script>window.__parapet_pwned = 1</script><img src=x onerror=\"window.__parapet_pwned = 2\"> Refund order 99?"
    review = client.hold(model, hostile)
    console.open_with_mouse(review)
    check(hostile in console.text("request"), "a <script> in the request shows as text")
    check(console.driver.execute_script("return window.__parapet_pwned === undefined"), "and never runs")
    console.claim_with_mouse()
    console.reject("hallucination")
    status, body, _ = client.poll(review, wait=10)
    check(status == 422 and body["error"]["type"] == "review_rejected" and body["error"]["code"] == "hallucination",
          f"after a rejection the client gets 422 review_rejected with the reason (got {status}: {body})")
    status, _, _ = client.poll(review)
    check(status == 422, "and keeps getting it")


def approve_twice(client, console, model, second_key, screenshot):
    review = client.hold(model, "Order 1182 arrived broken. The customer wants the full 120.00 EUR back; is that within policy?")
    console.open_with_mouse(review)
    check(console.text("approvals") == "0/2", "the item needs two approvals")
    suggestion = console.text("suggestion")
    console.claim_with_mouse()
    console.approve_with_mouse()
    status, body, _ = client.poll(review)
    check(status == 202 and body["approvals"] == 1 and body["required_approvals"] == 2,
          f"after one approval the client still gets 202 with 1 of 2 approvals (got {status}: {body})")
    console.sign_out()
    console.sign_in(second_key, "the second reviewer")
    console.open_with_mouse(review)
    console.claim_with_mouse()
    check(console.text("approvals") == "1/2" and "approve" in console.text("decisions"), "the second reviewer sees the first approval")
    if screenshot:
        console.screenshot(screenshot)
    console.approve_with_mouse()
    expect_released(client, review, suggestion)


def main():
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=env("PARAPET_BASE_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--client-key", default=env("PARAPET_CLIENT_KEY"))
    parser.add_argument("--reviewer-key", default=env("PARAPET_REVIEWER_KEY"))
    parser.add_argument("--reviewer2-key", default=env("PARAPET_REVIEWER2_KEY"), help="a second reviewer, for --two-model")
    parser.add_argument("--model", default=env("PARAPET_MODEL", "refunds"), help="a route that holds answers for one approval")
    parser.add_argument("--two-model", default=env("PARAPET_TWO_MODEL"), help="a route that holds answers for two approvals")
    parser.add_argument("--screenshot", help="where to save a PNG of an item page")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    if not args.client_key or not args.reviewer_key:
        parser.error("--client-key and --reviewer-key (or PARAPET_CLIENT_KEY and PARAPET_REVIEWER_KEY) are required")
    if args.two_model and not args.reviewer2_key:
        parser.error("--two-model needs --reviewer2-key")

    base = args.base_url.rstrip("/")
    client = Client(base, args.client_key)
    console = Console(base, args.chromium, args.chromedriver)
    started = time.monotonic()
    try:
        console.sign_in(args.reviewer_key, "the reviewer")
        # The screenshot shows the richest item page: the two-approval one when there is one.
        approve_once(client, console, args.model, None if args.two_model else args.screenshot)
        reject_once(client, console, args.model)
        if args.two_model:
            approve_twice(client, console, args.two_model, args.reviewer2_key, args.screenshot)
    except CheckFailed as failure:
        print("FAILED:", failure, file=sys.stderr)
        print("page:", console.driver.current_url, file=sys.stderr)
        return 1
    except Exception as error:  # a timeout or a missing element: show where the browser was
        print("FAILED:", type(error).__name__, error, file=sys.stderr)
        print("page:", console.driver.current_url, file=sys.stderr)
        print(console.driver.page_source[:4000], file=sys.stderr)
        return 1
    finally:
        console.close()
    print(f"all console checks passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
