"""Start the app with `streamlit run` on a free port and drive it in a system Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def url_path(chapter) -> str:
    """The address of a page as Streamlit serves it: the file's name; the home page is the root."""
    return "" if chapter.path == "pages/home.py" else chapter.path.removeprefix("pages/").removesuffix(".py")


def chromium_path() -> str | None:
    """A Chromium from CHROMIUM_PATH, else from PATH; None lets Playwright use its own installed browser."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(extra_env: dict[str, str] | None = None):
    """Run the app as a user would; yield its base URL; stop it afterwards."""
    with running_server(ROOT / "app.py", extra_env) as (url, _):
        yield url


@contextmanager
def running_server(script: Path, extra_env: dict[str, str] | None = None):
    """Run ``streamlit run script`` on a free loopback port; yield (base URL, process id); stop it afterwards."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--global.developmentMode",
        "false",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / f"server-{port}.log").open("w")
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(extra_env or {})}
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start (exit code {process.poll()})") from None
                time.sleep(0.25)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the script has finished running and the page is connected (Streamlit's own e2e recipe)."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached", timeout=timeout)
    page.wait_for_timeout(200)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_timeout(300)


DRAWN_CHARTS_JS = """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")]
     .filter(c => { const g = c.querySelector('canvas, svg.marks');
                    const box = g && g.getBoundingClientRect();
                    return box && box.width > 50 && box.height > 50; })
     .length"""


def drawn_charts(page) -> int:
    """How many Vega charts have actually painted (a canvas or svg with a non-zero size)."""
    return page.evaluate(DRAWN_CHARTS_JS)
