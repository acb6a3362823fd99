"""The staff console and the public request pages, driven in a real browser (Debian's chromium, headless, through
Selenium): the journeys staff and people take, page by page, on `jikim serve` with a fresh data directory.

    scripts/check-console                      # the way to run it: installs chromium, makes the Python, runs this
    python check-console.py --jikim BIN [--screenshots DIR] [JOURNEY ...]

Every page a journey reaches is saved as a screenshot (DIR/NN-path.png, in the order visited) and its browser log is
read: any Content Security Policy violation fails the run, since the pages promise to work under a CSP that allows
no script and nothing from elsewhere. A journey is a function in JOURNEYS, given a World (the browser, the server,
the notices it sent); add one by writing it with the helpers below and listing it there. Everything listens on
127.0.0.1 only.
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The messages chromium logs for a CSP violation: "Refused to load/apply/execute … because it violates the following
# Content Security Policy directive …".
CSP_MARKS = ("Content Security Policy", "Refused to")

# The staff the journeys sign in as (made with `jikim actors` before the server starts), with their passwords.
AGENT, AGENT_PASSWORD = "agent-kim", "correct horse battery staple"
# The lockout journey's own account: it ends locked, so no other journey may use it.
LOCKED, LOCKED_PASSWORD = "agent-lee", "another horse battery staple"
# The service whose token creates people over the API, as a shop's web site would.
SERVICE = "shop-web"
STAFF = {AGENT: AGENT_PASSWORD, LOCKED: LOCKED_PASSWORD}


class Failed(Exception):
    """A journey did not go as it should; the message says what was expected."""


def expect(condition, message):
    if not condition:
        raise Failed(message)


# --- The notices Jikim sends: a webhook on loopback that keeps them for the journeys to read ---------------------


class Notices:
    """The webhook `jikim serve --notify-webhook` POSTs notices to, as JSON {id, recipient, subject, body}
    (JikimNotify/WebhookTransport.swift); it keeps them so that a journey can read a one-time code sent to a person."""

    def __init__(self):
        self.received = []
        self.changed = threading.Condition()
        notices = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    notice = json.loads(self.rfile.read(length))
                except ValueError:
                    self.send_response(400)
                    self.end_headers()
                    return
                with notices.changed:
                    notices.received.append(notice)
                    notices.changed.notify_all()
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/notices"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, recipient, pattern, after=0, timeout=30):
        """The first match of `pattern` in a notice to `recipient`, among those received after the first `after`.
        The server's outbox is delivered every 10 seconds, hence the long wait."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for notice in self.received[after:]:
                    match = re.search(pattern, notice.get("body", ""))
                    if notice.get("recipient") == recipient and match:
                        return match
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Failed(f"no notice to {recipient} matching {pattern!r} came within {timeout} s "
                                 f"({len(self.received)} notices received)")
                self.changed.wait(left)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- The server ------------------------------------------------------------------------------------------------


