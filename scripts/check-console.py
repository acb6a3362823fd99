"""The staff console and the public request pages, driven in a real browser (Debian's chromium, headless, through
Selenium): the journeys staff and people take, page by page, on `jikim serve` started as on a first run, on a data
directory that does not exist yet (it makes it, and prints a one-time link for the first administrator).

    scripts/check-console                      # the way to run it: installs chromium, makes the Python, runs this
    python check-console.py --jikim BIN [--screenshots DIR] [JOURNEY ...]

Every page a journey reaches is saved as a screenshot (DIR/NN-path.png, in the order visited) and its browser log is
read: any Content Security Policy violation fails the run, since the pages promise to work under a CSP that allows
no script and nothing from elsewhere. Each distinct page is audited for accessibility with axe-core (WCAG 2.1 A and
AA), at the desktop's width and at a phone's (390×844, where the page must not scroll sideways; DIR/NN-path.phone.png):
a violation of impact serious or critical, or a page too wide, fails the run once the journeys are done, listing
each (all of axe's findings in DIR/accessibility.json). A journey is a function in JOURNEYS, given a World (the
browser, the server, the notices it sent); add one by writing it with the helpers below and listing it there, with
the journeys whose leavings it needs in NEEDS. Everything listens on 127.0.0.1 only. Staff whose roles take a second
factor (all the journeys' staff) enrol an authenticator at their first sign-in; the script is their authenticator
(TOTP below).
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The messages chromium logs for a CSP violation: "Refused to load/apply/execute … because it violates the following
# Content Security Policy directive …".
CSP_MARKS = ("Content Security Policy", "Refused to")

# The first administrator `jikim serve` makes on a first run (roles privacy_officer and administrator), and the
# password first_run_administrator chooses for them through the link it prints.
ADMIN, ADMIN_PASSWORD = "admin", "first administrator's staple"
# The staff the journeys sign in as, added in the console by staff_and_roles (role customer_support), with the
# passwords they choose through their one-time links.
AGENT, AGENT_PASSWORD = "agent-kim", "correct horse battery staple"
# The lockout journey's own account: it ends locked (until the administrator unlocks it), so no other journey uses it.
LOCKED, LOCKED_PASSWORD = "agent-lee", "another horse battery staple"
STAFF = {AGENT: AGENT_PASSWORD, LOCKED: LOCKED_PASSWORD}
# The service whose token creates people over the API, as a shop's web site would; also added by staff_and_roles.
SERVICE = "shop-web"
# Korean time, in which the server counts months (the review's, the ledger's): UTC+9, with no summer time.
KST = timezone(timedelta(hours=9))


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


# --- The authenticator app: TOTP codes (RFC 6238 on RFC 4226), as the server checks them (JikimCrypto/TOTP.swift) ---


TOTP_STEP, TOTP_DIGITS = 30, 6


def totp_secret(shown):
    """The bytes of a setup key as the enrolment page shows it: base32, in groups of 4 separated by spaces."""
    key = re.sub(r"\s+", "", shown).upper()
    return base64.b32decode(key + "=" * (-len(key) % 8))


def totp_code(secret, step):
    """The code of time step `step` (RFC 4226 §5.3: HMAC-SHA-1 of the step, dynamically truncated)."""
    mac = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    binary = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(binary % 10 ** TOTP_DIGITS).zfill(TOTP_DIGITS)


def totp_step(at=None):
    return int((time.time() if at is None else at) // TOTP_STEP)


# --- The server ------------------------------------------------------------------------------------------------


class Jikim:
    """`jikim serve` on a free loopback port and on a data directory that does not exist yet, which it makes (keys,
    the log's key, the database, the demo policy) with a first administrator; and the command line on that
    directory while the server runs (SQLite in WAL mode takes both)."""

    def __init__(self, binary, work):
        self.binary = binary
        self.data = os.path.join(work, "data")
        self.out_path = os.path.join(work, "serve.out")  # standard output: the first run's one-time link
        self.log_path = os.path.join(work, "serve.log")  # standard error: the log
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
        """Starts the server as on a first run; the one-time link it prints for the first administrator."""
        # The port is chosen by binding to port 0 and letting go: another process may take it in between, so a
        # server that exits at once is started again on another, on a data directory that again does not exist.
        for _ in range(3):
            shutil.rmtree(self.data, ignore_errors=True)
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            with open(self.out_path, "w") as out, open(self.log_path, "w") as log:
                self.process = subprocess.Popen(
                    [self.binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--data", self.data,
                     "--notify-webhook", webhook, "--log-format", "text"],
                    stdout=out, stderr=log, env=self.env)
            self.base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                if self.process.poll() is not None:
                    break
                try:
                    urllib.request.urlopen(self.base + "/readyz", timeout=1).close()
                    return self.first_run_link()
                except (urllib.error.URLError, ConnectionError, OSError):
                    time.sleep(0.05)
            else:
                raise Failed(f"jikim serve did not become ready on {self.base}\n{self.log_tail()}")
        raise Failed(f"jikim serve exited at start ({self.process.returncode})\n{self.log_tail()}")

    def first_run_link(self):
        """The link printed once on standard output (`  http://HOST:PORT/console/password/pl_…`), on this server;
        it must be printed once, and never written to the log."""
        pattern = re.compile(r"^\s+(\S+/console/password/(pl_\S+))$", re.MULTILINE)
        for _ in range(50):  # printed before the server listens; read until it is there, should it lag
            with open(self.out_path, errors="replace") as out:
                links = pattern.findall(out.read())
            if links:
                break
            time.sleep(0.1)
        expect(len(links) == 1, f"jikim serve printed {len(links)} one-time links on a first run, not 1:\n"
                                f"{self.log_tail()}")
        link, token = links[0]
        expect(link.startswith(self.base + "/"), f"the first run's link {link} is not on the server, {self.base}")
        with open(self.log_path, errors="replace") as log:
            expect(token not in log.read(), "the first run's one-time link is in the server's log")
        return link

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
        tail = ""
        for name, file in (("standard output", self.out_path), ("log", self.log_path)):
            try:
                with open(file, errors="replace") as opened:
                    tail += f"-- {name}:\n" + "".join(opened.readlines()[-lines:])
            except OSError:
                tail += f"-- no {name}\n"
        return tail

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
    """What journeys act in: the browser, the server, the notices, the screenshots taken so far, and what journeys
    leave for later ones: the first run's link, the service token."""

    def __init__(self, driver, jikim, notices, screenshots, first_run_link):
        self.driver = driver
        self.jikim = jikim
        self.notices = notices
        self.screenshots = screenshots
        self.first_run_link = first_run_link
        self.service_token = None  # issued to SERVICE by staff_and_roles
        # Each staff member's authenticator, as enrolled (the secret's bytes), and the last time step whose code the
        # server took from them: it takes a code once, and after it only a later step's.
        self.secrets = {}
        self.last_step = {}
        self.waited = 0.0  # seconds spent waiting for a time step whose code the server would take
        self.pages = 0
        self.audit = Audit()

    @property
    def base(self):
        return self.jikim.base


def arrived(world):
    """Called on every page a journey reaches: saves its screenshot, fails on any CSP violation in the log, and
    audits the page for accessibility (audit_page) when it is one not audited yet."""
    driver = world.driver
    world.pages += 1
    path = urllib.parse.urlsplit(driver.current_url).path.strip("/") or "root"
    path = re.sub(r"/(pl_)[^/]+", r"/\1", path)  # a one-time link's secret stays out of file names
    name = f"{world.pages:02d}-{re.sub(r'[^A-Za-z0-9._-]+', '-', path)}.png"
    driver.save_screenshot(os.path.join(world.screenshots, name))
    check_browser_log(world, f"{driver.current_url} (screenshot {name})")
    audit_page(world, name)


def check_browser_log(world, where):
    violations = [entry["message"] for entry in world.driver.get_log("browser")
                  if any(mark in entry.get("message", "") for mark in CSP_MARKS)]
    expect(not violations, f"Content Security Policy violations on {where}:\n  " + "\n  ".join(violations))


# --- The accessibility audit: axe-core on every distinct page, at a desktop's width and at a phone's ---------------

# axe-core (Deque's engine, MPL-2.0) as the pinned axe-playwright-python ships it (scripts/requirements/browser.txt);
# only its JavaScript file is used, read from the installed package's files without importing anything.
AXE_DISTRIBUTION, AXE_FILE = "axe-playwright-python", "axe_playwright_python/axe.min.js"
# The rules of WCAG 2.0 and 2.1, levels A and AA; a violation of one of these impacts fails the run.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING = ("critical", "serious")
DESKTOP = (1280, 1400)  # the browser's window (start_browser)
PHONE = (390, 844)  # a phone's viewport in CSS pixels, emulated as a mobile device (the pages' viewport meta applies)

# Runs axe on the page and calls back with its violations, in the shape Audit keeps; axe.min.js is run first, by
# itself, when the page does not have axe yet. Scripts run through WebDriver (in the page's own world) are not
# subject to the page's CSP, nor is what they call (even eval): injecting and running axe logs nothing at all in the
# browser's log, which is checked after each audit all the same, so that a CSP violation the audit caused would fail.
AXE_RUN = """
const [tags, done] = [arguments[0], arguments[arguments.length - 1]];
axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]}).then(
  results => done({version: axe.version, violations: results.violations.map(rule => ({
    rule: rule.id, impact: rule.impact, help: rule.help, url: rule.helpUrl,
    nodes: rule.nodes.map(node => ({target: node.target.flat(Infinity).join(" >> "),
                                    summary: node.failureSummary || ""}))}))}),
  error => done({error: String(error && error.stack || error)}));
"""

# At the phone's width: the width the page is laid out in (the root's clientWidth: the phone's, given the viewport
# meta's width=device-width), how wide the document is, and the outermost elements that stick out, leaving out what
# is inside an element of class `wide` (a table that scrolls sideways on purpose: the `wide` element itself must
# fit). Not window.innerWidth: on a mobile device, as emulated, it grows to the width of a page that sticks out.
LAYOUT = """
const root = document.documentElement, width = root.clientWidth;
function selector(element) {
  const parts = [];
  for (let e = element; e && e !== root; e = e.parentElement) {
    if (e.id) { parts.unshift("#" + CSS.escape(e.id)); break; }
    let part = e.localName + [...e.classList].map(c => "." + CSS.escape(c)).join("");
    const same = [...e.parentElement.children].filter(c => c.localName === e.localName);
    if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
    parts.unshift(part);
  }
  return parts.join(" > ");
}
const over = [];
if (root.scrollWidth > width) {
  for (const e of document.body.querySelectorAll("*")) {
    if (e.parentElement.closest(".wide") || over.some(o => o.contains(e))) continue;
    const box = e.getBoundingClientRect();
    if (box.right > width + 0.5 || box.left < -0.5) over.push(e);
  }
}
return {client: width, scroll: root.scrollWidth,
        over: over.map(e => `${selector(e)} (${Math.round(e.getBoundingClientRect().left)}..` +
                            `${Math.round(e.getBoundingClientRect().right)} px)`)};
"""


class Audit:
    """What the audit found: axe's violations and the pages too wide for a phone, by page and width. A page is
    audited once per path (one-time links' secrets and request numbers left out) and state (the alerts and statuses
    it shows: an error, a message, a check's result), since most are reached many times over."""

    def __init__(self):
        self.source = None
        self.version = None
        self.done = set()
        self.audited = []  # (page, width): each audit, in order
        self.violations = []  # {rule, impact, help, url, page, width, nodes: [{target, summary}]}
        self.too_wide = []  # {page, width, problem, over: [selector (left..right px)]}
        self.seconds = 0.0

    def script(self):
        if self.source is None:
            from importlib import metadata
            try:
                path = metadata.distribution(AXE_DISTRIBUTION).locate_file(AXE_FILE)
                with open(path, encoding="utf-8") as opened:
                    self.source = opened.read()
            except (metadata.PackageNotFoundError, OSError) as error:
                raise Failed(f"no axe-core: {AXE_FILE} of the package {AXE_DISTRIBUTION} cannot be read ({error}); "
                             f"scripts/requirements/browser.txt installs it")
        return self.source

    def failing(self):
        return [v for v in self.violations if v["impact"] in AXE_FAILING]

    def save(self, directory):
        """Every audit and all it found, of every impact, as DIRECTORY/accessibility.json."""
        with open(os.path.join(directory, "accessibility.json"), "w") as report:
            json.dump({"axe-core": self.version, "tags": AXE_TAGS, "audited": self.audited,
                       "violations": self.violations, "too wide": self.too_wide}, report, ensure_ascii=False,
                      indent=1)

    def report(self):
        """What fails the run, by rule, then page: the rule, what it asks, the page and width, the offending nodes'
        selectors with axe's word on the first; then the pages too wide for a phone."""
        lines = []
        failing = self.failing()
        by_rule = {}
        for v in failing:
            by_rule.setdefault((v["rule"], v["impact"], v["help"], v["url"]), []).append(v)
        if by_rule:
            lines.append(f"axe-core {self.version} found {len(by_rule)} WCAG 2.1 A/AA rule(s) broken with impact "
                         f"serious or critical, on {len({v['page'] for v in failing})} of the "
                         f"{len({page for page, _ in self.audited})} distinct pages audited:")
        order = {impact: i for i, impact in enumerate(AXE_FAILING)}
        for (rule, impact, help, url), found in sorted(by_rule.items(), key=lambda item: (order[item[0][1]],
                                                                                          item[0][0])):
            lines.append(f"  {rule} ({impact}): {help} — {url.split('?')[0]}")
            pages = {}  # the same nodes on a page at both widths are said once
            for v in found:
                key = (v["page"], tuple(node["target"] for node in v["nodes"]))
                pages.setdefault(key, (v, []))[1].append(f"{v['width'][0]}×{v['width'][1]}")
            for (page, targets), (v, widths) in pages.items():
                shown = ", ".join(targets[:8]) + (f" and {len(targets) - 8} more" if len(targets) > 8 else "")
                lines.append(f"    {page} at {' and '.join(widths)}: {shown}")
                summary = " ".join(v["nodes"][0]["summary"].split())
                if summary:
                    lines.append(f"      ({targets[0]}: {summary[:400]})")
        if self.too_wide:
            lines.append(f"{len(self.too_wide)} page(s) too wide for a phone ({PHONE[0]}×{PHONE[1]}), outside the "
                         f"elements of class `wide` that scroll on purpose:")
            for wide in self.too_wide:
                lines.append(f"  {wide['page']}: {wide['problem']}" +
                             ("; sticking out: " + ", ".join(wide["over"][:8]) if wide["over"] else ""))
        return "\n".join(lines)


def audit_page(world, name):
    """axe-core's WCAG 2.1 A and AA rules on the page, at the desktop's width and at a phone's, and at the phone's
    no sideways scroll of the page; once per distinct page (Audit). What it finds is kept for the end of the run,
    so that one run lists every page's problems."""
    driver, audit = world.driver, world.audit
    began = time.monotonic()
    page = urllib.parse.urlsplit(driver.current_url).path
    page = re.sub(r"/pl_[^/]+", "/pl_…", page)
    page = re.sub(r"/RQ-[^/]+", "/RQ-…", page)
    state = driver.execute_script(  # the alerts and statuses shown: an error, a message, a check's result
        "return [...new Set([...document.querySelectorAll('[role=alert], [role=status]')].map(e => e.id ?"
        " '#' + e.id : `[role=${e.getAttribute('role')}]`))].sort().join(', ')")
    key = (page, state)
    if key in audit.done:
        return
    audit.done.add(key)
    audit_at(world, audit, page + (f" (showing {state})" if state else ""), name[:-len(".png")] + ".phone.png")
    check_browser_log(world, f"{driver.current_url} after the accessibility audit (axe-core's injection and run)")
    audit.seconds += time.monotonic() - began


def audit_at(world, audit, label, phone_screenshot=None):
    """The audit of the page the browser shows, under the name `label`: axe at the desktop's width, then at the
    phone's, where the page must not scroll sideways; what is found goes to `audit`."""
    driver = world.driver
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(audit.script())
    run_axe(world, audit, label, DESKTOP)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True})
    try:
        layout = driver.execute_script(LAYOUT)
        problem = None
        if layout["client"] != PHONE[0]:
            problem = (f"it is laid out {layout['client']} px wide on a {PHONE[0]} px wide phone (a viewport meta "
                       f"of width=device-width?)")
        elif layout["scroll"] > layout["client"]:
            problem = f"it scrolls sideways: {layout['scroll']} px wide on a {layout['client']} px wide phone"
        if problem:
            audit.too_wide.append({"page": label, "width": list(PHONE), "problem": problem, "over": layout["over"]})
        if phone_screenshot:
            driver.save_screenshot(os.path.join(world.screenshots, phone_screenshot))
        run_axe(world, audit, label, PHONE)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def run_axe(world, audit, page, size):
    result = world.driver.execute_async_script(AXE_RUN, AXE_TAGS)
    expect("error" not in result, f"axe-core failed on {page} at {size[0]}×{size[1]}: {result.get('error')}")
    audit.version = result["version"]
    audit.audited.append((page, size))
    for violation in result["violations"]:
        audit.violations.append({**violation, "page": page, "width": list(size)})


