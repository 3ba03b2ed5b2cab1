"""The HTML page (`solve --format html`): one self-contained file, checked in a real browser
(Chromium driven by Selenium, network off) and, for what needs no browser, as text."""
from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any, Iterator

import pytest

from stepcalc.engine.derive import derive
from stepcalc.problem.validate import load_problem, problem_from_mapping, problem_from_toml
from stepcalc.render.solution import render_solution

from conftest import EXAMPLES, LINEAR, ROOT, CliRunner, require_tool

SEED001 = EXAMPLES / "seed001.toml"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run")
# Run before the page's own scripts: records every Content-Security-Policy violation (a blocked request).
RECORD_VIOLATIONS = ("window.__violations = [];"
                     "document.addEventListener('securitypolicyviolation', function (e) {"
                     " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });")


def page_html(path: Path = SEED001) -> str:
    return render_solution(derive(load_problem(path)), "html")


# --- an independent computation of seed 001: plain Python, the published formulas ----------------
def seed001_by_hand() -> dict[str, float]:
    """Forward pass, deltas (error convention, half SSE, sigmoid) and new weights of the 2-2-1 network
    with η from the file, without biases: y = 1/(1+e^−net), δ_o = (t − y) y (1 − y),
    δ_h = y_h (1 − y_h) Σ w δ, Δw = η δ_j y_i."""
    data = tomllib.loads(SEED001.read_text(encoding="utf-8"))
    units = data["network"]["units"]
    weights = data["network"]["weights"]
    eta = data["learning_rate"]
    x, t = data["samples"][0]["x"], data["samples"][0]["t"]
    values: dict[str, float] = {}
    out = {u: v for u, v in zip(units[0], x)}
    for l in range(1, len(units)):
        for j, b in enumerate(units[l]):
            net = sum(weights[l - 1][i][j] * out[a] for i, a in enumerate(units[l - 1]))
            values[f"net.{b}"] = net
            out[b] = values[f"out.{b}"] = 1 / (1 + math.exp(-net))
    delta = {}
    for k, o in enumerate(units[-1]):
        delta[o] = (t[k] - out[o]) * out[o] * (1 - out[o])
    for l in range(len(units) - 2, 0, -1):
        for i, h in enumerate(units[l]):
            delta[h] = out[h] * (1 - out[h]) * sum(weights[l][i][j] * delta[b] for j, b in enumerate(units[l + 1]))
    for u, d in delta.items():
        values[f"delta.{u}"] = d
    for l in range(1, len(units)):
        for j, b in enumerate(units[l]):
            for i, a in enumerate(units[l - 1]):
                values[f"dw.{a}.{b}"] = eta * delta[b] * out[a]
                values[f"w.{a}.{b}"] = weights[l - 1][i][j] + eta * delta[b] * out[a]
    values["loss"] = 0.5 * sum((tk - out[o]) ** 2 for tk, o in zip(t, units[-1]))
    return values


# --- without a browser -----------------------------------------------------------------------------
def test_every_step_has_its_id_and_full_precision_value() -> None:
    html = page_html()
    found = dict(re.findall(r'<div class="step" id="step-([^"]+)" data-value="([^"]+)"', html))
    expected = seed001_by_hand()
    assert set(expected) <= set(found)
    for key, value in expected.items():
        assert float(found[key]) == pytest.approx(value, rel=1e-12, abs=1e-15), key
    steps = [s.id for s in derive(load_problem(SEED001)).steps]
    assert re.findall(r'<div class="step" id="step-([^"]+)"', html) == steps  # page order is step order


