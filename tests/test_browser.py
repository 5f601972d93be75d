"""The exported HTML view and the report, opened in a real headless Chromium.

Builds the sample store, writes `kg export --format html` pages and `kg report`, loads each in
Debian's Chromium through chromedriver and Selenium, and checks what a reader sees: no JavaScript
error, as many nodes on the page as in the networkx view, the search box finds and selects a node, a
click on a node shows its details and the text of its source span, and the report's bars carry the
values read from the samples. Screenshots go to tests/output/ (not committed).

Chromium is required, not optional: without it the tests fail and say what to install.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.reading import read_document
from kg.store import open_store
from kg.views import view_graph

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUTPUT = Path(__file__).resolve().parent / "output"

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,900",
)  # fmt: skip

# collects uncaught errors and rejected promises from the first script of every page on
_CATCH_ERRORS = """
window.__kgErrors = [];
window.addEventListener("error", function (e) { window.__kgErrors.push(String(e.message || e)); });
window.addEventListener("unhandledrejection", function (e) { window.__kgErrors.push(String(e.reason)); });
"""


def _find(*names: str) -> str | None:
    return next((path for name in names if (path := shutil.which(name))), None)


@pytest.fixture(scope="module")
def browser():
    chromium = _find("chromium", "chromium-browser")
    chromedriver = _find("chromedriver")
    if not chromium or not chromedriver:
        pytest.fail("Chromium and chromedriver are needed for the browser tests: run `apt-get install chromium chromium-driver`")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is needed for the browser tests: run `pip install -e '.[test]'`")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _CATCH_ERRORS})
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def store(sample_store):
    return sample_store


@pytest.fixture(scope="module")
def output():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def open_page(driver, path: Path) -> None:
    driver.get(path.resolve().as_uri())
    driver.get_log("browser")  # drop what an earlier page logged


def assert_no_js_errors(driver) -> None:
    errors = driver.execute_script("return window.__kgErrors")
    severe = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [] and severe == [], (errors, severe)


def screenshot(driver, output: Path, name: str, full_page: bool = False) -> Path:
    path = output / f"{name}.png"
    if full_page:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, min(height + 100, 12000))
    driver.save_screenshot(str(path))
    if full_page:
        driver.set_window_size(1400, 900)
    print(f"screenshot: {path}")
    return path


def export_view(store: Path, view: str, out: Path) -> None:
    result = CliRunner(env={"KG_SOURCES": str(DATA)}).invoke(
        main, ["export", "--format", "html", "--view", view, "--out", str(out), "--store", str(store)]
    )
    assert result.exit_code == 0, result.output


def node_count(store: Path, view: str) -> int:
    with open_store(store, read_only=True) as s:
        return view_graph(s, view).number_of_nodes()


def search(driver, text: str) -> dict:
    """Type into the search box and press Enter; the selected node's id and label, and the status."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text, Keys.ENTER)
    return driver.execute_script(
        "var s = cy.nodes(':selected');"
        "return {ids: s.map(function (n) { return n.id(); }), label: s.length ? s[0].data('label') : null,"
        " found: cy.nodes('.found').length, status: document.getElementById('search-status').textContent,"
        " centred: s.length ? s[0].renderedPosition() : null, width: cy.width(), height: cy.height()};"
    )