def visit(world, path):
    """Opens a page of the server by its path (and query)."""
    world.driver.get(world.base + path)
    arrived(world)


def submit(world, button):
    """Clicks a form's button and waits for the page it leads to (the server answers every form with a page or a
    redirect to one)."""
    old = world.driver.find_element(By.TAG_NAME, "html")
    label = button.text
    button.click()
    try:
        WebDriverWait(world.driver, 10).until(lambda _: gone(old))
        # The old page is gone once the new one commits, before it has loaded: acting on it then races chromedriver.
        WebDriverWait(world.driver, 10).until(
            lambda driver: driver.execute_script("return document.readyState") == "complete")
    except TimeoutException:
        raise Failed(f"clicking {label!r} on {world.driver.current_url} led to no new page")
    arrived(world)


def gone(element):
    """Whether `element`'s page has been left. While chromedriver is between pages it may answer "Node with given id
    does not belong to the document" rather than that the element is stale (expected_conditions.staleness_of lets
    that through as a failure)."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


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


def sign_in(world, actor, password, second_factor=True):
    """Fills the console's sign-in form and sends it; when the password is taken and the second factor asked for,
    gives it too (enrolling an authenticator if the page offers one), unless told not to. The journey checks where
    it led."""
    visit(world, "/console/sign-in")
    find(world, "#actor").send_keys(actor)
    find(world, "#password").send_keys(password)
    submit(world, form_button(world, "/console/sign-in"))
    if second_factor and path(world) == "/console/second-factor":
        pass_second_factor(world, actor)


def second_factor_page(world, actor, enrolling):
    """Checks the page that asks `actor` for their code: with a setup key (and its URI) exactly when `enrolling`.
    The key, without its spaces, when shown."""
    expect(path(world) == "/console/second-factor",
           f"expected the second-factor page for {actor}, got {world.driver.current_url}: {text(world, 'main')[:300]}")
    expect(text(world, "h1") == "2단계 인증", f"the second-factor page is headed {text(world, 'h1')!r}")
    expect(text(world, "main p strong") == actor, f"the second-factor page is for {text(world, 'main p strong')!r}")
    expect(find(world, "#code") and find(world, "#verify"), "the second-factor page has no code field")
    shown = world.driver.find_elements(By.ID, "totp-secret")
    expect(bool(shown) == enrolling, f"the second-factor page for {actor} " +
           ("offers no setup key to enrol" if enrolling else "offers a setup key, though an authenticator is enrolled"))
    if not enrolling:
        return None
    key = shown[0].text
    expect(re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})*", key), f"the setup key is shown as {key!r}")
    compact = key.replace(" ", "")
    uri = text(world, "#totp-uri")
    expect(uri.startswith("otpauth://totp/") and f"secret={compact}" in uri,
           f"the setup URI {uri!r} is not an otpauth://totp/ URI with secret={compact}")
    expect(len(totp_secret(key)) == 20, f"the setup key {key!r} is not of 160 bits")
    return compact


def next_code(world, actor):
    """A code of `actor`'s authenticator that the server will take: of the earliest step it accepts (one before the
    current, since clocks drift) that is later than the last it took from them; waiting for the next step when that
    one is not yet within reach (one step ahead). The lower end is judged a few seconds ahead, so that the step is
    still accepted when the form arrives."""
    while True:
        now = time.time()
        step = max(totp_step(now + 5) - 1, world.last_step.get(actor, -1) + 1)
        if step <= totp_step(now) + 1:
            world.last_step[actor] = step
            return totp_code(world.secrets[actor], step)
        pause = TOTP_STEP - now % TOTP_STEP + 0.2
        world.waited += pause
        time.sleep(pause)


def pass_second_factor(world, actor):
    """On the second-factor page: enrols the authenticator whose key the page shows (a first sign-in, or after a
    reset), or gives the enrolled one's code; lands on the dashboard."""
    key = second_factor_page(world, actor, enrolling=actor not in world.secrets)
    if key:
        world.secrets[actor] = totp_secret(key)
        world.last_step.pop(actor, None)  # a new authenticator: the server has taken none of its codes
    find(world, "#code").send_keys(next_code(world, actor))
    submit(world, find(world, "#verify"))
    expect_dashboard(world, actor)