def test_diagram_elements_list_the_steps_they_show() -> None:
    html = page_html()
    units = dict(re.findall(r'<g class="unit" data-unit="([^"]+)" data-steps="([^"]*)"', html))
    edges = dict(re.findall(r'<g class="weight" data-weight="([^"]+)" data-steps="([^"]*)"', html))
    assert units["h1"].split() == ["net.h1", "out.h1", "err.h1", "fprime.h1", "delta.h1", "after.net.h1", "after.out.h1"]
    assert units["o"].split() == ["net.o", "out.o", "loss", "err.o", "fprime.o", "delta.o", "after.net.o", "after.out.o",
                                  "loss_after"]
    assert units["x1"] == ""
    assert edges["w.h1.o"].split() == ["grad.h1.o", "dw.h1.o", "w.h1.o"]
    assert len(edges) == 6
    shown = {s for ids in [*units.values(), *edges.values()] for s in ids.split()}
    steps = set(re.findall(r'<div class="step" id="step-([^"]+)"', html))
    assert shown == steps  # every step is on the diagram, and the diagram shows only steps


def test_a_shared_bias_belongs_to_every_unit_of_its_layer() -> None:
    source = SEED001.read_text(encoding="utf-8").replace("[network]", "shared_bias = true\n[network]").replace(
        "weights = [[[0.2, 0.3], [0.2, 0.3]], [[0.3], [0.9]]]",
        "weights = [[[0.2, 0.3], [0.2, 0.3]], [[0.3], [0.9]]]\nbiases = [0.35, 0.6]")
    html = render_solution(derive(problem_from_toml(source)), "html")
    units = dict(re.findall(r'<g class="unit" data-unit="([^"]+)" data-steps="([^"]*)"', html))
    for unit in ("h1", "h2"):
        assert {"grad.b.L1", "db.L1", "b.L1"} <= set(units[unit].split())
        assert "b.L2" not in units[unit]
    assert {"grad.b.L2", "db.L2", "b.L2"} <= set(units["o"].split())


def test_problem_text_is_data_in_html(tmp_path: Path) -> None:
    source = SEED001.read_text(encoding="utf-8").replace(
        'title = "Seed 001: one backpropagation step on a 2-2-1 sigmoid network"',
        'title = "<script>alert(1)</script> & <b>bold</b> \\"q\\" \'s\'"')
    path = tmp_path / "<img src=x onerror=alert(2)>.toml"
    path.write_text(source, encoding="utf-8")
    html = render_solution(derive(load_problem(path)), "html")
    assert "<script>alert" not in html and "<b>bold" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; &quot;q&quot; &#x27;s&#x27;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;.toml" in html
    assert html.count("<script>") == 2  # KaTeX and the page's own


def test_content_security_policy_allows_only_the_pages_own_scripts() -> None:
    import base64
    import hashlib

    html = page_html()
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert "default-src 'none'" in policy and "connect-src" not in policy and "http" not in policy
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        assert f"'sha256-{digest}'" in policy
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing to fetch
    assert "url(fonts/" not in html and html.count("url(data:font/woff2;base64,") == 20


