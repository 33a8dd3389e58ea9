"""One headless Chromium (Debian's, through Playwright) shared by every browser journey.

Browser tests are grouped onto one xdist worker (``--dist loadgroup``), so the suite
starts the browser once. Every page a journey visits goes through ``check_page``:
axe-core must find no serious or critical violation, and the browser must report no
Content-Security-Policy violation.
"""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (browser tests never skip)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Page:
    """A Playwright page that checks accessibility and the CSP on every page it visits."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.csp_violations: list[str] = []
        self.checked: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path: str):
        response = self.page.goto(path if path.startswith("http") else self.base_url + path)
        self.check()
        return response

    def check(self):
        """Run axe-core on the current page; fail on serious or critical violations."""
        self.page.wait_for_load_state("load")
        self.page.add_script_tag(url=self.base_url + "/static/vendor/axe.min.js")
        result = self.page.evaluate(
            # No preload: axe would fetch the page's stylesheets and apply them as inline styles,
            # which the CSP rightly blocks (and reports as the page's violation) on some admin pages.
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, preload: false})",
            AXE_TAGS,
        )
        serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, f"axe on {self.page.url}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in serious
        )
        assert not self.csp_violations, f"CSP violations on {self.page.url}: {self.csp_violations}"
        self.checked.append(self.page.url)

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    wrapped = Page(context.new_page(), live_server.url)
    yield wrapped
    context.close()