def wrong_code(world, actor):
    """A six-digit code that is none of those the server would take from `actor` now."""
    near = {totp_code(world.secrets[actor], totp_step() + shift) for shift in range(-2, 4)}
    return next(code for code in ("000000", "123456", "999999", "314159") if code not in near)


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


def rows(world, css):
    """The cells' texts of each row of the table body `css` names."""
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in world.driver.find_elements(By.CSS_SELECTOR, css + " tbody tr")]


def last_month():
    """The month before this one in Korea (YYYY-MM): the month the console's review shows by default."""
    first = datetime.now(KST).date().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def choose_password(world, link, actor, password, second_factor=True):
    """Opens a one-time password link in a fresh browser session (no cookies: another person's browser), chooses
    the password, and, unless told not to, enrols an authenticator on the second-factor page it leads to and lands
    signed in on the dashboard."""
    world.driver.delete_all_cookies()
    world.driver.get(link)
    arrived(world)
    expect(text(world, "h1") == "비밀번호 설정", f"the link {link} showed {text(world, 'h1')!r}: {text(world, 'main')[:300]}")
    expect(text(world, "main p strong") == actor,
           f"the password page is for {text(world, 'main p strong')!r}, not {actor}")
    find(world, "#password").send_keys(password)
    find(world, "#confirm").send_keys(password)
    submit(world, find(world, "#set-password"))
    if second_factor:
        pass_second_factor(world, actor)


