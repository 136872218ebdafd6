"""The web UI in a real browser: headless Chromium (Debian's) driven through chromedriver.

Ingests the demo corpus and the seed pages, as ``make run`` does, serves the store
on 127.0.0.1 and follows a reader's path from a search to a quote, its speaker,
an event's source sentence and the graph. Needs Debian's ``chromium`` and
``chromium-driver`` and the ``selenium`` package (``.ci/run`` installs them): in
CI (``CI`` set) a missing browser FAILS the test; elsewhere it is skipped, saying
so. Screenshots of every page go to ``$NEWSGRAPH_SCREENSHOTS`` when set.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo" / "pages"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1400,1500"]
QUOTE = "There are currently only two leaders left in the world"
IN_CI = bool(os.environ.get("CI"))


def _missing() -> str | None:
    """What the browser test lacks on this machine, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package (pip install selenium)"
    for exe in ("chromium", "chromedriver"):
        if shutil.which(exe) is None:
            return f"{exe} (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The store ``make run`` leaves: the demo pages and the seeds, enriched."""
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    result = CliRunner().invoke(cli, ["ingest", str(DEMO), str(seeds_dir), "--db", str(db),
                                      "--silent"])
    assert result.exit_code == 0, result.output
    return db


def test_quick_start_examples_find_what_they_name(demo_db: Path) -> None:
    """The README's examples, on the store ``make run`` leaves."""
    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, [*args, "--db", str(demo_db)])
        assert result.exit_code == 0, result.output
        return result.output

    assert "Recep Tayyip Erdogan" in run("entity", "Erdogan")
    assert "Türkiye" in run("search", "Turkiye sanctions", "--json")
    events = run("events", "--type", "ASSAULT", "--since", "2015-01-01", "--json")
    assert '"type": "ASSAULT"' in events
    assert "Türkiye and Russia" in run("show", "7")


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    from newsgraph.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(str(demo_db)), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing:
        message = f"the browser test needs {missing}"
        if IN_CI:
            pytest.fail(message + " (CI installs it in .ci/run)")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = shutil.which("chromium") or ""
    for flag in FLAGS:
        options.add_argument(flag)
    # The driver named explicitly: selenium then never looks for (or downloads) one.
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or ""),
                              options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _arrive(driver: Any, fragment: str) -> None:
    """Wait (on a busy machine, a click's page load can lag) until the URL holds ``fragment``."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: fragment in d.current_url)


def _shot(driver: Any, name: str) -> None:
    folder = os.environ.get("NEWSGRAPH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def test_a_reader_follows_a_quote_to_its_speaker_and_an_event_to_its_sentence(
        server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.get(server + "/")
    _shot(d, "01-home")
    box = d.find_element(By.CSS_SELECTOR, "header input[type=search]")
    box.send_keys("Erdogan", Keys.ENTER)
    _arrive(d, "/search?q=Erdogan")
    assert "matching article" in d.find_element(By.CSS_SELECTOR, "p.pager").text
    _shot(d, "02-search")
    d.find_element(By.PARTIAL_LINK_TEXT, "Türkiye and Russia").click()
    _arrive(d, "/articles/")
    _shot(d, "03-article")

    # The quote is highlighted in the text, with its speaker beside it.
    quote = next(q for q in d.find_elements(By.CSS_SELECTOR, "span.quote")
                 if QUOTE in q.text)
    speaker = quote.find_element(By.CSS_SELECTOR, "a.tag")
    assert speaker.text == "— Recep Tayyip Erdogan"
    assert quote.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    speaker.click()
    _arrive(d, "/entities/")
    assert d.find_element(By.TAG_NAME, "h1").text.startswith("Recep Tayyip Erdogan")
    assert d.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    _shot(d, "04-entity")

    # An event's source link lands on that sentence, marked.
    source = d.find_element(By.CSS_SELECTOR, "table.events a.source")
    sentence = source.text.strip("“”").rstrip("…").strip()
    source.click()
    _arrive(d, "#s")
    url = d.current_url
    assert "/articles/" in url
    marked = d.find_element(By.ID, url.rsplit("#", 1)[1])
    # (names in it carry their type label: compare the words before the first one)
    assert marked.text.replace("▶ source sentence ", "").startswith(sentence[:12])
    assert marked.value_of_css_property("background-color") == "rgba(255, 213, 79, 1)"
    _shot(d, "05-marked-sentence")

    # The graph: a click on a node opens that entity's page.
    d.get(server + "/graph")
    nodes = d.find_elements(By.CSS_SELECTOR, "svg.graph a.node")
    assert len(nodes) > 5
    _shot(d, "06-graph")
    label = nodes[0].find_element(By.CSS_SELECTOR, "text").text
    nodes[0].find_element(By.CSS_SELECTOR, "circle").click()
    _arrive(d, "/entities/")
    assert d.find_element(By.TAG_NAME, "h1").text.startswith(label.rstrip("…")[:20])


@pytest.mark.parametrize("path", ["/articles", "/entities", "/quotes", "/events?type=ASSAULT",
                                  "/duplicates", "/pages/1", "/search?q=sanctions"])
def test_every_page_renders_in_chromium(server: str, browser: Any, path: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + path)
    assert browser.find_element(By.TAG_NAME, "h1").text
    assert not browser.find_elements(By.CSS_SELECTOR, "p.error")
    _shot(browser, "page-" + path.strip("/").replace("/", "-").replace("?", "-")
          .replace("=", "-"))