class Jikim:
    """`jikim` on a data directory of its own: the command line, and `jikim serve` on a free loopback port."""

    def __init__(self, binary, work):
        self.binary = binary
        self.data = os.path.join(work, "data")
        self.log_path = os.path.join(work, "serve.log")
        self.process = None
        self.base = None
        # The environment must not point the commands at some other data, database or keys.
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("JIKIM_DATABASE_URL", "JIKIM_KEYS", "JIKIM_KEY_FILE", "JIKIM_POLICY", "JIKIM_DATA",
                                 "JIKIM_HOST", "JIKIM_PORT", "JIKIM_NOTIFY_WEBHOOK", "JIKIM_SMTP", "JIKIM_TEMPLATES")}

    def run(self, *args, input=None):
        """A `jikim` command on the data directory (the demo policy); its standard output."""
        result = subprocess.run([self.binary, *args, "--data", self.data], input=input, capture_output=True,
                                text=True, env=self.env)
        if result.returncode != 0:
            raise Failed(f"jikim {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout

    def serve(self, webhook):
        # The port is chosen by binding to port 0 and letting go: another process may take it in between, so a
        # server that exits at once is started again on another.
        for _ in range(3):
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            log = open(self.log_path, "w")
            self.process = subprocess.Popen(
                [self.binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--data", self.data,
                 "--notify-webhook", webhook, "--log-format", "text"],
                stdout=log, stderr=subprocess.STDOUT, env=self.env)
            log.close()
            self.base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                if self.process.poll() is not None:
                    break
                try:
                    urllib.request.urlopen(self.base + "/readyz", timeout=1).close()
                    return
                except (urllib.error.URLError, ConnectionError, OSError):
                    time.sleep(0.05)
            else:
                raise Failed(f"jikim serve did not become ready on {self.base}\n{self.log_tail()}")
        raise Failed(f"jikim serve exited at start ({self.process.returncode})\n{self.log_tail()}")

    def api(self, token, path, body):
        """POSTs JSON to the HTTP API with a service token; the decoded answer."""
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read()
        except urllib.error.HTTPError as error:
            raise Failed(f"POST {path}: HTTP {error.code}: {error.read().decode(errors='replace')}")
        return json.loads(text) if text else None

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as log:
                return "".join(log.readlines()[-lines:])
        except OSError:
            return "(no server log)"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- The browser and the helpers journeys are written with ---------------------------------------------------------


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400"):
        options.add_argument(argument)
    # A Korean person's browser: the pages' default language, asked for as a browser in Korea would.
    options.add_experimental_option("prefs", {"intl.accept_languages": "ko-KR,ko"})
    # The console log, where chromium reports CSP violations.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver is apt's, of the same version as the browser: Selenium Manager is never asked to fetch one.
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


class World:
    """What journeys act in: the browser, the server, the notices, and the screenshots taken so far."""

    def __init__(self, driver, jikim, notices, screenshots, service_token):
        self.driver = driver
        self.jikim = jikim
        self.notices = notices
        self.screenshots = screenshots
        self.service_token = service_token
        self.pages = 0

    @property
    def base(self):
        return self.jikim.base


def arrived(world):
    """Called on every page a journey reaches: saves its screenshot and fails on any CSP violation in the log."""
    driver = world.driver
    world.pages += 1
    path = urllib.parse.urlsplit(driver.current_url).path.strip("/") or "root"
    name = f"{world.pages:02d}-{re.sub(r'[^A-Za-z0-9._-]+', '-', path)}.png"
    driver.save_screenshot(os.path.join(world.screenshots, name))
    check_browser_log(world, f"{driver.current_url} (screenshot {name})")


def check_browser_log(world, where):
    violations = [entry["message"] for entry in world.driver.get_log("browser")
                  if any(mark in entry.get("message", "") for mark in CSP_MARKS)]
    expect(not violations, f"Content Security Policy violations on {where}:\n  " + "\n  ".join(violations))


def visit(world, path):
    """Opens a page of the server by its path (and query)."""
    world.driver.get(world.base + path)
    arrived(world)


def submit(world, button):
    """Clicks a form's button and waits for the page it leads to (the server answers every form with a page or a
    redirect to one)."""
    old = world.driver.find_element(By.TAG_NAME, "html")
    button.click()
    try:
        WebDriverWait(world.driver, 10).until(expected_conditions.staleness_of(old))
    except TimeoutException:
        raise Failed(f"clicking {button.text!r} on {world.driver.current_url} led to no new page")
    arrived(world)


def find(world, css):
    elements = world.driver.find_elements(By.CSS_SELECTOR, css)
    expect(elements, f"no {css!r} on {world.driver.current_url}")
    return elements[0]


def form_button(world, action):
    """The submit button of the form posting to `action` (a path; the query is ignored)."""
    return find(world, f"form[action^='{action}'] button[type=submit]")


def text(world, css="body"):
    return find(world, css).text


def path(world):
    return urllib.parse.urlsplit(world.driver.current_url).path


def sign_in(world, actor, password):
    """Fills the console's sign-in form and sends it; the journey checks where it led."""
    visit(world, "/console/sign-in")
    find(world, "#actor").send_keys(actor)
    find(world, "#password").send_keys(password)
    submit(world, form_button(world, "/console/sign-in"))


def sign_out(world):
    submit(world, form_button(world, "/console/sign-out"))
    expect(path(world) == "/console/sign-in", f"sign-out led to {world.driver.current_url}, not the sign-in page")


def expect_dashboard(world, actor):
    expect(path(world) == "/console", f"expected the dashboard, got {world.driver.current_url}: {text(world, 'main')}")
    expect(text(world, "h1") == "오늘 처리할 일", f"the dashboard's heading is {text(world, 'h1')!r}")
    expect(text(world, "header strong") == actor, f"the header names {text(world, 'header strong')!r}, not {actor}")
    expect("세션 만료" in text(world, "header"), "the header does not say when the session ends")


def status_row(world, header):
    """The value beside a header in the status page's summary table."""
    for row in world.driver.find_elements(By.CSS_SELECTOR, "table tr"):
        headers = row.find_elements(By.TAG_NAME, "th")
        if headers and headers[0].text == header:
            return row.find_element(By.TAG_NAME, "td").text
    raise Failed(f"no {header!r} row on {world.driver.current_url}")


def add_person(world, person_id, email):
    """A member of the demo shop, created over the API as the shop's web site would (RequestsAPITests' addMinji)."""
    world.jikim.api(world.service_token, "/v1/subjects", {
        "id": person_id, "purpose": "membership", "consents": ["delivery"],
        "items": {"email": email, "name": "박민지", "mobile": "010-1234-5678", "password": "correct horse battery"}})


# --- The journeys ----------------------------------------------------------------------------------------------


def sign_in_and_out(world):
    """staff sign in, see the dashboard, sign out"""
    visit(world, "/console")
    expect(path(world) == "/console/sign-in", f"/console without a session showed {world.driver.current_url}")
    sign_in(world, AGENT, AGENT_PASSWORD)
    expect_dashboard(world, AGENT)
    expect("처리 중인 요구가 없습니다." in text(world, "main") or world.driver.find_elements(By.CSS_SELECTOR, "main table"),
           "the dashboard shows neither requests nor that there are none")
    sign_out(world)
    visit(world, "/console")
    expect(path(world) == "/console/sign-in", "after sign-out /console still shows a page behind the sign-in")


def lockout(world):
    """five wrong passwords lock the account; then even the right one is refused"""
    sign_in(world, LOCKED, LOCKED_PASSWORD)  # the password is right: what is refused below is refused for the lock
    expect_dashboard(world, LOCKED)
    sign_out(world)
    refused = "ID나 비밀번호가 틀렸거나, 연속된 실패로 계정이 잠시 잠겨 있습니다."
    for attempt in range(1, 6):
        sign_in(world, LOCKED, f"wrong password {attempt}")
        expect(path(world) == "/console/sign-in" and refused in text(world, "[role=alert]"),
               f"wrong password {attempt}: expected the refusal on the sign-in page, got {world.driver.current_url}")
    sign_in(world, LOCKED, LOCKED_PASSWORD)
    expect(path(world) == "/console/sign-in" and refused in text(world, "[role=alert]"),
           f"the right password after five wrong ones was not refused: {world.driver.current_url}")
    visit(world, "/console")
    expect(path(world) == "/console/sign-in", "a locked account reached the dashboard")


def access_request_answered(world):
    """a person files an access request and confirms it; staff answer it; the person reads the answer"""
    email = "minji@example.kr"
    add_person(world, "member-0001", email)
    seen = len(world.notices.received)

    # The person, on the public form: access (열람), their e-mail address as the contact.
    visit(world, "/requests")
    find(world, "input[name=kind][value=access]").click()
    Select(find(world, "select[name=contact_item]")).select_by_value("email")
    find(world, "input[name=contact]").send_keys(email)
    submit(world, form_button(world, "/requests"))
    expect("요구가 접수되었습니다." in text(world, "[role=status]"), f"filing did not say so: {text(world, 'body')[:300]}")
    token = text(world, "code")
    number = token.split(".")[0]
    expect(re.fullmatch(r"RQ-[0-9A-Z]{10}", number), f"the follow token {token!r} does not begin with a request number")
    expect(text(world, "h1") == f"요구 {number}", f"the status page's heading is {text(world, 'h1')!r}")

    # The code sent to the e-mail address (through the webhook), typed into the status page.
    code = world.notices.wait_for(email, r"코드는 (\d{6})", after=seen).group(1)
    find(world, "input[name=code]").send_keys(code)
    submit(world, form_button(world, "/requests/verify"))
    expect("처리 중" in status_row(world, "상태"), f"after the code the state is {status_row(world, '상태')!r}")
    deadline = status_row(world, "처리 기한")
    expect(re.match(r"\d{4}-\d{2}-\d{2}", deadline), f"the status page's deadline is {deadline!r}")

    # Staff: the request on the dashboard with its deadline; its page; the answer.
    sign_in(world, AGENT, AGENT_PASSWORD)
    expect_dashboard(world, AGENT)
    rows = [row for row in world.driver.find_elements(By.CSS_SELECTOR, "main tbody tr")
            if row.find_elements(By.LINK_TEXT, number)]
    expect(rows, f"the dashboard does not list {number}: {text(world, 'main')}")
    cells = [cell.text for cell in rows[0].find_elements(By.TAG_NAME, "td")]
    expect(cells[1] == "개인정보 열람" and cells[3].startswith(deadline[:10]) and cells[4].endswith("일"),
           f"the dashboard's row for {number} is {cells}; expected an access request due {deadline[:10]}")
    submit(world, rows[0].find_element(By.LINK_TEXT, number))
    expect(text(world, "h1") == f"요구 {number}", f"the request's page is headed {text(world, 'h1')!r}")
    submit(world, form_button(world, f"/console/requests/{number}/complete"))
    expect(text(world, "[role=status]") == "처리했습니다.", f"answering did not say done: {text(world, 'main')[:300]}")
    expect("처리 결과가 정보주체에게 공개되었습니다." in text(world, "main"), "the request's page does not say the answer is open")
    sign_out(world)

    # The person follows the request with the token and reads what is held about them.
    visit(world, "/requests")
    find(world, "form[action^='/requests/status'] input[name=token]").send_keys(token)
    submit(world, form_button(world, "/requests/status"))
    expect(text(world, "h1") == f"요구 {number}", f"following the token showed {text(world, 'h1')!r}")
    main = text(world, "body")
    expect("열람 결과" in main and email in main, f"the status page does not show the answer: {main[:400]}")


# In order: a later journey may rely on what an earlier one left (none does yet). Every sign-in comes from
# 127.0.0.1, and 20 failures from one source within an hour shut it out (docs/api.md): the journeys together may
# fail at most 19 (lockout fails 6).
JOURNEYS = [sign_in_and_out, lockout, access_request_answered]


# --- Running them ----------------------------------------------------------------------------------------------


def check_log_reports_csp(world):
    """The CSP check is worth something only if chromium's log reaches us: an image the CSP forbids is put on a page
    and its violation must be seen (a script run through WebDriver is not itself subject to the page's CSP)."""
    visit(world, "/console/sign-in")
    world.driver.execute_script("const i = document.createElement('img'); i.src = 'http://127.0.0.1:9/x.png';"
                                "document.body.appendChild(i);")
    for _ in range(50):
        if any(any(mark in entry.get("message", "") for mark in CSP_MARKS) for entry in world.driver.get_log("browser")):
            return
        time.sleep(0.1)
    raise Failed("a CSP violation made on purpose did not appear in the browser log: the CSP check would see nothing")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jikim", default=".build/debug/jikim", help="the jikim binary")
    parser.add_argument("--screenshots", default=".build/console-screenshots", help="where page screenshots go")
    parser.add_argument("--send-origin", action="store_true",
                        help="send the server's origin as every request's Origin header, in place of the 'null' "
                             "chromium sends on a form post from a page with Referrer-Policy: no-referrer, which "
                             "jikim refuses: a stopgap until the server accepts such a post")
    parser.add_argument("journeys", nargs="*", help="journeys to run, by function name (all when none)")
    arguments = parser.parse_args()
    names = {journey.__name__: journey for journey in JOURNEYS}
    unknown = [name for name in arguments.journeys if name not in names]
    if unknown:
        parser.error(f"no journey {', '.join(unknown)}; there are {', '.join(names)}")
    journeys = [names[name] for name in arguments.journeys] or JOURNEYS

    os.makedirs(arguments.screenshots, exist_ok=True)
    for old in os.listdir(arguments.screenshots):  # only this run's pages, in order
        if old.endswith(".png"):
            os.remove(os.path.join(arguments.screenshots, old))

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jikim-console.") as work:
        jikim = Jikim(os.path.abspath(arguments.jikim), work)
        notices = Notices()
        driver = None
        current = "setting up"
        try:
            jikim.run("init")
            for actor, password in STAFF.items():
                jikim.run("actors", "add", actor, "--role", "customer_support", "--by", "check-console")
                jikim.run("actors", "password", actor, "--by", "check-console", input=password + "\n")
            jikim.run("actors", "add", SERVICE, "--kind", "service", "--role", "customer_support", "--by", "check-console")
            token = re.search(r"jk_\S+", jikim.run("actors", "token", SERVICE, "--by", "check-console"))
            expect(token, "jikim actors token printed no token")
            jikim.serve(notices.url)
            driver = start_browser()
            # Every page sends Referrer-Policy: no-referrer, so chromium (as the Fetch standard says) posts each form
            # with `Origin: null`, which FormProtection.checkOrigin refuses as "posted from another site": no form
            # works in a real browser. Left alone, the run fails on it; --send-origin sends the real origin instead.
            if arguments.send_origin:
                driver.execute_cdp_cmd("Network.enable", {})
                driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Origin": jikim.base}})
            world = World(driver, jikim, notices, arguments.screenshots, token.group(0))
            check_log_reports_csp(world)
            for journey in journeys:
                current = journey.__name__
                began = time.monotonic()
                driver.delete_all_cookies()  # each journey begins signed out, with no form tokens
                journey(world)
                print(f"check-console: ok {journey.__name__}: {journey.__doc__} ({time.monotonic() - began:.1f} s)",
                      flush=True)
        except (Failed, WebDriverException) as failure:
            print(f"check-console: FAILED in {current}: {failure}", file=sys.stderr)
            if "posted from another site" in str(failure) and not arguments.send_origin:
                print("check-console: jikim refused a form chromium posted with `Origin: null` (the pages' "
                      "Referrer-Policy: no-referrer makes it so); --send-origin works around it", file=sys.stderr)
            if driver is not None:
                try:
                    print(f"check-console: the browser was at {driver.current_url}", file=sys.stderr)
                    driver.save_screenshot(os.path.join(arguments.screenshots, "FAILED.png"))
                    print(f"check-console: its screenshot: {arguments.screenshots}/FAILED.png", file=sys.stderr)
                except WebDriverException:
                    pass
            if jikim.process is not None:
                if jikim.process.poll() is not None:
                    print(f"check-console: jikim serve exited ({jikim.process.returncode})", file=sys.stderr)
                print("check-console: the end of the server's log:\n" + jikim.log_tail(), file=sys.stderr)
            sys.exit(1)
        finally:
            if driver is not None:
                driver.quit()
            jikim.stop()
            notices.close()
    print(f"check-console: {len(journeys)} journeys passed ({world.pages} pages, {time.monotonic() - started:.0f} s; "
          f"screenshots in {arguments.screenshots})")


if __name__ == "__main__":
    main()
