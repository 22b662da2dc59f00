"""Load test: many viewers at once, on loopback only.

    python bench/load.py [--sessions 10] [--seconds 120] [--warmup 30]

First, a meeting opening the link at once: that many headless-Chromium sessions open each page together,
against the app and then against the floor app (one slider, one chart) in the same run; it prints the
median and 95th-percentile time from navigation to drawn page for both, and the ratio (issue 15's target:
the app's 95th percentile at most 2.5× the floor's). Then a soak: the sessions walk every page and move a
slider on each until the time is up; it prints page visits, slider reruns, errors and the server's memory
sampled every five seconds, and says whether memory grew after the warm-up. Bounded; it stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import time
import tomllib
from pathlib import Path

import psutil
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.story.outline import STORY  # noqa: E402
from tests.browser import CHROMIUM_FLAGS, DRAWN_CHARTS_JS, chromium_path, running_server  # noqa: E402

PATHS = ["" if c.path == "pages/home.py" else c.path.removeprefix("pages/")[:-3] for c in STORY]
GROWTH_TOLERANCE_MB = 25
BURST_RATIO_TARGET = 2.5
FLOOR = ROOT / "bench" / "floor_app.py"
# The floor is a trivial page as Streamlit serves it by default, as in every earlier run of this bench. A
# server started from the project also reads the app's .streamlit/config.toml, whose [runner] settings are
# part of what the app does to be fast (no magic pass, no full garbage collection after each run): for the
# floor they are set back to Streamlit's defaults, so the reference does not move with the app's tuning.
FLOOR_ENV = {"STREAMLIT_RUNNER_MAGIC_ENABLED": "true", "STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}


def floor_env() -> dict[str, str]:
    """:data:`FLOOR_ENV`, after checking it resets every [runner] setting the app's config makes."""
    runner = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")).get("runner", {})
    names = {"STREAMLIT_RUNNER_" + re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).upper() for key in runner}
    if inherited := sorted(names - set(FLOOR_ENV)):
        raise SystemExit(f"bench: the floor would inherit the app's {inherited}; add them to FLOOR_ENV")
    return FLOOR_ENV


async def wait_for_run(page) -> None:
    await page.wait_for_timeout(150)
    await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)


async def viewer(browser, url: str, deadline: float, counts: dict) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda error: counts.__setitem__("errors", counts["errors"] + 1))
    try:
        while time.monotonic() < deadline:
            for path in PATHS:
                if time.monotonic() >= deadline:
                    break
                try:
                    await page.goto(f"{url}/{path}?prices=offline")
                    await wait_for_run(page)
                    counts["visits"] += 1
                    if await page.locator("[data-testid='stException']").count():
                        counts["errors"] += 1
                    sliders = page.get_by_role("slider")
                    if await sliders.count():
                        await sliders.first.focus()
                        await page.keyboard.press("ArrowRight")
                        await wait_for_run(page)
                        counts["reruns"] += 1
                except Exception:  # a timeout or a dropped connection is an error to count, not a crash
                    counts["errors"] += 1
    finally:
        await context.close()


async def drawn(page) -> None:
    await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
    await page.wait_for_function(f"() => ({DRAWN_CHARTS_JS})() >= 1", timeout=120_000)


async def burst(browser, url: str, paths: list[str], sessions: int) -> list[float]:
    """``sessions`` new viewers open each path at the same moment: seconds from navigation to drawn page."""
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(sessions)]
    pages = [await context.new_page() for context in contexts]

    async def open_page(page, path: str) -> float:
        started = time.perf_counter()
        await page.goto(f"{url}/{path}")
        await drawn(page)
        return time.perf_counter() - started

    times: list[float] = []
    for path in paths:
        times += await asyncio.gather(*(open_page(page, path) for page in pages))
    for context in contexts:
        await context.close()
    return times


def spread(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile."""
    return statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[18]


async def meeting(sessions: int) -> dict:
    """The app's and the floor's navigation-to-drawn times with ``sessions`` viewers opening at once: both
    medians and 95th percentiles, their ratio and whether it meets the target (``bench/run.py`` records it)."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        with running_server(ROOT / "app.py") as (url, _):
            app = await burst(browser, url, [f"{path}?prices=offline" for path in PATHS], sessions)
        with running_server(FLOOR, floor_env()) as (url, _):
            floor = await burst(browser, url, [""] * len(PATHS), sessions)
        await browser.close()
    (app_median, app_p95), (floor_median, floor_p95) = spread(app), spread(floor)
    ratio = app_p95 / floor_p95
    print(f"{sessions} sessions opening each page at once, navigation to drawn page ({len(app)} views each):")
    print(f"  app:   median {app_median:.2f} s, 95th percentile {app_p95:.2f} s")
    print(f"  floor: median {floor_median:.2f} s, 95th percentile {floor_p95:.2f} s")
    print(f"  95th percentile {ratio:.1f}× the floor's (target ≤ {BURST_RATIO_TARGET}×)")
    return {
        "sessions": sessions, "views_each": len(app), "app_median_s": app_median, "app_p95_s": app_p95,
        "floor_median_s": floor_median, "floor_p95_s": floor_p95, "p95_ratio_to_floor": ratio,
        "met": ratio <= BURST_RATIO_TARGET,
    }  # fmt: skip


async def sample_memory(pid: int, deadline: float, samples: list[tuple[float, float]]) -> None:
    process = psutil.Process(pid)
    started = time.monotonic()
    while time.monotonic() < deadline:
        rss = process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))
        samples.append((time.monotonic() - started, rss / 2**20))
        await asyncio.sleep(5)


async def run(sessions: int, seconds: float, warmup: float) -> int:
    counts = {"visits": 0, "reruns": 0, "errors": 0}
    samples: list[tuple[float, float]] = []
    with running_server(ROOT / "app.py") as (url, pid):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            deadline = time.monotonic() + seconds
            await asyncio.gather(
                sample_memory(pid, deadline, samples),
                *(viewer(browser, url, deadline, counts) for _ in range(sessions)),
            )
            await browser.close()
    after_warmup = [mb for t, mb in samples if t >= warmup]
    third = max(1, len(after_warmup) // 3)
    growth = statistics.mean(after_warmup[-third:]) - statistics.mean(after_warmup[:third]) if after_warmup else 0.0
    print(f"sessions {sessions}, {seconds:.0f} s on loopback ({url})")
    print(f"page visits {counts['visits']}, slider reruns {counts['reruns']}, errors {counts['errors']}")
    print("server memory (s: MB): " + ", ".join(f"{t:.0f}: {mb:.0f}" for t, mb in samples))
    print(f"peak {max(mb for _, mb in samples):.0f} MB; growth after the {warmup:.0f} s warm-up: {growth:+.1f} MB")
    ok = counts["errors"] == 0 and growth <= GROWTH_TOLERANCE_MB
    print("PASS" if ok else f"FAIL (errors or memory growth above {GROWTH_TOLERANCE_MB} MB)")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--warmup", type=float, default=30)
    args = parser.parse_args()
    met = asyncio.run(meeting(args.sessions))["met"]
    soak = asyncio.run(run(args.sessions, args.seconds, args.warmup))
    return soak if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