def add_actor(world, actor, kind, role):
    """On the staff page, as an administrator: adds `actor` (staff or service) and grants them `role`; checks the
    member page after each step and that the grant is in their history of rights."""
    visit(world, "/console/staff")
    expect(text(world, "h1") == "취급자와 역할", f"/console/staff is headed {text(world, 'h1')!r}")
    find(world, "#new-id").send_keys(actor)
    Select(find(world, "#new-kind")).select_by_value(kind)
    submit(world, find(world, "#add-staff"))
    expect(path(world) == f"/console/staff/{actor}", f"adding {actor} led to {world.driver.current_url}: "
                                                      f"{text(world, 'main')[:300]}")
    expect(text(world, "h1") == f"취급자 {actor}", f"{actor}'s page is headed {text(world, 'h1')!r}")
    expect("부여된 역할이 없습니다." in text(world, "section[aria-labelledby=roles]"), f"{actor} has roles at once")
    Select(find(world, "#role")).select_by_value(role)
    submit(world, find(world, "#grant"))
    expect(path(world) == f"/console/staff/{actor}", f"granting {role} led to {world.driver.current_url}")
    held = text(world, "section[aria-labelledby=roles] ul")
    expect(f"({role})" in held and find(world, f"#revoke-{role}"), f"{actor}'s roles after the grant: {held!r}")
    history = rows(world, "section[aria-labelledby=history]")
    expect(history and history[0][1] in (role, ROLE_NAMES.get(role)) and is_change(history[0][2], "granted")
           and history[0][3] == ADMIN,
           f"{actor}'s history of rights does not begin with {role} granted by {ADMIN}: {history}")


# How the history of rights names a role: by its ID, or (newer servers) by its name in the demo policy.
ROLE_NAMES = {"customer_support": "고객지원 담당자"}
# How the history of rights names a change: as the log keeps it, or (pages in Korean, in newer servers) in Korean.
CHANGES = {"granted": "역할 부여", "unlocked": "잠금 해제", "second factor reset": "2단계 인증 초기화"}


def is_change(cell, change):
    return cell in (change, CHANGES[change])


def shown_once(world, button, pattern):
    """Clicks the button that issues a password link or a token; what the page shows once, matching `pattern`."""
    submit(world, find(world, button))
    shown = text(world, "code#shown")
    expect(re.fullmatch(pattern, shown), f"{button} showed {shown!r}, not {pattern}")
    return shown


def add_person(world, person_id, email, mobile, name="박민지"):
    """A member of the demo shop, created over the API as the shop's web site would (RequestsAPITests' addMinji),
    with the consent to provision to the courier; the e-mail address and the mobile number identify them, so no two
    people share either."""
    world.jikim.api(world.service_token, "/v1/subjects", {
        "id": person_id, "purpose": "membership", "consents": ["delivery"],
        "items": {"email": email, "name": name, "mobile": mobile, "password": "correct horse battery"}})


def set_value(world, css, value):
    """Gives a field its value by script: as a picker would (a month field), or at once (a whole policy file, which
    send_keys would type key by key)."""
    world.driver.execute_script("arguments[0].value = arguments[1]", find(world, css), value)


def menu_entry(world, label):
    """Follows the header menu's link labelled `label`."""
    links = world.driver.find_elements(By.LINK_TEXT, label)
    expect(links, f"the menu of {world.driver.current_url} has no {label!r}: {text(world, 'header nav')!r}")
    submit(world, links[0])


def demo_policy(world):
    """The text of the demo policy the server publishes: the one in the binary's resources (jikim serve reads it
    there), or, for a binary without them beside it, the source's."""
    beside = os.path.join(os.path.dirname(world.jikim.binary), "jikim_JikimServer.resources", "DemoPolicy", "policy.yaml")
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "JikimServer", "DemoPolicy",
                          "policy.yaml")
    with open(beside if os.path.exists(beside) else source, encoding="utf-8") as opened:
        return opened.read()


# --- The journeys ----------------------------------------------------------------------------------------------


def first_run_administrator(world):
    """the first administrator opens the link the first run printed, chooses a password, enrols an authenticator
    (a wrong code refused) and is signed in"""
    choose_password(world, world.first_run_link, ADMIN, ADMIN_PASSWORD, second_factor=False)
    key = second_factor_page(world, ADMIN, enrolling=True)
    # The password alone opens nothing: the console sends a session still waiting for its code to the sign-in.
    visit(world, "/console")
    expect(path(world) == "/console/sign-in",
           f"/console before the second factor showed {world.driver.current_url}, not the sign-in page")
    visit(world, "/console/second-factor")
    expect(second_factor_page(world, ADMIN, enrolling=True) == key, "the setup key changed when the page was reloaded")
    world.secrets[ADMIN] = totp_secret(key)
    find(world, "#code").send_keys(wrong_code(world, ADMIN))
    submit(world, find(world, "#verify"))
    expect("코드가 맞지 않거나 이미 쓰인 코드입니다" in text(world, "p#error"),
           f"a wrong code was not refused: {world.driver.current_url}: {text(world, 'main')[:300]}")
    expect(second_factor_page(world, ADMIN, enrolling=True) == key, "after a wrong code the setup key changed")
    find(world, "#code").send_keys(next_code(world, ADMIN))
    submit(world, find(world, "#verify"))
    expect_dashboard(world, ADMIN)
    menu = text(world, "header nav")
    for entry in ("파기 승인", "접속기록 점검", "취급자와 역할"):  # privacy_officer, administrator
        expect(entry in menu, f"{ADMIN}'s menu lacks {entry!r}: {menu!r}")
    expect("이 계정의 역할은 정보주체의 요구를 처리하지 않습니다." in text(world, "main"),
           f"{ADMIN}'s dashboard does not say their roles handle no requests")
    sign_out(world)
    world.driver.get(world.first_run_link)  # the link works once
    arrived(world)
    expect("이 링크는 이미 쓰였거나 만료되었습니다." in text(world, "main")
           and not world.driver.find_elements(By.ID, "password"),
           f"the first run's link, used, still offers a password: {text(world, 'main')[:300]}")