def click_node(driver, node_id: str) -> None:
    """A real mouse click on the node where it is drawn (after centring it, so that it is in view)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    position = driver.execute_script(
        "kgCentre(arguments[0], 1.5); return cy.getElementById(arguments[0]).renderedPosition();", node_id
    )
    container = driver.find_element(By.ID, "cy")
    size = container.size
    ActionChains(driver).move_to_element_with_offset(
        container, int(position["x"] - size["width"] / 2), int(position["y"] - size["height"] / 2)
    ).click().perform()


def details(driver) -> dict:
    return driver.execute_script(
        "var d = document.getElementById('details'), q = d.querySelector('blockquote');"
        "var rows = {}; d.querySelectorAll('dt').forEach(function (dt) { rows[dt.textContent] = dt.nextElementSibling.textContent; });"
        "return {label: (d.querySelector('.label') || {}).textContent, rows: rows, quote: q ? q.textContent : null};"
    )


# -- the interactive view --------------------------------------------------------------------------


def test_attendance_view_in_chromium(browser, store, output, tmp_path):
    page = tmp_path / "attendance.html"
    export_view(store, "attendance", page)
    open_page(browser, page)

    assert browser.execute_script("return document.documentElement.dataset.ready") == "true"
    assert_no_js_errors(browser)
    assert browser.execute_script("return cy.nodes().length") == node_count(store, "attendance")
    screenshot(browser, output, "attendance-loaded")

    found = search(browser, "karine gauthier")  # case and accents do not matter
    assert found["label"] == "Karine GAUTHIER" and len(found["ids"]) == 1 and found["found"] == 1
    assert found["status"] == "1 / 1"
    # centred in the drawing
    assert abs(found["centred"]["x"] - found["width"] / 2) < 2 and abs(found["centred"]["y"] - found["height"] / 2) < 2
    shown = details(browser)
    assert shown["label"] == "Karine GAUTHIER" and "type" in shown["rows"]
    screenshot(browser, output, "attendance-search")

    assert search(browser, "no such member xyz")["status"] == "∅ 0"
    assert_no_js_errors(browser)


def test_citations_view_in_chromium(browser, store, output, tmp_path):
    page = tmp_path / "citations.html"
    export_view(store, "citations", page)
    open_page(browser, page)
    assert_no_js_errors(browser)
    assert browser.execute_script("return cy.nodes().length") == node_count(store, "citations")

    found = search(browser, "2020-1379")
    assert "2020-1379" in found["label"] and len(found["ids"]) == 1
    loi = found["ids"][0]
    citing = browser.execute_script("return cy.getElementById(arguments[0]).connectedEdges().length", loi)
    assert citing >= 30  # the 29 deliberations of 21 March 2022 and the syndicat's register
    screenshot(browser, output, "citations-search")

    # click a deliberation: its details, and the text of its span read from the sample document
    node = browser.execute_script(
        "var n = cy.nodes().filter(function (n) { return /2022-80$/.test(n.data('label')); });"
        "return n.length ? n[0].id() : null;"
    )
    assert node is not None
    click_node(browser, node)
    shown = details(browser)
    assert shown["label"].endswith("2022-80")
    file_name, (start, end) = shown["rows"]["file"], map(int, shown["rows"]["chars"].split("–"))
    text = read_document(DATA / file_name)
    assert shown["quote"] is not None and shown["quote"][:200] == text[start:end][:200]
    assert "2022-80" in shown["quote"][:2000]
    assert_no_js_errors(browser)
    screenshot(browser, output, "citations-click")


def test_labels_are_data_not_markup(browser, output, tmp_path):
    """A label holding markup stays text: it can neither end the data's <script> nor run."""
    import networkx as nx

    from kg.html import html_page

    nasty = '</script><script>window.__pwned = 1</script><!-- "quoted" & <b>bold</b>'
    graph = nx.MultiDiGraph()
    graph.add_node("a", label=nasty, type="Thing", source="doc.txt", start=2, end=7)
    graph.add_node("b", label="Other", type="Other")
    graph.add_edge("a", "b", key="e0", label="rel", weight=1)
    page = tmp_path / "nasty.html"
    page.write_text(html_page(graph, title=nasty, texts={"doc.txt": "0123456789"}), encoding="utf-8")
    open_page(browser, page)
    assert_no_js_errors(browser)
    assert browser.execute_script("return window.__pwned === undefined && cy.nodes().length") == 2
    assert browser.title == nasty
    search(browser, "other")
    click_node(browser, "a")
    shown = details(browser)
    assert shown["label"] == nasty and shown["quote"] == "23456" and shown["rows"]["chars"] == "2–7"


# -- the report ------------------------------------------------------------------------------------


def bar(driver, chart: str, label: str, series: str | None = None) -> dict | None:
    return driver.execute_script(
        "var chart = arguments[0], label = arguments[1], series = arguments[2];"
        "var bars = Array.from(document.querySelectorAll('g.bar')).filter(function (g) {"
        "  return g.dataset.chart === chart && g.dataset.label === label"
        "    && (series === null || g.dataset.series === series); });"
        "if (bars.length !== 1) return null;"
        "var g = bars[0];"
        "return {value: g.dataset.value, text: g.querySelector('text').textContent,"
        " width: g.querySelector('rect').getBoundingClientRect().width, title: g.querySelector('title').textContent};",
        chart, label, series,
    )


def test_report_in_chromium(browser, store, output, tmp_path):
    page = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "--out", str(page), "--store", str(store)])
    assert result.exit_code == 0, result.output
    open_page(browser, page)
    assert_no_js_errors(browser)
    assert browser.execute_script("return document.scripts.length") == 0  # charts need no script

    charts = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart')).map(function (s) {"
        " return [s.dataset.chart, s.querySelector('title').textContent, s.getAttribute('role')]; });"
    )
    keys = [key for key, _, _ in charts]
    assert keys[:3] == ["attendance", "group-votes", "cited-texts"]
    assert all(title and role == "img" for _, title, role in charts)

    # the Socialist group abstained in 4 deliberations of 21 March 2022 (2022-87, -89, -104, -106)
    socialists = "Groupe Socialiste, Républicain et Citoyen"
    abstentions = bar(browser, "group-votes", socialists, "abstention")
    assert abstentions is not None and abstentions["value"] == "4" and abstentions["text"] == "4"
    assert abstentions["width"] > 0
    against = bar(browser, "group-votes", socialists, "contre / against")
    assert against["value"] == "0" and against["width"] == 0

    # loi 2020-1379 is cited by the 29 deliberations of 21 March 2022 and the syndicat's register
    loi = bar(browser, "cited-texts", "Loi n°2020-1379")
    assert loi is not None and loi["text"] == "30"

    # Karine GAUTHIER: listed in 31 deliberations, present in all but the one of 27 September 2022 (excused)
    gauthier = bar(browser, "attendance", "Karine GAUTHIER")
    assert gauthier is not None and gauthier["text"] == "97 % (30/31)"
    screenshot(browser, output, "report", full_page=True)