def test_katex_assets_are_the_pinned_version() -> None:
    pinned = json.loads((ROOT / ".ci" / "package.json").read_text(encoding="utf-8"))["dependencies"]["katex"]
    assets = ROOT / "stepcalc" / "render" / "assets"
    assert (assets / "katex.VERSION").read_text(encoding="ascii").strip() == pinned
    assert f"KaTeX {pinned}" in page_html()
    if not (ROOT / ".ci" / "node_modules" / "katex").is_dir():
        if os.environ.get("STEPCALC_REQUIRE_TOOLS") == "1":
            pytest.fail("KaTeX is required but .ci/node_modules/katex is missing (run: cd .ci && npm install)")
        pytest.skip("KaTeX not installed (cd .ci && npm install): cannot compare the shipped copy")
    check = subprocess.run([sys.executable, str(ROOT / "tools" / "vendor_katex.py"), "--check"],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr


def test_committed_html_example_is_fresh() -> None:
    """examples/seed001.html is what `stepcalc solve examples/seed001.toml --format html` writes now.

    Regenerate with: STEPCALC_REGENERATE=1 python -m pytest tests/test_html.py
    """
    committed = EXAMPLES / "seed001.html"
    fresh = page_html()
    if os.environ.get("STEPCALC_REGENERATE") == "1":
        committed.write_text(fresh, encoding="utf-8")
    assert committed.read_text(encoding="utf-8") == fresh, f"{committed} is stale"


def test_cli_and_python_api_write_the_same_page(cli: CliRunner, tmp_path: Path) -> None:
    import stepcalc

    out = tmp_path / "page.html"
    result = cli("solve", str(SEED001), "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == page_html() == stepcalc.solve(SEED001).html()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]  # no figure files: all inline


def run_page() -> str:
    import stepcalc

    run = stepcalc.solve(LINEAR.format(extra="epochs = 2"))
    return run.html()


def test_a_training_run_page_steps_through_each_update() -> None:
    html = run_page()
    ids = re.findall(r'<div class="step" id="step-([^"]+)"', html)
    # Online, 2 samples × 2 epochs = 4 updates, each worked in full under its prefix (the first has none).
    from stepcalc import ids as sid

    assert sorted({sid.parse(i).prefix for i in ids}) == ["", "e1.s2.", "e2.s1.", "e2.s2."]
    assert len(ids) == 4 * 14
    assert len(ids) == len(set(ids))
    # The unit o of the second update's diagram shows that update's steps.
    assert re.search(r'data-unit="o" data-steps="e1\.s2\.net\.o e1\.s2\.out\.o', html)
    assert html.count('<figure class="network">') == 4 and html.count("<polyline class=\"loss\"") == 1
    # η = 0.1, w = 0.5, b = 0.1, x = 1, t = 2: net = 0.6, δ = t − y = 1.4 (identity, half SSE), Δw = 0.14.
    value = re.search(r'id="step-dw\.x\.o" data-value="([^"]+)"', html).group(1)
    assert float(value) == pytest.approx(0.1 * (2 - 0.6) * 1, rel=1e-12)


# --- in Chromium -----------------------------------------------------------------------------------
def _selenium() -> Any:
    chromium, driver_path = require_tool("chromium"), require_tool("chromedriver")
    try:
        from selenium import webdriver
    except ImportError:
        if os.environ.get("STEPCALC_REQUIRE_TOOLS") == "1":
            pytest.fail("selenium is required (STEPCALC_REQUIRE_TOOLS=1) but not installed: pip install '.[test]'")
        pytest.skip("selenium not installed (pip install '.[test]')")
    return webdriver, chromium, driver_path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium with a fresh profile, offline, logging every network request."""
    webdriver, chromium, driver_path = _selenium()
    profile = tempfile.mkdtemp(prefix="stepcalc-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver_path))
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    written = {"seed001": page_html(), "run": run_page()}
    paths = {}
    for name, html in written.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(html, encoding="utf-8")
    return paths


def open_page(driver: Any, path: Path, fragment: str = "") -> None:
    driver.get(path.as_uri() + fragment)  # returns after the load event, so after the page's script
    for _ in range(100):
        if driver.execute_script("return document.body && document.body.getAttribute('data-ready-ms')"):
            return
        time.sleep(0.05)
    raise AssertionError(f"{path.name}: the page's script never finished")


def current_step(driver: Any) -> str | None:
    return driver.execute_script("var c = document.querySelector('.step.current'); return c ? c.id.slice(5) : null;")


def lit(driver: Any) -> list[str]:
    """The diagram elements lit: unit names, and weight ids of edges (label and line count once)."""
    return driver.execute_script(
        "var out = []; document.querySelectorAll('.lit').forEach(function (e) {"
        " var n = e.getAttribute('data-unit') || e.getAttribute('data-weight'); if (out.indexOf(n) < 0) out.push(n); });"
        " return out;")


def test_every_math_span_renders(browser: Any, pages: dict[str, Path]) -> None:
    for name in ("seed001", "run"):
        open_page(browser, pages[name])
        counts = browser.execute_script(
            "return [document.querySelectorAll('.math').length, document.querySelectorAll('.math > .katex').length,"
            " document.querySelectorAll('.katex-error').length];")
        assert counts[0] > 40 and counts[1] == counts[0] and counts[2] == 0, (name, counts)
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], errors


# Layouts and problems whose lines differ from seed 001's: chain factors, matrices, biases, softmax,
# a batch run (its batch update has a diagram of its own).
VARIANTS = {
    "chain-rule": lambda: render_solution(derive(problem_from_toml('notation = "chain-rule"\n' + SEED001.read_text(encoding="utf-8"))), "html"),
    "matrix": lambda: render_solution(derive(problem_from_toml('notation = "matrix"\n' + SEED001.read_text(encoding="utf-8"))), "html"),
    "seed004": lambda: page_html(EXAMPLES / "seed004.toml"),
    "softmax": lambda: page_html(EXAMPLES / "softmax_classifier.toml"),
    "xor-batch-run": lambda: __import__("stepcalc").solve(EXAMPLES / "xor.toml").html(),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_every_layout_renders_with_unique_step_ids(name: str, browser: Any, tmp_path: Path) -> None:
    html = VARIANTS[name]()
    ids = re.findall(r'<div class="step" id="step-([^"]+)"', html)
    assert len(ids) == len(set(ids)) > 10
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    open_page(browser, path)
    counts = browser.execute_script(
        "return [document.querySelectorAll('.math').length, document.querySelectorAll('.math > .katex').length,"
        " document.querySelectorAll('.katex-error').length, window.__violations.length];")
    assert counts[1] == counts[0] and counts[2] == 0 and counts[3] == 0, counts
    browser.find_element("id", "next").click()
    assert current_step(browser) == ids[0]


# What a step's formula reads, by hand from the published formulas: net_B = Σ_A w_AB y_A,
# δ_h = y_h(1 − y_h) Σ_k w_hk δ_k, Δw_AB = η δ_B y_A, w'_AB = w_AB + Δw_AB (its own edge only).
READS = {
    "net.h1": ["w.x1.h1", "w.x2.h1", "x1", "x2"],
    "net.o": ["h1", "h2", "w.h1.o", "w.h2.o"],
    "out.h1": [],
    "delta.h1": ["o", "w.h1.o"],
    "dw.x2.h2": ["h2", "x2"],
    "dw.h1.o": ["h1", "o"],
    "w.h1.o": [],
    "after.net.o": ["h1", "h2", "w.h1.o", "w.h2.o"],
}


def test_next_walks_every_step_in_order_and_the_diagram_follows(browser: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By
    from stepcalc import ids as sid

    open_page(browser, pages["seed001"])
    expected = [s.id for s in derive(load_problem(SEED001)).steps]
    sections = [s.section for s in derive(load_problem(SEED001)).steps]
    assert sections == sorted(sections, key=["forward", "loss", "backward", "update", "after"].index)
    assert current_step(browser) is None
    next_button = browser.find_element(By.ID, "next")
    visited = []
    for _ in expected:
        next_button.click()
        step, shown, used = browser.execute_script(  # all in one round trip
            "function names(cls) { var out = []; document.querySelectorAll(cls).forEach(function (e) {"
            " var n = e.getAttribute('data-unit') || e.getAttribute('data-weight'); if (out.indexOf(n) < 0) out.push(n); });"
            " return out.sort(); }"
            "var c = document.querySelector('.step.current'); return [c ? c.id.slice(5) : null, names('.lit'), names('.used')];")
        visited.append(step)
        if step in READS:
            assert used == READS[step], (step, used)
        parsed = sid.parse(step)
        if parsed.kind in ("net", "out", "error", "fprime", "delta"):
            assert shown == [parsed.units[0]], (step, shown)
        elif parsed.kind in ("grad_weight", "weight_change", "new_weight"):
            assert shown == [sid.new_weight(*parsed.units)], (step, shown)
        else:
            assert step in ("loss", "loss_after") and shown == ["o"], (step, shown)
    assert visited == expected
    assert browser.execute_script("return location.hash") == "#step-" + expected[-1]  # a link to this step
    assert browser.find_element(By.ID, "position").text == f"Step {len(expected)} of {len(expected)}"
    next_button.click()  # past the last step: stays there
    assert current_step(browser) == expected[-1]
    browser.find_element(By.ID, "previous").click()
    assert current_step(browser) == expected[-2]
    browser.find_element(By.TAG_NAME, "body").send_keys("\ue014")  # the right arrow key
    assert current_step(browser) == expected[-1]


def test_clicking_an_edge_shows_that_weights_update(browser: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, pages["seed001"])
    browser.find_element(By.CSS_SELECTOR, 'g.weight[data-weight="w.h1.o"]').click()
    detail = browser.find_element(By.ID, "detail")
    assert detail.is_displayed()
    items = detail.find_elements(By.CSS_SELECTOR, ".detail-step")
    assert [i.get_attribute("data-step") for i in items] == ["grad.h1.o", "dw.h1.o", "w.h1.o"]
    hand = seed001_by_hand()
    for item, key in ((items[1], "dw.h1.o"), (items[2], "w.h1.o")):  # KaTeX's text has no spaces
        shown = item.find_element(By.CSS_SELECTOR, ".katex-html").text.replace("\n", "")
        assert shown.endswith(f"={hand[key]:.4f}".replace("-", "−")), shown


def test_no_request_leaves_the_page(browser: Any, pages: dict[str, Path]) -> None:
    browser.get_log("performance")  # forget earlier pages' requests
    for name in ("seed001", "run"):
        open_page(browser, pages[name])
        browser.find_element("id", "play").click()
        browser.find_element("id", "play").click()
        assert browser.execute_script("return window.__violations") == []
        resources = browser.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        assert [r for r in resources if not r.startswith("data:")] == []
        assert browser.execute_script("return document.fonts.status") == "loaded"
    requests = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    urls = {m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"}
    pages_loaded = {p.as_uri() for p in pages.values()}
    assert {u for u in urls if not u.startswith("data:")} == pages_loaded


def test_fragment_opens_the_page_at_that_step(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["seed001"], "#step-delta.h1")
    assert current_step(browser) == "delta.h1"
    assert lit(browser) == ["h1"]
    open_page(browser, pages["run"], "#step-e2.s1.w.x.o")
    assert current_step(browser) == "e2.s1.w.x.o"
    assert lit(browser) == ["w.x.o"]
    active = browser.execute_script("return document.querySelector('figure.network.active figcaption').textContent")
    assert active.startswith("Epoch 2, sample 1")


def test_the_page_stacks_on_a_phone(browser: Any, pages: dict[str, Path]) -> None:
    browser.set_window_size(390, 844)
    try:
        open_page(browser, pages["seed001"])
        figure, solution = browser.execute_script(
            "return [document.querySelector('aside.figures').getBoundingClientRect().toJSON(),"
            " document.querySelector('article.solution').getBoundingClientRect().toJSON()];")
        assert solution["top"] >= figure["bottom"] - 1  # below, not beside
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    finally:
        browser.set_window_size(1280, 900)


def test_print_shows_the_whole_solution_without_buttons(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["seed001"])
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = browser.execute_script(
            "return getComputedStyle(document.querySelector('.controls')).display");
        assert hidden == "none"
        assert all(s.is_displayed() for s in browser.find_elements("css selector", ".step"))
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_4_6_6_3_page_is_small_and_renders_fast(browser: Any, tmp_path: Path) -> None:
    rng = random.Random(1)
    layers = [4, 6, 6, 3]
    data = {
        "learning_rate": 0.5,
        "network": {"layers": layers,
                    "weights": [[[round(rng.uniform(-1, 1), 2) for _ in range(b)] for _ in range(a)]
                                for a, b in zip(layers, layers[1:])],
                    "biases": [[round(rng.uniform(-0.5, 0.5), 2) for _ in range(n)] for n in layers[1:]]},
        "samples": [{"x": [0.1, 0.2, 0.3, 0.4], "t": [0.2, 0.5, 0.8]}],
    }
    path = tmp_path / "big.html"
    path.write_text(render_solution(derive(problem_from_mapping(data)), "html"), encoding="utf-8")
    assert path.stat().st_size < 3_000_000
    # From navigation start to every formula typeset and the page ready to step (data-ready-ms, set by
    # the page's script); the fastest of three loads, as the tests share the machine's cores.
    times = []
    for _ in range(3):
        open_page(browser, path)
        times.append(int(browser.execute_script("return document.body.getAttribute('data-ready-ms')")))
    assert min(times) < 2000, f"rendered in {times} ms"
    counts = browser.execute_script(
        "return [document.querySelectorAll('.step').length, document.querySelectorAll('.math > .katex').length,"
        " document.querySelectorAll('.katex-error').length];")
    weights = 4 * 6 + 6 * 6 + 6 * 3 + 6 + 6 + 3
    assert counts[0] >= 3 * weights and counts[2] == 0


def test_screenshots_at_the_first_and_last_step(browser: Any, pages: dict[str, Path], tmp_path: Path) -> None:
    """PNGs for a person to look at; STEPCALC_REGENERATE=1 writes them to examples/."""
    from selenium.webdriver.common.by import By

    folder = EXAMPLES if os.environ.get("STEPCALC_REGENERATE") == "1" else tmp_path
    open_page(browser, pages["seed001"])
    browser.find_element(By.ID, "next").click()
    first = folder / "seed001-html-first.png"
    browser.save_screenshot(str(first))
    steps = browser.execute_script("return document.querySelectorAll('.step').length")
    open_page(browser, pages["seed001"], "#" + browser.execute_script(
        "var s = document.querySelectorAll('.step'); return s[s.length - 1].id;"))
    assert browser.find_element(By.ID, "position").text == f"Step {steps} of {steps}"
    last = folder / "seed001-html-last.png"
    browser.save_screenshot(str(last))
    for png in (first, last):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


# --- a recurrent network, its diagram unrolled through time ----------------------------------------
RNN = EXAMPLES / "rnn_bptt.toml"


def rnn_diagram(html: str) -> list[tuple[str, str, list[str], list[str]]]:
    """(class, name, data-steps, data-uses) of each unit and weight label, in document order."""
    found = re.findall(r'<g class="(unit|weight)" data-(?:unit|weight)="([^"]+)" data-steps="([^"]*)" data-uses="([^"]*)"',
                       html)
    return [(kind, name, shown.split(), used.split()) for kind, name, shown, used in found]


def test_the_unrolled_diagram_shows_every_step_of_its_page() -> None:
    html = page_html(RNN)
    elements = rnn_diagram(html)
    # 1-2-1 over three time steps: h(0) (2 units), then per step x1, h1, h2, o1; per step 2 input,
    # 2 output and 4 recurrent edges (into that step).
    assert sum(kind == "unit" for kind, *_ in elements) == 2 + 3 * 4
    assert sum(kind == "weight" for kind, *_ in elements) == 3 * 8
    h1 = [shown for kind, name, shown, _ in elements if kind == "unit" and name == "h1"]
    assert h1[0] == []  # h(0) is given
    assert h1[2] == ["t2.net.h1", "t2.out.h1", "t2.delta.h1", "t2.grad.b.h1", "grad.b.h1", "db.h1", "b.h1",
                     "after.t2.net.h1", "after.t2.out.h1"]
    o1 = [shown for kind, name, shown, _ in elements if kind == "unit" and name == "o1"]
    for t, shown in enumerate(o1, start=1):  # its own loss term, and the loss summed over time in every row
        assert {f"t{t}.loss", "loss", f"t{t}.loss_after", "loss_after", f"t{t}.delta.o1"} <= set(shown)
        assert not any(s.startswith("t") and not s.startswith(f"t{t}.") for s in shown)
    x1 = [shown for kind, name, shown, _ in elements if kind == "weight" and name == "w.x1.h1"]
    assert x1 == [[f"t{t}.grad.x1.h1", "grad.x1.h1", "dw.x1.h1", "w.x1.h1"] for t in (1, 2, 3)]
    u12 = [shown for kind, name, shown, _ in elements if kind == "weight" and name == "u.h1.h2"]
    assert u12 == [[f"t{t}.grad.u.h1.h2", "grad.u.h1.h2", "du.h1.h2", "u.h1.h2"] for t in (1, 2, 3)]
    # net_h1(2) = w x1(2) + u11 h1(1) + u21 h2(1) + b: it reads the recurrent edges into step 2;
    # δ_h1(1) sums u δ(2) over the edges out of step 1, that is into step 2.
    u11 = [used for kind, name, _, used in elements if kind == "weight" and name == "u.h1.h1"]
    assert "t2.net.h1" in u11[1] and "t2.net.h1" not in u11[0] + u11[2]
    assert "t1.delta.h1" in u11[1] and "t1.delta.h1" not in u11[0] + u11[2]
    steps = re.findall(r'<div class="step" id="step-([^"]+)"', html)
    shown = [s for *_, ids, _ in elements for s in ids]
    used = {s for *_, ids in elements for s in ids}
    assert set(shown) == set(steps) and used <= set(steps)  # every step is on the diagram, and only steps


def test_next_lights_the_unit_of_its_time_step(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    path = tmp_path / "rnn.html"
    path.write_text(page_html(RNN), encoding="utf-8")
    open_page(browser, path)
    # Each lit or used element as (name, time step): its rank among the copies of its name from the
    # top of the page (time runs down); h(0) is the hidden units' first copy, the others start at t = 1.
    where = ("function at(cls) { var out = []; document.querySelectorAll(cls).forEach(function (e) {"
             " var n = e.getAttribute('data-unit') || e.getAttribute('data-weight');"
             " var tag = e.getAttribute('data-unit') !== null ? 'g.unit[data-unit=\"' : 'g.weight[data-weight=\"';"
             " var copies = Array.prototype.slice.call(document.querySelectorAll(tag + n + '\"]'));"
             " copies.sort(function (a, b) { return a.getBoundingClientRect().top - b.getBoundingClientRect().top; });"
             " var rank = copies.indexOf(e);"
             " if (rank >= 0) out.push([n, rank + (/^h/.test(n) && tag[2] === 'u' ? 0 : 1)]); });"
             " return out.sort(); }"
             "var c = document.querySelector('.step.current'); return [c ? c.id.slice(5) : null, at('g.lit'), at('g.used')];")
    expected = [("t1.net.h1", "h1", 1), ("t1.net.h2", "h2", 1), ("t1.out.h1", "h1", 1), ("t1.out.h2", "h2", 1),
                ("t1.net.o1", "o1", 1), ("t1.out.o1", "o1", 1), ("t2.net.h1", "h1", 2), ("t2.net.h2", "h2", 2),
                ("t2.out.h1", "h1", 2)]
    next_button = browser.find_element(By.ID, "next")
    for step, unit, time_step in expected:
        next_button.click()
        current, shown, used = browser.execute_script(where)
        assert current == step and shown == [[unit, time_step]], (step, shown)
        if step == "t2.net.h1":  # w x1(2) + u11 h1(1) + u21 h2(1) + b: x1 of step 2, h1 and h2 of step 1
            assert used == [["h1", 1], ["h2", 1], ["u.h1.h1", 2], ["u.h2.h1", 2], ["w.x1.h1", 2], ["x1", 2]], used