def staff_and_roles(world):
    """the administrator adds staff and a service, grants roles, hands out password links and a token; staff
    choose their passwords by the links and enrol authenticators; a member's second factor reset, they enrol again"""
    sign_in(world, ADMIN, ADMIN_PASSWORD)
    expect_dashboard(world, ADMIN)
    links = {}
    for actor in STAFF:
        add_actor(world, actor, "staff", "customer_support")
        expect(not world.driver.find_elements(By.ID, "token"), f"{actor}, staff, is offered a service token")
        links[actor] = shown_once(world, "#password-link",
                                  re.escape(world.base) + r"/console/password/pl_[A-Za-z0-9_-]+")
    add_actor(world, SERVICE, "service", "customer_support")
    expect(not world.driver.find_elements(By.ID, "password-link"), f"the service {SERVICE} is offered a password link")
    world.service_token = shown_once(world, "#token", r"jk_[A-Za-z0-9_-]+")
    visit(world, "/console/staff")
    listed = {row[0]: row for row in rows(world, "main")}
    for actor, kind in ((AGENT, "직원"), (LOCKED, "직원"), (SERVICE, "서비스")):
        expect(listed.get(actor, [])[1:3] == [kind, "고객지원 담당자"],
               f"the staff list's row for {actor}: {listed.get(actor)}")
    for actor, link in links.items():  # each in their own browser: the administrator's session is not theirs
        choose_password(world, link, actor, STAFF[actor])
        expect("처리 중인 요구가 없습니다." in text(world, "main"), f"{actor}'s dashboard does not list requests")
        sign_out(world)

    # A lost phone: the administrator resets the member's second factor, and their next sign-in enrols a new one.
    sign_in(world, ADMIN, ADMIN_PASSWORD)
    visit(world, f"/console/staff/{AGENT}")
    submit(world, find(world, "#reset-second-factor"))
    expect(path(world) == f"/console/staff/{AGENT}", f"resetting {AGENT}'s second factor led to {world.driver.current_url}")
    history = rows(world, "section[aria-labelledby=history]")
    expect(history and is_change(history[0][2], "second factor reset") and history[0][3] == ADMIN,
           f"{AGENT}'s history does not end with the reset by {ADMIN}: {history[:3]}")
    sign_out(world)
    old = world.secrets.pop(AGENT)  # so that sign_in expects the enrolment page, and enrols
    sign_in(world, AGENT, AGENT_PASSWORD)
    expect(world.secrets[AGENT] != old, f"{AGENT} was shown the setup key of the authenticator that was reset")
    sign_out(world)


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
    """five wrong passwords lock the account; then even the right one is refused, until the administrator unlocks it"""
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
    # The administrator sees the lock on the staff list and lifts it; then the right password is taken.
    sign_in(world, ADMIN, ADMIN_PASSWORD)
    visit(world, "/console/staff")
    listed = {row[0]: row for row in rows(world, "main")}
    expect("잠김" in listed.get(LOCKED, [""])[-1], f"the staff list does not show {LOCKED} locked: {listed.get(LOCKED)}")
    submit(world, find(world, f"main a[href^='/console/staff/{LOCKED}']"))
    expect("잠김" in text(world, "main > p"), f"{LOCKED}'s page does not say locked: {text(world, 'main > p')!r}")
    submit(world, find(world, "#unlock"))
    expect(not world.driver.find_elements(By.ID, "unlock") and "잠김" not in text(world, "main > p"),
           f"{LOCKED} is still locked after unlocking: {text(world, 'main > p')!r}")
    history = rows(world, "section[aria-labelledby=history]")
    expect(history and is_change(history[0][2], "unlocked") and history[0][3] == ADMIN,
           f"{LOCKED}'s history does not end with the unlock: {history[:3]}")
    sign_out(world)
    sign_in(world, LOCKED, LOCKED_PASSWORD)
    expect_dashboard(world, LOCKED)


def access_request_answered(world):
    """a person files an access request and confirms it; staff answer it; the person reads the answer"""
    email = "minji@example.kr"
    add_person(world, "member-0001", email, "010-1234-5678")
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


def review_sign_off(world):
    """the privacy officer reads last month's access review and signs it off with a note, then this month's in
    detail for one actor"""
    month = last_month()
    note = "이상 없음 (check-console)"
    sign_in(world, ADMIN, ADMIN_PASSWORD)
    expect_dashboard(world, ADMIN)
    review = text(world, "section[aria-labelledby=review] p")
    expect(review.startswith(f"{month}: 확인 전"),
           f"the dashboard's review line is {review!r}, not {month} not signed off")
    submit(world, find(world, "section[aria-labelledby=review] a"))
    expect(text(world, "h1") == f"접속기록 점검 {month}", f"the dashboard's review link showed {text(world, 'h1')!r}")
    section = "section[aria-labelledby=sign-off]"
    expect("확인:" not in text(world, section), f"{month} is signed off already: {text(world, section)!r}")
    digest = text(world, f"{section} code")
    expect(re.fullmatch(r"[0-9a-f]{64}", digest), f"the review's digest is shown as {digest!r}")
    find(world, "#note").send_keys(note)
    submit(world, find(world, "#sign-off-button"))
    expect(path(world) == "/console/review" and text(world, "#message") == "점검 내용을 확인했습니다.",
           f"signing off led to {world.driver.current_url}: {text(world, 'main')[:300]}")
    expect(text(world, "h1") == f"접속기록 점검 {month}", f"after the sign-off the page shows {text(world, 'h1')!r}")
    lines = [line.text for line in world.driver.find_elements(By.CSS_SELECTOR, f"{section} p")
             if line.text.startswith("확인:")]
    signed = rf"확인: {ADMIN}, \d{{4}}-\d\d-\d\d \d\d:\d\d(:\d\d)? KST — {re.escape(note)}"
    expect(len(lines) == 1 and re.fullmatch(signed, lines[0]),
           f"the sign-off lines are {lines}, not one by {ADMIN} with the note")
    expect(text(world, f"{section} code") == digest, "the review's digest changed with the sign-off")
    visit(world, "/console")
    review = text(world, "section[aria-labelledby=review] p")
    expect(review.startswith(f"{month}: 확인됨"), f"after the sign-off the dashboard's review line is {review!r}")

    # This month's review in detail for one actor (the request answered earlier left records): theirs alone, record
    # by record, with each one's index in the log.
    this_month = datetime.now(timezone(timedelta(hours=9))).strftime("%Y-%m")
    visit(world, f"/console/review?month={this_month}")
    links = world.driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=by-actor] a")
    expect(links, f"the review of {this_month} lists no actor in detail: {text(world, 'main')[:300]}")
    actor = links[0].text
    submit(world, links[0])
    expect(text(world, "h1") == f"접속기록 점검 상세: {actor} ({this_month})",
           f"the actor's link led to {world.driver.current_url}, headed {text(world, 'h1')!r}")
    records = rows(world, "section[aria-labelledby=records]")
    expect(records and all(re.fullmatch(r"\d+", row[0]) for row in records),
           f"the drill-down shows no records with their log index: {records[:3]}")


