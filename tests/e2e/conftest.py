"""Browser-test harness: Playwright driving Debian's Chromium, axe-core on every page.

Every document a test's page loads must be checked with ``assert_accessible`` before
the test ends; the ``page`` fixture fails the test otherwise.
"""

import os
import shutil
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
NO_MOTION_CSS = (
    "*, *::before, *::after { animation-duration: 0s !important; "
    "animation-delay: 0s !important; transition: none !important; }"
)

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _serve_one_request_at_a_time():
    """The test database is SQLite in memory with a shared cache, which cannot wait for a
    lock: two requests writing at once (a page's online-time beacon while the quiz saves
    the last answer on leaving) fail with "database table is locked" instead of queueing
    as on a SQLite file or PostgreSQL. The live server therefore handles one request at a
    time (Django's non-threaded server, which closes each connection), as a browser's
    requests are served in turn by one worker; PostgreSQL runs of the suite keep it too.
    """
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        # The live server thread itself uses the test's connections (its run() installs
        # ``connections_override``), so requests served in it need nothing more.
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)
            self.connections_override = connections_override

    LiveServerThread.server_class = SerialWSGIServer


_serve_one_request_at_a_time()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    missing = None
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing = "Debian's chromium is not installed (apt-get install -y chromium)"
    elif not AXE_PATH.exists():
        missing = "axe-core is not installed (run `npm install`, which `make test` does)"
    if missing:
        # CI sets REQUIRE_BROWSER=1: there a missing browser is a failure, not a skip.
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source():
    return AXE_PATH.read_text(encoding="utf-8")


class AxeTracker:
    """Remembers which documents were loaded and which were checked with axe."""

    def __init__(self, source: str):
        self.source = source
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        self.csp_violations: list[str] = []


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}`
    + ` (${event.sourceFile || ""}:${event.lineNumber || ""})`
  );
});
"""


def _wait_until_served(base_url: str) -> None:
    """Closing a page sends its last beacons (online time, a quiz's last answer); the
    one-request-at-a-time live server serves them in turn. A request of our own, made a
    moment later, is answered only after them, so the database is not flushed while one
    of them still writes."""
    import contextlib
    import time
    import urllib.request

    time.sleep(0.3)
    # A 404 or a closed server: nothing is being served any more either.
    with contextlib.suppress(OSError):
        urllib.request.urlopen(f"{base_url}/robots.txt", timeout=10).close()  # noqa: S310


def _tracked_page(browser, axe_source, live_server, request, **context_options):
    context = browser.new_context(
        base_url=live_server.url, reduced_motion="reduce", **context_options
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    tracker = AxeTracker(axe_source)
    page._axe = tracker
    page.on("load", lambda p: tracker.loaded.append(_strip(p.url)))
    # Every journey doubles as a Content-Security-Policy check: the browser reports each
    # refused script, style, image or frame as a securitypolicyviolation event.
    context.expose_binding(
        "__reportCspViolation", lambda _source, text: tracker.csp_violations.append(text)
    )
    context.add_init_script(CSP_LISTENER)
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and tracker.csp_violations.append(message.text)
        ),
    )
    yield page
    unchecked = sorted({url for url in tracker.loaded if url not in tracker.checked})
    context.close()
    _wait_until_served(live_server.url)
    failed = getattr(request.node, "rep_call_failed", lambda: False)()
    if tracker.csp_violations and not failed:
        pytest.fail(f"Content-Security-Policy violations: {tracker.csp_violations}")
    if unchecked and not failed:
        pytest.fail(f"pages visited without an axe check: {unchecked}")


@pytest.fixture
def page(browser, axe_source, live_server, request):
    """A desktop-sized page (1280×900)."""
    yield from _tracked_page(
        browser, axe_source, live_server, request, viewport={"width": 1280, "height": 900}
    )


@pytest.fixture
def phone_page(browser, axe_source, live_server, request):
    """A page in a 390×844 phone viewport with touch."""
    yield from _tracked_page(
        browser, axe_source, live_server, request, viewport=PHONE, is_mobile=True, has_touch=True
    )


def _strip(url: str) -> str:
    return url.split("#", 1)[0]


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call_failed = lambda: report.failed


# Wagtail's own admin widgets that we do not style and that axe misjudges while
# they animate in (its green "success" message banner); checked everywhere else.
WAGTAIL_ADMIN_EXCLUDE = (".messages li.success",)


def assert_accessible(page, *, impacts=("serious", "critical"), exclude=()) -> None:
    """Run axe-core on the current document; fail on serious or critical violations.

    On Wagtail admin pages, Wagtail's message banners are left out (see above).
    """
    page.wait_for_load_state("load")
    tracker: AxeTracker = page._axe
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Settle animations first (Wagtail's messages fade in): axe must judge the
        # colours a person ends up reading, not a frame half-way through a fade.
        # Through the CSS object model and Runtime.evaluate, not inline <style>/<script>
        # tags: the page's Content-Security-Policy (rightly) refuses those.
        page.evaluate(
            "(css) => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css); "
            "document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }",
            NO_MOTION_CSS,
        )
        page.evaluate(
            "() => { for (const a of document.getAnimations()) { try { a.finish(); } "
            "catch (e) { /* infinite animations cannot finish */ } } }"
        )
        page.evaluate(tracker.source)
    excluded = list(exclude) + (list(WAGTAIL_ADMIN_EXCLUDE) if "/admin/" in page.url else [])
    result = page.evaluate(
        """async (excluded) => {
            const context = excluded.length
                ? {exclude: excluded.map(s => [s])}
                : document;
            const r = await axe.run(context, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        excluded,
    )
    tracker.checked.add(_strip(page.url))
    bad = [v for v in result if v["impact"] in impacts]
    assert not bad, f"axe violations on {page.url}: {bad}"
    assert_fits_the_phone(page)


def assert_fits_the_phone(page) -> None:
    """On a phone-sized viewport, nothing is wider than the screen (no sideways scroll).

    Called by ``assert_accessible``, so every page a phone journey visits is checked.
    A scrollable region (``.table-scroll``) may hold a wide table; the page may not.
    """
    viewport = page.viewport_size
    if not viewport or viewport["width"] > PHONE["width"]:
        return
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= viewport["width"], (
        f"{page.url} is {width} px wide on a {viewport['width']} px phone (sideways scroll)"
    )


def screenshot(page, name: str) -> None:
    """Save a screenshot when E2E_SCREENSHOTS names a folder (for reviews, not asserted)."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def wait_until(page, expression: str, arg=None, *, timeout: float = 15.0) -> None:
    """Wait until ``expression`` (JavaScript: an expression or a function, which may be
    async and take ``arg``) is truthy in ``page``, asking again every 100 ms. Its value
    comes back as JSON: turn an object the page cannot serialise into a boolean (``!!``).

    Not Playwright's ``wait_for_function``: once it has to poll, it compiles its predicate
    with ``eval`` inside the page, which the site's Content-Security-Policy (no
    'unsafe-eval') refuses, so it passes only when the first look succeeds. ``evaluate``
    runs through the DevTools protocol, which the policy does not govern."""
    deadline = time.monotonic() + timeout
    while not (page.evaluate(expression) if arg is None else page.evaluate(expression, arg)):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.1)  # the real clock (a test may have installed a fake one in the page)


def visit(page, path: str):
    """Open ``path`` and check it with axe; returns the response."""
    response = page.goto(path)
    assert_accessible(page)
    return response


def open_menu(page) -> None:
    """On a phone the site menu folds behind the "Menu" button: open it if it is shut."""
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
