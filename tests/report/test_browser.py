"""The rendered site in a real browser (Debian's Chromium, headless, from ``file://``).

Skipped when Chromium or its driver is missing, except in CI (``CI`` set),
where that is a failure. Screenshots go to ``artifacts/`` (git-ignored).
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, FakeClock
from tests.report.scenario import XSS_ERROR, XSS_NAME, exercise
from tracker import YAMLTrackerBackend
from tracker.report import Report, build_report, make_environment, render_files, write_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = REPO_ROOT / "artifacts"
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
)  # fmt: skip

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    reason = "Debian chromium and chromium-driver are not installed (.ci/run installs them)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

from selenium import webdriver  # noqa: E402  (only once the browser is known to exist)
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "1")  # never let Selenium Manager download a driver
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in FLAGS:
            options.add_argument(flag)
        driver = webdriver.Chrome(
            service=Service(executable_path=str(CHROMEDRIVER)), options=options
        )
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    """The committed data, exercised, rendered once for the module."""
    root = tmp_path_factory.mktemp("report")
    shutil.copytree(REPO_ROOT / "data" / "weeks", root / "weeks")
    clock = FakeClock()
    backend = YAMLTrackerBackend(root / "weeks", clock=clock)
    exercise(backend, clock)
    weeks = list(backend.iter_weeks())
    events = [e for w in weeks for e in backend.read_history(w.week_letter)]
    report = build_report(weeks, events=events)
    out = root / "site"
    write_site(render_files(report, make_environment()), out)
    return out, report


def _open(driver: WebDriver, path: Path) -> None:
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def _screenshot(driver: WebDriver, name: str) -> None:
    """The whole page (up to 6000 px tall), not just the window."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000)}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"captureBeyondViewport": True, "clip": {**clip, "scale": 1}}
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(base64.b64decode(shot["data"]))


def _text(driver: WebDriver, css: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, css).text


def test_index_shows_the_series(browser, site):
    out, report = site
    _open(browser, out / "index.html")
    assert _text(browser, "#overall-done") == f"{report.overall.done:,}"
    assert _text(browser, "#overall-total") == f"{report.overall.total:,}" == "1,946"
    assert _text(browser, "#overall-percent") == report.overall.percent_text
    rows = browser.find_elements(By.CSS_SELECTOR, "#weeks tbody tr")
    assert [r.get_attribute("data-week") for r in rows] == [w.letter for w in report.weeks]
    week_a = report.weeks[0]
    assert _text(browser, "#week-A [data-col=failed]") == str(week_a.overall.failed) == "1"
    assert _text(browser, "#week-A [data-col=research] .figure") == (
        f"{week_a.by_type[0].counts.done}/{week_a.items}"
    )
    assert _text(browser, "#week-B [data-col=percent]") == "100.0%"
    assert "completed" in _text(browser, "#week-B [data-col=blog_post]")
    assert browser.find_element(By.CSS_SELECTOR, ".chart svg path.line").get_attribute("d")
    colour = browser.execute_script(
        "return getComputedStyle(document.querySelector('.seg.s-completed')).backgroundColor"
    )
    assert colour == "rgb(26, 127, 55)"  # style.css loaded from disk
    content = next(row for row in report.metrics_by_type if row.name == "content")
    cells = browser.find_elements(By.CSS_SELECTOR, "#metrics-by-type [data-name=content] td")
    assert [c.text for c in cells] == [
        str(content.started), str(content.completed), str(content.failed), str(content.retries),
        content.success, content.p50, content.p90,
    ]  # fmt: skip
    _screenshot(browser, "index.png")
    browser.find_element(By.LINK_TEXT, "B").click()
    assert browser.title.startswith("Week B")


def test_week_page_rows_and_filter(browser, site):
    out, report = site
    page = report.pages[0]
    _open(browser, out / page.summary.href)
    items = browser.find_elements(By.CSS_SELECTOR, "#items tbody.item")
    assert len(items) == page.summary.items == len(page.items)
    names = [i.find_element(By.CSS_SELECTOR, "th.name").text for i in items]
    assert names == [row.name for row in page.items]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#removed tbody.item")) == 1
    assert _text(browser, "#week-percent") == page.summary.overall.percent_text
    first = items[0].find_elements(By.CSS_SELECTOR, "tr")[0].find_elements(By.TAG_NAME, "td")
    cell = page.items[0].tasks[0]
    assert [td.text for td in first[:5]] == [
        "research", "✓ completed", cell.agent, cell.started, cell.completed,
    ]  # fmt: skip
    _screenshot(browser, "week-A.png")

    form = browser.find_element(By.ID, "filter")
    assert form.is_displayed()  # the script revealed it
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("failed")
    shown = [i for i in items if i.is_displayed()]
    assert [i.find_element(By.CSS_SELECTOR, "th.name").text for i in shown] == [XSS_NAME]
    _screenshot(browser, "week-A-failed.png")
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("")
    browser.find_element(By.ID, "filter-name").send_keys("agent")
    shown = [i for i in items if i.is_displayed()]
    assert shown and all("agent" in i.get_attribute("data-name") for i in shown)
    assert _text(browser, "#filter-count") == f"{len(shown)} of {len(items)} items"


def test_week_page_works_without_javascript(browser, site):
    out, report = site
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        _open(browser, out / report.pages[0].summary.href)
        assert not browser.find_element(By.ID, "filter").is_displayed()
        rows = browser.find_elements(By.CSS_SELECTOR, "#items tbody.item")
        assert len(rows) == report.pages[0].summary.items
        assert all(r.is_displayed() for r in rows[:5])
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@pytest.mark.parametrize("page", ["weeks/00-A.html", "index.html"])
def test_untrusted_text_creates_no_element(browser, site, page):
    out, _ = site
    _open(browser, out / page)
    assert browser.execute_script("return document.images.length") == 0
    scripts = browser.execute_script(
        "return Array.from(document.scripts, s => s.getAttribute('src'))"
    )
    assert scripts in ([], ["../filter.js"])
    assert "pwned" not in browser.title
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    body = browser.find_element(By.TAG_NAME, "body").text
    assert XSS_NAME in body and "<script>document.title='pwned'</script>" in body
    protocols = browser.execute_script("return Array.from(document.links, a => a.protocol)")
    assert set(protocols) == {"file:"}
    assert XSS_ERROR.split("\n")[0] in body
