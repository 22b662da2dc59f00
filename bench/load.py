"""Load test: many viewers at once, on loopback only.

    python bench/load.py [--sessions 10] [--seconds 120] [--warmup 30]

Starts `streamlit run app.py` on a free 127.0.0.1 port and drives that many headless-Chromium sessions
(one browser, one context each) that walk every page and move a slider on each, until the time is up. It
prints sessions, page visits, slider reruns, errors, and the server's memory sampled every five seconds,
and says whether memory grew after the warm-up. Bounded in count and time; it stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

import psutil
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.story.outline import STORY  # noqa: E402
from tests.browser import CHROMIUM_FLAGS, chromium_path, running_server  # noqa: E402

PATHS = ["" if c.path == "pages/home.py" else c.path.removeprefix("pages/")[:-3] for c in STORY]
GROWTH_TOLERANCE_MB = 25


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
    return asyncio.run(run(args.sessions, args.seconds, args.warmup))


if __name__ == "__main__":
    raise SystemExit(main())
