"""Handouts: one page, or the whole story, as a single HTML file that opens offline in any browser.

A page is collected by running it headless (Streamlit's AppTest) exactly as a visitor would see it with the
same link settings, then its charts (Vega-Lite specs with their data inline), source lines, takeaways and
controls are written into one file together with the Vega runtime, so nothing is fetched when it opens.

Because AppTest replaces Streamlit's runtime while it runs, the live app builds handouts in a separate
process: ``python -m explainer.app.handout --page pages/x.py --query 'a=1&b=2' --out handout.html``
(``--page all`` for the whole story).
"""

from __future__ import annotations

import argparse
import html
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
import pyarrow as pa

from explainer import ROOT
from explainer.app.ui import TAKEAWAYS_KEY
from explainer.story.outline import STORY

VENDOR = Path(__file__).parents[1] / "static" / "vendor"
RUNTIME = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
WIDGETS = ("slider", "select_slider", "selectbox", "multiselect", "segmented_control", "pills", "toggle",
           "date_input", "number_input")  # fmt: skip
FRAME_SETTINGS = ("prices",)
TIMEOUT_SECONDS = 180


@dataclass
class Section:
    """What a handout shows of one page."""

    path: str
    title: str
    lead: str
    figures: list[dict] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)
    controls: list[tuple[str, str]] = field(default_factory=list)
    metrics: list[tuple[str, str, str]] = field(default_factory=list)
    prices: str = ""


def _records(arrow_bytes: bytes) -> list[dict]:
    frame = pa.ipc.open_stream(arrow_bytes).read_all().to_pandas()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%dT%H:%M:%S")
    return json.loads(frame.to_json(orient="records", date_format="iso"))


def _spec_with_data(element) -> dict:
    spec = json.loads(element.proto.spec)
    spec["datasets"] = {d.name: _records(d.data.data) for d in element.proto.datasets}
    spec.pop("autosize", None)
    spec["width"] = spec.get("width", 720) if "facet" in spec else 720
    return spec


def collect(page: str, query: dict[str, list[str]] | None = None) -> Section:
    """Run one page headless with the given link settings and keep what a handout needs."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, values in (query or {}).items():
        at.query_params[key] = values
    at.switch_page(page).run()
    if at.exception:
        raise RuntimeError(f"{page} could not be drawn for the handout")
    controls = []
    for kind in WIDGETS:
        for widget in getattr(at, kind):
            if widget.key and not str(widget.key).startswith("_"):
                controls.append((widget.label, _plain(widget.value)))
    takeaways = at.session_state.get(TAKEAWAYS_KEY, [])
    return Section(
        path=page,
        title=at.title[0].value if len(at.title) else page,
        lead=at.markdown[0].value if len(at.markdown) else "",
        figures=[_spec_with_data(chart) for chart in at.get("vega_lite_chart")],
        takeaways=list(takeaways),
        controls=controls,
        metrics=[(m.label, m.value, m.delta or "") for m in at.metric],
        prices=next((c.value for c in at.caption if c.value.startswith("Prices:")), ""),
    )


def _plain(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def collect_story(query: dict[str, list[str]] | None = None) -> list[Section]:
    """Every page in story order, with the frame settings (price mode) of the link."""
    frame = {k: v for k, v in (query or {}).items() if k in FRAME_SETTINGS}
    return [collect(chapter.path, frame) for chapter in STORY]


def _inline_markdown(text: str) -> str:
    """Escape, then keep the only Markdown the pages use in prose: **bold**."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text))


def _json_for_script(value) -> str:
    return json.dumps(value).replace("</", "<\\/")