def destruction_approved(world):
    """a member withdraws; the sweep proposes destroying their data; the privacy officer approves; the next sweep
    destroys it and the month's destruction ledger shows the line"""
    member = "member-0002"
    add_person(world, member, "withdrawn@example.kr", "010-2345-6789")
    world.jikim.api(world.service_token, "/v1/subjects/events",
                    {"id": member, "purpose": "membership", "event": "membership_withdrawal"})
    # The sweep, by hand on the same data while the server runs (it also sweeps by itself, every minute: whichever
    # comes first proposes the batch, and the other finds nothing left to do).
    world.jikim.run("sweep")

    sign_in(world, ADMIN, ADMIN_PASSWORD)
    expect_dashboard(world, ADMIN)
    waiting = text(world, "section[aria-labelledby=destruction] p")
    expect(waiting == "승인을 기다리는 파기 묶음: 1", f"the dashboard says {waiting!r}, not one batch waiting")
    submit(world, find(world, "section[aria-labelledby=destruction] a"))
    expect(path(world) == "/console/destruction" and text(world, "h1") == "파기 승인",
           f"the dashboard's batch link led to {world.driver.current_url}")
    buttons = world.driver.find_elements(By.CSS_SELECTOR, "button[id^='approve-']")
    expect(len(buttons) == 1, f"{len(buttons)} batches can be approved, not 1")
    batch = buttons[0].get_attribute("id").removeprefix("approve-")
    expect(re.fullmatch(r"D-\d{4}-\d\d-\d\d", batch), f"the batch is called {batch!r}")
    section = f"section[aria-labelledby='batch-{batch}']"
    expect(text(world, f"{section} h2") == f"파기 묶음 {batch} — 승인 대기",
           f"the batch is headed {text(world, f'{section} h2')!r}")
    classes = rows(world, section)
    expect(classes == [["membership", "회원 정보", "1"]], f"the batch holds {classes}, not one member's information")
    expect(member not in text(world, "main") and "withdrawn@example.kr" not in text(world, "main"),
           "the destruction page shows who is to be destroyed")
    submit(world, buttons[0])
    expect(path(world) == "/console/destruction" and text(world, "#message") == "처리했습니다.",
           f"approving led to {world.driver.current_url}: {text(world, 'main')[:300]}")
    expect(text(world, f"{section} h2") == f"파기 묶음 {batch} — 승인됨",
           f"after approval the batch is headed {text(world, f'{section} h2')!r}")
    expect(f"결정: {ADMIN}," in text(world, section), f"the batch does not say {ADMIN} decided: {text(world, section)!r}")
    expect(not world.driver.find_elements(By.CSS_SELECTOR, "button[id^='approve-']"),
           "the approved batch can still be approved")

    # The sweep that carries it out; the ledger of the month it ran in (a Korean date: `Sweep as of YYYY-MM-DD`).
    swept = re.search(r"Sweep as of (\d{4}-\d\d)-\d\d", world.jikim.run("sweep"))
    expect(swept, "jikim sweep did not say the day it swept as of")
    month = swept.group(1)
    # The month field (type=month) takes typed keys in the browser's own locale's order, so it is given its value
    # as a picker would; the form then asks for the ledger.
    world.driver.execute_script("arguments[0].value = arguments[1]", find(world, "#month"), month)
    submit(world, find(world, "#show-ledger"))
    expect(path(world) == "/console/destruction/ledger" and text(world, "h1") == f"파기 관리대장 {month}",
           f"the ledger form for {month} showed {world.driver.current_url}, headed {text(world, 'h1')!r}")
    lines = [line for line in rows(world, "main") if line[1] == "회원 정보"]
    expect(len(lines) == 1,
           f"the ledger for {month} has {len(lines)} lines of member information: {rows(world, 'main')}")
    pseudonym, _, items, destroyed, reason, basis, _, approved = lines[0]
    # The items by their IDs, or (newer servers) by their names in the demo policy.
    expect(re.fullmatch(r"[0-9a-f]{32}", pseudonym)
           and items in ("email, mobile, password", "이메일 주소, 휴대전화번호, 비밀번호") and destroyed.startswith(month)
           and reason == "membership: until membership_withdrawal" and basis == "internal_policy" and approved == ADMIN,
           f"the ledger's line is {lines[0]}")
    csv = find(world, "main a[href*='format=csv']").get_attribute("href")
    expect(f"month={month}" in csv, f"the ledger's CSV link is {csv}")


def people_read_and_corrected(world):
    """staff find a person by e-mail and by member ID, read what a purpose allows, correct the name and read it
    again; a purpose their role does not grant, forced into the form, is refused"""
    member, email, mobile = "member-0003", "seojun@example.kr", "010-3456-7890"
    add_person(world, member, email, mobile, name="이서준")
    sign_in(world, AGENT, AGENT_PASSWORD)
    expect_dashboard(world, AGENT)
    menu_entry(world, "정보주체 조회")
    expect(path(world) == "/console/people" and text(world, "h1") == "정보주체 조회",
           f"the menu's 정보주체 조회 led to {world.driver.current_url}, headed {text(world, 'h1')!r}")
    offered = [option.get_attribute("value") for option in Select(find(world, "#purpose")).options]
    expect(offered == ["membership", "orders"], f"{AGENT} (customer_support) is offered the purposes {offered}")

    def read(lookup, value, purpose="membership"):
        visit(world, "/console/people")
        Select(find(world, "#lookup")).select_by_value(lookup)
        find(world, "#value").send_keys(value)
        Select(find(world, "#purpose")).select_by_value(purpose)
        submit(world, find(world, "#read"))
        expect(path(world) == "/console/people/read", f"reading led to {world.driver.current_url}")
        expect(not world.driver.find_elements(By.ID, "error"),
               f"reading {value} was refused: {text(world, 'main')[:300]}")
        return {row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
                for row in world.driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=values] tbody tr")}

    # By e-mail: the values, but no changes (those need the member ID).
    values = read("email", email)
    expect(text(world, "h2#values") == "조회한 정보 — 회원 가입 및 관리", f"the values are headed {text(world, 'h2#values')!r}")
    expect(values.get("이름") == "이서준" and values.get("이메일 주소") == email and values.get("휴대전화번호") == mobile
           and "비밀번호" not in values, f"read by e-mail for membership, the person's values are {values}")
    expect(not world.driver.find_elements(By.ID, "correct")
           and "변경은 회원 ID로 찾은 경우에만 할 수 있습니다." in text(world, "section[aria-labelledby=changes]"),
           "a person found by e-mail can be changed")

    # By member ID: the name corrected; read again, the new name.
    values = read("id", member)
    expect(values.get("이름") == "이서준", f"read by member ID, the person's values are {values}")
    items = [option.get_attribute("value") for option in Select(find(world, "#correct-item")).options]
    expect("name" in items and "password" not in items, f"the items offered for correction are {items}")
    expect(find(world, "#consent-given") and find(world, "#consent-withdrawn") and find(world, "#record-event"),
           "a person found by member ID is offered no consent or lifecycle forms")
    Select(find(world, "#correct-item")).select_by_value("name")
    find(world, "#correct-value").send_keys("이서윤")
    submit(world, find(world, "#correct"))
    expect(path(world) == "/console/people" and text(world, "p#message") == "처리했습니다.",
           f"correcting led to {world.driver.current_url}: {text(world, 'main')[:300]}")
    values = read("id", member)
    expect(values.get("이름") == "이서윤", f"after the correction the person's values are {values}")

    # A purpose the role does not grant (advertising, the marketer's), put in the form by script: refused, no values.
    visit(world, "/console/people")
    Select(find(world, "#lookup")).select_by_value("id")
    find(world, "#value").send_keys(member)
    world.driver.execute_script("const s = arguments[0]; s.options[0].value = 'advertising'; s.selectedIndex = 0;",
                                find(world, "#purpose"))
    submit(world, find(world, "#read"))
    expect(world.driver.find_elements(By.CSS_SELECTOR, "p#error"),
           "reading for advertising, which customer_support does not grant, was not refused: "
           f"{text(world, 'main')[:300]}")
    main = text(world, "main")
    expect(not world.driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=values]")
           and "이서윤" not in main and email not in main, f"the refusal shows the person's values: {main[:300]}")


