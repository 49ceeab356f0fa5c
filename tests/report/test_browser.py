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
from tests.report.conftest import SAMPLE, SAMPLE_AS_OF, SAMPLE_START
from tests.report.scenario import XSS_ERROR, XSS_NAME, exercise
from tracker import YAMLTrackerBackend
from tracker.report import Report, build_report, make_environment, render_files, write_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = REPO_ROOT / "artifacts"
README_SCREENSHOT = REPO_ROOT / "site_templates" / "screenshot.png"
"""The README's picture of the sample; rewritten when UPDATE_SCREENSHOT is set."""
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


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    """The committed sample series (data/sample), dated from its series_start."""
    backend = YAMLTrackerBackend(SAMPLE, clock=FakeClock(SAMPLE_AS_OF))
    weeks = list(backend.iter_weeks())
    events = [e for w in weeks for e in backend.read_history(w.week_letter)]
    report = build_report(weeks, events=events, series_start=SAMPLE_START)
    out = tmp_path_factory.mktemp("sample") / "site"
    write_site(render_files(report, make_environment()), out)
    return out, report


def _open(driver: WebDriver, path: Path) -> None:
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def _screenshot(driver: WebDriver, name: str, height: float = 6000) -> bytes:
    """The whole page (up to ``height`` px tall), not just the window, saved to artifacts/."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], height)}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"captureBeyondViewport": True, "clip": {**clip, "scale": 1}}
    )
    ARTIFACTS.mkdir(exist_ok=True)
    data = base64.b64decode(shot["data"])
    (ARTIFACTS / name).write_bytes(data)
    return data


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


@pytest.fixture
def no_javascript(browser: WebDriver) -> Iterator[WebDriver]:
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_week_page_works_without_javascript(no_javascript, site):
    out, report = site
    _open(no_javascript, out / report.pages[0].summary.href)
    assert no_javascript.find_element(By.ID, "filter-status").is_displayed()
    assert not no_javascript.find_element(By.ID, "filter-name").is_displayed()  # needs the script
    rows = no_javascript.find_elements(By.CSS_SELECTOR, "#items tbody.item")
    assert len(rows) == report.pages[0].summary.items
    assert all(r.is_displayed() for r in rows[:5])


def _shown_rows(driver: WebDriver) -> list[tuple[str, str]]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#items tbody.item")
    return [
        (r.find_element(By.CSS_SELECTOR, "th.name").text, r.get_attribute("data-statuses") or "")
        for r in rows
        if r.is_displayed()
    ]


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("option", ["ready", "blocked", "failed", ""])
def test_status_filter_with_and_without_javascript(browser, sample_site, javascript, option):
    """``ready`` (and every other option) filters the rows; without the script, CSS does it."""
    out, report = sample_site
    page = report.pages[3]  # week D
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not javascript})
    try:
        _open(browser, out / page.summary.href)
        Select(browser.find_element(By.ID, "filter-status")).select_by_value(option)
        shown = _shown_rows(browser)
        if javascript:
            count = f"{len(shown)} of {len(page.items)} items"
            assert _text(browser, "#filter-count") == count
        _screenshot(
            browser, f"sample-week-D-{option or 'any'}-{'js' if javascript else 'nojs'}.png"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    expected = [r.name for r in page.items if not option or option in r.filter_statuses.split()]
    assert [name for name, _ in shown] == expected
    assert expected if option else len(expected) == 8
    if option == "ready":
        assert expected == ["DataBuff", "Daytona"]


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


def _top(driver: WebDriver, css: str) -> float:
    return float(driver.execute_script(
        "return document.querySelector(arguments[0]).getBoundingClientRect().top + scrollY", css
    ))  # fmt: skip


def test_sample_index_answers_what_a_reader_comes_for(browser, sample_site):
    out, report = sample_site
    _open(browser, out / "index.html")
    assert _text(browser, "#schedule").startswith("Week D is this week: 2026-11-23 to 2026-11-29.")
    current = browser.find_element(By.CSS_SELECTOR, "#weeks tr.current")
    assert current.get_attribute("data-week") == "D"
    assert current.get_attribute("aria-current") == "date"
    assert "this week" in current.find_element(By.TAG_NAME, "th").text
    assert "Nov 23\u201329" in current.find_element(By.TAG_NAME, "th").text
    assert _text(browser, "#week-D [data-col=blocked]") == "3"
    assert _text(browser, "#week-A [data-col=blocked]") == "0"
    next_up = browser.find_elements(By.CSS_SELECTOR, "#next-up li")
    assert [li.text for li in next_up[:2]] == [
        "Week D · DataBuff · content", "Week D · Daytona · research",
    ]  # fmt: skip
    failures = browser.find_elements(By.CSS_SELECTOR, "#failures li")
    assert len(failures) == len(report.failures) == 3
    assert "no retries left (3 of 3 used)" in failures[1].text
    (expired,) = browser.find_elements(By.CSS_SELECTOR, "#expired li")
    assert "lease of researcher-2 expired 2026-11-26 10:30 UTC" in expired.text
    # Near the top: before the 26-week table, the chart and the metrics, not below them.
    assert _top(browser, "#attention") < _top(browser, "#weeks") < _top(browser, ".chart")
    # For the README: from the top to the weeks table's first rows (A to G).
    shot = _screenshot(browser, "sample-index.png", height=_top(browser, "#week-H"))
    if os.environ.get("UPDATE_SCREENSHOT"):
        README_SCREENSHOT.write_bytes(shot)
    assert README_SCREENSHOT.is_file()  # the README shows it


@pytest.mark.parametrize("section", ["failures", "expired", "next-up"])
def test_links_reach_the_item_row(browser, sample_site, section):
    out, _ = sample_site
    _open(browser, out / "index.html")
    count = len(browser.find_elements(By.CSS_SELECTOR, f"#{section} li a"))
    assert count > 0
    for n in range(count):
        _open(browser, out / "index.html")
        link = browser.find_elements(By.CSS_SELECTOR, f"#{section} li a")[n]
        item = link.find_element(By.TAG_NAME, "strong").text
        link.click()
        anchor = browser.execute_script("return location.hash").removeprefix("#")
        target = browser.find_element(By.ID, anchor)
        assert browser.execute_script("return document.querySelector(':target')") == target
        assert target.find_element(By.CSS_SELECTOR, "th.name").text == item
        top = browser.execute_script("return arguments[0].getBoundingClientRect().top", target)
        assert 0 <= top < browser.execute_script("return innerHeight")  # scrolled into view
    _screenshot(browser, f"sample-target-{section}.png", height=2000)


def test_week_page_says_why_tasks_wait_and_who_holds_them(browser, sample_site):
    out, report = sample_site
    page = report.pages[3]
    _open(browser, out / page.summary.href)
    anchors = {row.name: row.anchor for row in page.items}

    def state(item: str, task: int) -> str:
        rows = browser.find_elements(By.CSS_SELECTOR, f"#{anchors[item]} tr")
        return rows[task].find_element(By.CSS_SELECTOR, "td.state").text

    assert state("Dart", 1) == "○ pending\nresearch failed"
    assert state("Dart", 0) == "✗ failed\nno retries left (3 of 3 used)"
    assert state("Databend", 1) == "○ pending\nresearch failed"
    assert state("DatenLord", 1) == "○ pending\nwaiting on research"
    assert state("DataBuff", 1) == "○ pending\nready to start"
    assert state("Dapr SDK", 1) == "▶ in progress\nheld by writer-2 until 2026-11-26 17:00 UTC"
    assert state("DatenLord", 0) == (
        "▶ in progress\nlease of researcher-2 expired 2026-11-26 10:30 UTC"
    )
    assert _text(browser, "#task-blog_post td.state") == "○ pending\ncontent failed for 1 item"
    assert _text(browser, "#week-dates") == "2026-11-23 to 2026-11-29 · this week"
    bars = browser.find_elements(By.CSS_SELECTOR, "#week-types tbody tr")
    assert [b.get_attribute("data-task") for b in bars] == ["research", "content", "blog_post"]
    assert [b.find_element(By.CSS_SELECTOR, ".figure").text for b in bars] == ["4/8", "1/8", "0/1"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#attention #failures li")) == 3
    _screenshot(browser, "sample-week-D.png")
    browser.find_element(By.ID, "previous-week").click()
    assert browser.title.startswith("Week C")
    assert browser.find_element(By.ID, "next-week").get_attribute("href").endswith("03-D.html")
    browser.find_element(By.ID, "next-week").click()
    browser.find_element(By.ID, "next-week").click()
    assert browser.title.startswith("Week E")


NARROW = 420


@pytest.mark.parametrize("which", ["site", "sample_site"])
@pytest.mark.parametrize("page", ["index.html", "weeks/00-A.html", "weeks/03-D.html"])
def test_narrow_screen_has_no_horizontal_scroll(browser, which, page, request):
    """At 420 px the page never scrolls sideways; only a table may, inside its container."""
    out, _ = request.getfixturevalue(which)
    metrics = {"width": NARROW, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        _open(browser, out / page)
        width = browser.execute_script("return innerWidth")
        assert width == NARROW
        assert browser.execute_script("return document.scrollingElement.scrollWidth") <= width
        sticking_out = browser.execute_script(
            """const w = document.documentElement.clientWidth;
               return Array.from(document.querySelectorAll('body *'))
                 .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > w + 0.5)
                 .map(e => e.tagName + '.' + e.className);"""
        )
        assert sticking_out == []
        name = f"narrow-{'sample-' if which == 'sample_site' else ''}{page.replace('/', '-')}"
        _screenshot(browser, name.replace(".html", ".png"), height=3000)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
