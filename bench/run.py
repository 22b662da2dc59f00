"""Benchmark what a presenter feels, against Streamlit's own floor measured in the same run.

    python bench/run.py [--repeats 5] [--out bench/results.json]

Server side (AppTest, cached prices): each page's first run and its rerun after a slider move, median and
spread over repeats. In headless Chromium against `streamlit run`: cold start to a drawn home page, each
page's load to drawn, and a slider move to the chart redrawn. Also the server's peak memory after visiting
every page and the bytes of chart data each page sends. Every time is also given as a ratio to the floor
(a one-slider, one-chart page), so the machine's speed cancels out. Budgets are checked here, not in tests.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import psutil
import streamlit
from playwright.sync_api import sync_playwright
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.data import prices  # noqa: E402
from explainer.story.outline import STORY  # noqa: E402
from tests.browser import CHROMIUM_FLAGS, DRAWN_CHARTS_JS, chromium_path, running_server, wait_for_app  # noqa: E402

FLOOR = ROOT / "bench" / "floor_app.py"
APP = ROOT / "app.py"
# The slider each page's presenter is most likely to move, and where to move it.
SLIDERS = {
    "pages/home.py": None,
    "pages/apple_china.py": ("winback", 2.0),
    "pages/deepseek_shock.py": ("after", 20),
    "pages/qwen_benchmarks.py": ("launch_after", 10),
    "pages/capex_race.py": ("usd_cny", 7.3),
    "pages/rerating.py": ("cloud_ps", 6.0),
}
BUDGETS = {
    "rerun_ratio_to_floor": 2.0,
    "slider_to_redraw_ms": 250,
    "cold_start_s": 4.0,
    "server_memory_mb": 300,
    "chart_data_bytes": 1_000_000,
}


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def summary(samples: list[float]) -> dict:
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "spread": max(samples) - min(samples),
    }


def clear_caches() -> None:
    streamlit.cache_data.clear()
    prices.clear_caches()


def server_side(repeats: int) -> dict:
    """First run and rerun-after-slider for the floor and every page, on cached prices (offline mode)."""
    results = {}
    targets = [("floor", None, ("points", 80))] + [(c.path, c.path, SLIDERS[c.path]) for c in STORY]
    for name, page, slider in targets:
        first, rerun, chart_bytes = [], [], 0
        for _ in range(repeats):
            clear_caches()
            at = AppTest.from_file(str(FLOOR if page is None else APP), default_timeout=120)
            if page:
                at.query_params["prices"] = "offline"
                at.switch_page(page)
            first.append(timed(at.run))
            chart_bytes = sum(
                len(d.data.data) + len(c.proto.spec) for c in at.get("vega_lite_chart") for d in c.proto.datasets
            ) or sum(len(c.proto.spec) for c in at.get("vega_lite_chart"))
            if slider:
                key, value = slider
                at.slider(key=key).set_value(value)
                rerun.append(timed(at.run))
            else:
                rerun.append(timed(at.run))
        results[name] = {"first_run_s": summary(first), "rerun_s": summary(rerun), "chart_bytes": chart_bytes}
    return results


def server_memory_mb(pid: int) -> float:
    process = psutil.Process(pid)
    return (process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))) / 2**20


def wait_drawn(page, minimum: int = 1) -> None:
    wait_for_app(page)
    page.wait_for_function(f"() => ({DRAWN_CHARTS_JS})() >= {minimum}", timeout=60_000)


def browser_side() -> dict:
    """Cold start, page loads and slider-to-redraw in headless Chromium, and the server's peak memory."""
    results: dict = {"pages": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for label, script in (("floor", FLOOR), ("app", APP)):
            started = time.perf_counter()
            with running_server(script) as (url, pid):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{url}/?prices=offline" if label == "app" else url)
                wait_drawn(page)
                cold = time.perf_counter() - started
                if label == "floor":
                    started_load = time.perf_counter()
                    page.goto(url)
                    wait_drawn(page)
                    results["floor"] = {
                        "cold_start_s": cold,
                        "load_s": time.perf_counter() - started_load,
                        "slider_to_redraw_ms": slider_to_redraw(page),
                        "server_memory_mb": server_memory_mb(pid),
                    }
                    page.close()
                    continue
                results["cold_start_s"] = cold
                peak = server_memory_mb(pid)
                for chapter in STORY:
                    path = "" if chapter.path == "pages/home.py" else chapter.path.removeprefix("pages/")[:-3]
                    started_page = time.perf_counter()
                    page.goto(f"{url}/{path}?prices=offline")
                    wait_drawn(page)
                    entry = {"load_s": time.perf_counter() - started_page}
                    if SLIDERS[chapter.path]:
                        entry["slider_to_redraw_ms"] = slider_to_redraw(page)
                    results["pages"][chapter.path] = entry
                    peak = max(peak, server_memory_mb(pid))
                results["server_peak_memory_mb"] = peak
                page.close()
        browser.close()
    return results


def slider_to_redraw(page) -> float:
    """Press → on the first slider, then time until the script has rerun and the charts are drawn again."""
    slider = page.get_by_role("slider").first
    slider.focus()
    page.evaluate(
        "window.__marks = document.querySelectorAll('[data-testid=stVegaLiteChart] canvas, svg.marks').length"
    )
    started = time.perf_counter()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=5_000, state="attached")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_function(f"() => ({DRAWN_CHARTS_JS})() >= 1", timeout=60_000)
    return (time.perf_counter() - started) * 1000