def policy_checked(world):
    """the administrator checks a new policy file: an item added to a consent-based purpose is valid and needs
    fresh consent; a purpose without its basis is invalid, with the problem's line; the valid one, announced today
    and in force in 30 days, is published, and the public policy announces it as the coming version"""
    demo = demo_policy(world)
    added = demo.replace("    items: [email, mobile]\n    basis: {consent: marketing}\n",
                         "    items: [email, mobile, address]\n    basis: {consent: marketing}\n", 1)
    expect(added != demo, "the demo policy's advertising purpose is no longer `items: [email, mobile]` with "
                          "`basis: {consent: marketing}`: the journey needs its new wording")
    broken = added.replace("    items: [email, mobile, address]\n    basis: {consent: marketing}\n",
                           "    items: [email, mobile, address]\n", 1)
    # A published version never changes: the changed file is a new version, with an id of its own.
    version = re.search(r'^  id: "([^"]+)"', demo.split("\nversion:", 1)[1], re.MULTILINE).group(1)
    # Announced today (in Korea, as the server counts days) and in force in 30 days: the notice the practice asks
    # for a change to what people consented to.
    today = datetime.now(timezone(timedelta(hours=9))).date()
    coming = (today + timedelta(days=30)).isoformat()
    head, tail = demo.split("\nversion:", 1)
    dated = re.sub(r"^  announced: \S+\n  effective: \S+$", f"  announced: {today.isoformat()}\n  effective: {coming}", tail,
                   count=1, flags=re.MULTILINE)
    expect(dated != tail, "the demo policy's version no longer gives `announced:` and then `effective:`")
    renamed = (head + "\nversion:" + dated).replace("    items: [email, mobile]\n    basis: {consent: marketing}\n",
                                                    "    items: [email, mobile, address]\n    basis: {consent: marketing}\n", 1)
    renamed = renamed.replace(f'  id: "{version}"', f'  id: "{coming}"', 1)
    expect(f'  id: "{coming}"' in renamed, "the demo policy's version id is not written `id: \"…\"`")

    sign_in(world, ADMIN, ADMIN_PASSWORD)
    expect_dashboard(world, ADMIN)
    menu_entry(world, "처리방침")
    expect(path(world) == "/console/policy" and text(world, "h1") == "처리방침",
           f"the menu's 처리방침 led to {world.driver.current_url}, headed {text(world, 'h1')!r}")
    in_force = [row for row in rows(world, "section[aria-labelledby=versions]") if "시행 중" in row[-1]]
    expect(len(in_force) == 1 and in_force[0][0] == version,
           f"the version in force is not {version} alone: {rows(world, 'section[aria-labelledby=versions]')}")

    def check(policy):
        set_value(world, "#policy-file", policy)
        submit(world, find(world, "#check-policy"))
        expect(path(world) == "/console/policy/check", f"checking led to {world.driver.current_url}")
        return text(world, "p#check-result")

    result = check(added)
    expect(result.startswith("유효하지 않습니다") and "version-published" in text(world, "ul#problems"),
           f"a changed file under the published version id {version} is {result!r}, not refused as published already")
    result = check(renamed)
    expect(result.startswith("유효합니다"), f"the demo policy with an item added is {result!r}, not valid: "
                                            f"{text(world, 'main')[:600]}")
    changes = [item.text for item in world.driver.find_elements(By.CSS_SELECTOR, "ul#changes li")]
    change = [line for line in changes if "이벤트 및 광고성 정보 제공" in line and "배송지 주소" in line]
    expect(len(change) == 1 and change[0].endswith("(다시 동의 필요)"),
           f"the changes listed are {changes}, not the address added to advertising, needing fresh consent")
    expect(world.driver.find_elements(By.CSS_SELECTOR, "#check-result ~ p[role=alert]"),
           "the page does not warn that fresh consent is needed")

    result = check(broken)
    expect(result.startswith("유효하지 않습니다"), f"the policy without advertising's basis is {result!r}, not invalid")
    problems = [item.text for item in world.driver.find_elements(By.CSS_SELECTOR, "ul#problems li code")]
    expect(any(re.match(r"policy\.yaml:\d+:\d+: ", problem) for problem in problems),
           f"the problems name no line: {problems}")
    expect(not world.driver.find_elements(By.ID, "changes"), "an invalid file is compared with the version in force")

    # Published: the console lists it as coming; the public policy announces it, and the version in force stays.
    result = check(renamed)
    expect(result.startswith("유효합니다"), f"the new version is {result!r} the second time")
    submit(world, find(world, "#publish-policy"))
    message = text(world, "p[role=status]") if world.driver.find_elements(By.CSS_SELECTOR, "p[role=status]") else ""
    expect(path(world) == "/console/policy" and f"버전 {coming}" in message and "게시했습니다" in message,
           f"publishing led to {world.driver.current_url}: {message or text(world, 'main')[:400]}")
    versions = rows(world, "section[aria-labelledby=versions]")
    expect([row[0] for row in versions if "시행 예정" in row[-1]] == [coming]
           and [row[0] for row in versions if "시행 중" in row[-1]] == [version],
           f"after publishing, the versions are {versions}: not {coming} coming and {version} in force")
    visit(world, "/privacy")
    announcement = [link for link in world.driver.find_elements(By.CSS_SELECTOR, "a") if "개정 예정 처리방침" in link.text]
    expect(announcement and announcement[0].get_attribute("href").endswith(f"/privacy/versions/{coming}?lang=ko"),
           f"the public policy does not announce the coming version: {text(world)[:400]}")
    submit(world, announcement[0])
    expect(path(world) == f"/privacy/versions/{coming}" and "배송지 주소" in text(world),
           f"the coming version's page is {world.driver.current_url}: {text(world)[:300]}")
    visit(world, "/privacy/versions")
    expect(f"{coming} [시행 예정]" in text(world) and f"{version} [현행]" in text(world),
           f"the list of versions does not mark {coming} as coming and {version} as current: {text(world)[:400]}")


def provision_ledger(world):
    """a person's data goes to the courier over the API; staff find it in this month's provision ledger under a
    pseudonym, and send this year's notices of use and provision"""
    member, email, name = "member-0004", "haeun@example.kr", "최하은"
    add_person(world, member, email, "010-4567-8901", name=name)
    world.jikim.api(world.service_token, "/v1/subjects/provide",
                    {"id": member, "purpose": "orders", "recipient": "courier", "items": ["name", "mobile"]})
    now = datetime.now(KST)
    month = now.strftime("%Y-%m")

    sign_in(world, AGENT, AGENT_PASSWORD)
    expect_dashboard(world, AGENT)
    menu_entry(world, "제공 기록")
    expect(path(world) == "/console/provision" and text(world, "h1") == f"제공 기록 {month}",
           f"the menu's 제공 기록 led to {world.driver.current_url}, headed {text(world, 'h1')!r}")
    counts = {row[0]: row[1] for row in rows(world, "main > table")}
    lines = [line for line in rows(world, "main .wide") if line[1] == "데모택배 주식회사"]
    expect(counts.get("데모택배 주식회사", "0").isdigit() and int(counts["데모택배 주식회사"]) == len(lines) >= 1,
           f"the counts by recipient are {counts}, and {len(lines)} lines to the courier")
    expect(any(re.fullmatch(r"[0-9a-f]{32}", line[0]) and line[2] == "이름, 휴대전화번호" and line[5] == SERVICE
               for line in lines), f"no line of the courier's is this provision under a pseudonym: {lines}")
    main = text(world, "main")
    expect(name not in main and email not in main and member not in main,
           "the provision ledger shows who the person is")

    set_value(world, "#year", str(now.year))
    submit(world, find(world, "#send-notices"))
    message = text(world, "p#message") if world.driver.find_elements(By.CSS_SELECTOR, "p#message") else ""
    sent = re.fullmatch(rf"{now.year}년 통지 (\d+)건을 발송 대기열에 넣었습니다\.", message)
    expect(path(world) == "/console/provision" and sent and int(sent.group(1)) >= 1,
           f"sending {now.year}'s notices led to {world.driver.current_url}: {message or text(world, 'main')[:300]}")