def render(sections: list[Section], title: str) -> str:
    """The handout's HTML: text escaped, specs as JSON, the Vega runtime inlined."""
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    runtime = "\n".join(f"<script>{(VENDOR / name).read_text()}</script>" for name in RUNTIME)
    body, specs = [], []
    for number, section in enumerate(sections):
        parts = [f'<section id="s{number}"><h1>{html.escape(section.title)}</h1>']
        if section.lead:
            parts.append(f'<p class="lead">{_inline_markdown(section.lead)}</p>')
        if section.prices:
            parts.append(f'<p class="source">{html.escape(section.prices)}</p>')
        if section.metrics:
            cells = "".join(
                f'<div class="metric"><div class="label">{html.escape(label)}</div>'
                f'<div class="value">{html.escape(value)}</div><div class="source">{html.escape(note)}</div></div>'
                for label, value, note in section.metrics
            )
            parts.append(f'<div class="metrics">{cells}</div>')
        for figure in section.figures:
            chart_id = f"chart{len(specs)}"
            specs.append((chart_id, figure))
            source = figure.get("usermeta", {}).get("source", "")
            parts.append(f'<figure><div id="{chart_id}" class="chart"></div>'
                         f'<figcaption class="source">{html.escape(source)}</figcaption></figure>')  # fmt: skip
        if section.takeaways:
            items = "".join(f"<li>{_inline_markdown(t)}</li>" for t in section.takeaways)
            parts.append(f"<h2>Takeaways</h2><ul>{items}</ul>")
        if section.controls:
            rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in section.controls)
            parts.append(f'<details><summary>Settings used</summary><table class="controls">{rows}</table></details>')
        parts.append("</section>")
        body.append("".join(parts))
    embeds = "\n".join(
        f'vegaEmbed("#{chart_id}", {_json_for_script(spec)}, {{renderer: "svg", actions: false}});'
        for chart_id, spec in specs
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="generator" content="Apple × Alibaba explainer handout, {generated}">
<style>
body {{ font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 980px; margin: 2rem auto;
       padding: 0 1.5rem; color: #1b1f24; line-height: 1.45; }}
section {{ page-break-after: always; margin-bottom: 3rem; }}
h1 {{ font-size: 2rem; margin-bottom: .3rem; }}
figure {{ margin: 1.5rem 0; border: 1px solid #dde1e6; border-radius: 6px; padding: 1rem; }}
.source {{ color: #5f6873; font-size: .85rem; }}
.lead {{ font-size: 1.1rem; }}
table.controls th {{ text-align: left; padding-right: 1rem; font-weight: 600; }}
.metrics {{ display: flex; flex-wrap: wrap; gap: .75rem; }}
.metric {{ border: 1px solid #dde1e6; border-radius: 6px; padding: .6rem .9rem; min-width: 9rem; }}
.metric .value {{ font-size: 1.6rem; }}
</style>
{runtime}
</head><body>
<p class="source">Handout generated {generated}. Sources are under each chart; nothing here is fetched from the
network.</p>
{"".join(body)}
<script>
{embeds}
</script>
</body></html>
"""


def build(pages: list[str] | str, query: dict[str, list[str]] | None = None) -> str:
    """The handout HTML for some pages, or for ``'all'`` (the whole story in order)."""
    sections = collect_story(query) if pages == "all" else [collect(p, query) for p in pages]
    title = "Apple × Alibaba: the China AI story" + ("" if pages == "all" else f": {sections[0].title}")
    return render(sections, title)


def build_in_subprocess(pages: list[str] | str, query_string: str) -> bytes:
    """Build a handout from inside the running app (AppTest must not share the live server's process)."""
    target = "all" if pages == "all" else ",".join(pages)
    completed = subprocess.run(
        [sys.executable, "-m", "explainer.handout", "--page", target, "--query", query_string, "--out", "-"],
        capture_output=True,
        cwd=ROOT,
        timeout=TIMEOUT_SECONDS,
        check=True,
    )
    return completed.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a self-contained HTML handout.")
    parser.add_argument("--page", default="all", help="'all', or page paths separated by commas")
    parser.add_argument("--query", default="", help="the link's settings, as a query string")
    parser.add_argument("--out", default="-", help="output file ('-' for standard output)")
    args = parser.parse_args(argv)
    pages = "all" if args.page == "all" else args.page.split(",")
    document = build(pages, parse_qs(args.query))
    if args.out == "-":
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
        out.write(document)
        out.flush()
    else:
        Path(args.out).write_text(document, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