def _ratio(value: float | None, floor: float | None) -> str:
    return f"{value / floor:.1f}×" if value and floor else "–"


def report(server: dict, browser: dict) -> tuple[list[str], list[str]]:
    """Every figure with its ratio to the floor's, and the budgets each one misses."""
    floor_server, floor_browser = server["floor"], browser["floor"]
    columns = [
        ("page", 26), ("first run", 10), ("÷floor", 7), ("rerun", 8), ("÷floor", 7), ("spread", 7),
        ("load", 7), ("÷floor", 7), ("slider→chart", 13), ("÷floor", 7), ("chart KB", 9), ("÷floor", 7),
    ]  # fmt: skip
    lines = [" ".join(f"{h:{'<' if i == 0 else '>'}{w}}" for i, (h, w) in enumerate(columns))]
    misses = []
    for name, row in server.items():
        page = floor_browser if name == "floor" else browser["pages"].get(name, {})
        first, rerun = row["first_run_s"]["median"], row["rerun_s"]["median"]
        load, redraw = page.get("load_s"), page.get("slider_to_redraw_ms")
        cells = [
            f"{first:.2f}s", _ratio(first, floor_server["first_run_s"]["median"]),
            f"{rerun:.2f}s", _ratio(rerun, floor_server["rerun_s"]["median"]), f"{row['rerun_s']['spread']:.2f}s",
            f"{load:.2f}s" if load else "–", _ratio(load, floor_browser["load_s"]),
            f"{redraw:.0f} ms" if redraw else "–", _ratio(redraw, floor_browser["slider_to_redraw_ms"]),
            f"{row['chart_bytes'] / 1024:.0f}", _ratio(row["chart_bytes"], floor_server["chart_bytes"]),
        ]  # fmt: skip
        lines.append(f"{name:26} " + " ".join(f"{c:>{w}}" for c, (_, w) in zip(cells, columns[1:])))
        ratio = rerun / floor_server["rerun_s"]["median"]
        if name != "floor" and ratio > BUDGETS["rerun_ratio_to_floor"]:
            misses.append(f"{name}: rerun {ratio:.1f}× the floor (budget {BUDGETS['rerun_ratio_to_floor']}×)")
        if name != "floor" and redraw and redraw > BUDGETS["slider_to_redraw_ms"]:
            misses.append(f"{name}: slider to redrawn chart {redraw:.0f} ms (budget {BUDGETS['slider_to_redraw_ms']})")
        if row["chart_bytes"] > BUDGETS["chart_data_bytes"]:
            misses.append(f"{name}: {row['chart_bytes'] / 1e6:.2f} MB of chart data (budget 1 MB)")
    cold, memory = browser["cold_start_s"], browser["server_peak_memory_mb"]
    lines.append(
        f"cold start to drawn home page: {cold:.2f} s ({_ratio(cold, floor_browser['cold_start_s'])} the floor's "
        f"{floor_browser['cold_start_s']:.2f} s)"
    )
    lines.append(
        f"server peak memory after every page: {memory:.0f} MB ({_ratio(memory, floor_browser['server_memory_mb'])} "
        f"the floor server's {floor_browser['server_memory_mb']:.0f} MB)"
    )
    if cold > BUDGETS["cold_start_s"]:
        misses.append(f"cold start {cold:.2f} s (budget {BUDGETS['cold_start_s']} s)")
    if memory > BUDGETS["server_memory_mb"]:
        misses.append(f"server memory {memory:.0f} MB (budget {BUDGETS['server_memory_mb']})")
    return lines, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    server = server_side(args.repeats)
    browser = browser_side()
    lines, misses = report(server, browser)
    print("\n".join(lines))
    print("\nBudget misses:" if misses else "\nAll budgets met.")
    for miss in misses:
        print(f"  - {miss}")
    machine = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": psutil.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "streamlit": streamlit.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    results = {"machine": machine, "budgets": BUDGETS, "server": server, "browser": browser, "misses": misses}
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"\nWrote {args.out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