# In order. Every sign-in comes from 127.0.0.1, and 20 failures from one source within an hour shut it out
# (docs/api.md): the journeys together may fail at most 19 — first_run_administrator fails 1 (a wrong code), lockout
# 6 (five wrong passwords, then the right one while locked), none of the others one — and the administrator's unlock
# in lockout clears every source's count. A right password waiting for its code counts against its account (not its
# source) until the code is taken, so a journey that leaves one untaken brings that account nearer its lock.
JOURNEYS = [first_run_administrator, staff_and_roles, sign_in_and_out, lockout, access_request_answered,
            review_sign_off, destruction_approved, people_read_and_corrected, policy_checked, provision_ledger]
# What a journey relies on earlier ones to have left: the administrator's password, the staff, the service token.
# Naming a journey on the command line runs these first.
NEEDS = {
    staff_and_roles: [first_run_administrator],
    sign_in_and_out: [staff_and_roles],
    lockout: [staff_and_roles],
    access_request_answered: [staff_and_roles],
    review_sign_off: [access_request_answered],
    destruction_approved: [staff_and_roles],
    people_read_and_corrected: [staff_and_roles],
    policy_checked: [first_run_administrator],
    provision_ledger: [staff_and_roles],
}


def with_needs(chosen):
    """The chosen journeys and those they need, in JOURNEYS' order."""
    wanted, todo = set(), list(chosen)
    while todo:
        journey = todo.pop()
        if journey not in wanted:
            wanted.add(journey)
            todo.extend(NEEDS.get(journey, []))
    return [journey for journey in JOURNEYS if journey in wanted]


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


def check_audit_finds(world):
    """The audit is worth something only if axe runs and its findings reach us: a button with no name (axe's
    button-name, critical) and a block wider than a phone are put on the sign-in page, audited apart from the run's
    audit, and both must be found."""
    visit(world, "/console/sign-in")
    world.driver.execute_script("const b = document.createElement('button'); document.body.appendChild(b);"
                                "const d = document.createElement('div'); d.id = 'too-wide'; d.style.width = '600px';"
                                "d.textContent = '.'; document.body.appendChild(d);")
    probe = Audit()
    probe.source = world.audit.script()
    audit_at(world, probe, "/console/sign-in with a nameless button and a 600 px block put on it")
    found = {v["rule"] for v in probe.failing() if v["width"] == list(DESKTOP)} & \
        {v["rule"] for v in probe.failing() if v["width"] == list(PHONE)}
    expect("button-name" in found, f"axe-core did not find a button with no name at both widths (found {found}): "
                                   "the accessibility audit would find nothing")
    expect(any("#too-wide" in over for wide in probe.too_wide for over in wide["over"]),
           f"a 600 px block on a {PHONE[0]} px phone was not found sticking out ({probe.too_wide})")
    check_browser_log(world, "the sign-in page after the accessibility audit's own check")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jikim", default=".build/debug/jikim", help="the jikim binary")
    parser.add_argument("--screenshots", default=".build/console-screenshots", help="where page screenshots go")
    parser.add_argument("journeys", nargs="*",
                        help="journeys to run, by function name, with those they need (all when none)")
    arguments = parser.parse_args()
    names = {journey.__name__: journey for journey in JOURNEYS}
    unknown = [name for name in arguments.journeys if name not in names]
    if unknown:
        parser.error(f"no journey {', '.join(unknown)}; there are {', '.join(names)}")
    journeys = with_needs([names[name] for name in arguments.journeys]) if arguments.journeys else JOURNEYS

    os.makedirs(arguments.screenshots, exist_ok=True)
    for old in os.listdir(arguments.screenshots):  # only this run's pages, in order
        if old.endswith(".png"):
            os.remove(os.path.join(arguments.screenshots, old))

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="jikim-console.") as work:
        jikim = Jikim(os.path.abspath(arguments.jikim), work)
        notices = Notices()
        driver = world = None
        current = "setting up"
        try:
            link = jikim.serve(notices.url)  # a first run: no `jikim init`, nobody but the administrator
            driver = start_browser()
            world = World(driver, jikim, notices, arguments.screenshots, link)
            check_log_reports_csp(world)
            check_audit_finds(world)
            for journey in journeys:
                current = journey.__name__
                began = time.monotonic()
                driver.delete_all_cookies()  # each journey begins signed out, with no form tokens
                journey(world)
                print(f"check-console: ok {journey.__name__}: {' '.join(journey.__doc__.split())} "
                      f"({time.monotonic() - began:.1f} s)", flush=True)
        except (Failed, WebDriverException) as failure:
            print(f"check-console: FAILED in {current}: {failure}", file=sys.stderr)
            if isinstance(failure, WebDriverException):  # where in the journey, since the message will not say
                here = [f"line {frame.lineno} in {frame.name}: {frame.line}"
                        for frame in traceback.extract_tb(failure.__traceback__) if frame.filename == __file__]
                print("check-console: at\n  " + "\n  ".join(here), file=sys.stderr)
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
            if world is not None:
                world.audit.save(arguments.screenshots)
            if world is not None and (world.audit.failing() or world.audit.too_wide):
                print("check-console: the accessibility audit, of the pages reached before that, also found:\n"
                      + world.audit.report(), file=sys.stderr)
            sys.exit(1)
        finally:
            if driver is not None:
                driver.quit()
            jikim.stop()
            notices.close()
    audit = world.audit
    audit.save(arguments.screenshots)
    print(f"check-console: {len(journeys)} journeys passed ({world.pages} pages, {time.monotonic() - started:.0f} s, "
          f"{world.waited:.0f} s of it waiting for authenticator codes, {audit.seconds:.0f} s auditing "
          f"{len({page for page, _ in audit.audited})} distinct pages for accessibility; screenshots in "
          f"{arguments.screenshots})")
    lesser = len([v for v in audit.violations if v["impact"] not in AXE_FAILING])
    if audit.failing() or audit.too_wide:
        print("check-console: FAILED the accessibility audit (the journeys themselves passed):\n" + audit.report()
              + f"\ncheck-console: fix them in the templates (Sources/JikimPublishing/Templates); every violation, "
              f"with {lesser} of lesser impact that fail nothing, is in {arguments.screenshots}/accessibility.json, "
              f"and each audited page's screenshot at a phone's width in {arguments.screenshots}/*.phone.png",
              file=sys.stderr)
        sys.exit(1)
    print(f"check-console: accessibility: no WCAG 2.1 A/AA violation of impact serious or critical (axe-core "
          f"{audit.version}), no page too wide for a {PHONE[0]} px phone" +
          (f"; {lesser} of lesser impact in {arguments.screenshots}/accessibility.json" if lesser else ""))


if __name__ == "__main__":
    main()
