"""Handouts: one page, or the whole story, as a single HTML file that opens offline in any browser.

A handout is built from the outline, in the app's own process: each chapter's section functions are called
with the link's settings (read through the controls' declarations, exactly as the page reads them), and
their charts (Vega-Lite specs with their data inline), metrics, source lines, takeaways and the settings used
are written into one file together with the Vega runtime, so nothing is fetched when it opens.

From a terminal: ``python -m explainer.handout --page pages/x.py --query 'a=1&b=2' --out handout.html``
(``--page all`` for the whole story).
"""

from __future__ import annotations

import argparse
import html
import io
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs

from explainer.app import controls
from explainer.charts import sources
from explainer.charts.figure import Figure
from explainer.data import facts, prices
from explainer.story.controls import Control, settings_from_link
from explainer.story.outline import STORY, Chapter
from explainer.story.section import Context, Result, Section

VENDOR = Path(__file__).parents[1] / "static" / "vendor"
RUNTIME = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
FRAME_SETTINGS = (controls.PRICE_MODE_KEY,)


@dataclass
class Part:
    """What a handout shows of one section: its heading, metrics and figures."""

    heading: str
    metrics: list[tuple[str, str, str]] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)


@dataclass
class Page:
    """What a handout shows of one page."""

    path: str
    title: str
    lead: str
    parts: list[Part] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)
    controls: list[tuple[str, str]] = field(default_factory=list)
    prices: str = ""

    @property
    def figures(self) -> list[dict]:
        return [figure for part in self.parts for figure in part.figures]


def spec(figure: Figure) -> dict:
    """The figure's styled Vega-Lite spec with its data inline, at a fixed width for paper."""
    chart_spec = figure.spec(arrow=False)
    chart_spec.pop("autosize", None)
    chart_spec["width"] = chart_spec.get("width", 720) if "facet" in chart_spec else 720
    return chart_spec


FRAME = (controls.price_mode_declaration(), controls.PRESENTER)


def linked_results(
    chapter: Chapter, query: dict[str, list[str]] | None = None
) -> tuple[Context, list[tuple[Section, list[Control], dict[str, object], Result]]]:
    """Each section of a chapter as the link would show it: called with the link's settings (defaults where
    the link has none or one the control cannot take); the handout and the slides both read pages so."""
    query = query or {}
    frame = settings_from_link(FRAME, query)
    tables = {name: facts.load_table(name) for name in chapter.tables}
    price_set = prices.load_prices(chapter.tickers, frame[controls.PRICE_MODE_KEY]) if chapter.tickers else None
    context = Context(tables, price_set)
    chosen: dict[str, object] = {}

    def from_link(row: list[Control]) -> list[object]:
        found = settings_from_link(row, query)
        return [found[control.key] for control in row]

    built = []
    for section in chapter.sections:
        shown, chosen = section.settings(context, from_link, chosen)
        built.append((section, shown, dict(chosen), section.build(context, chosen)))
    return context, built


def collect(chapter: Chapter, query: dict[str, list[str]] | None = None) -> Page:
    """One page as the link would show it (:func:`linked_results`), for the handout."""
    frame = settings_from_link(FRAME, query or {})
    context, built = linked_results(chapter, query)
    price_set = context.prices
    page = Page(chapter.path, chapter.heading, chapter.lead,
                prices=sources.price_mode_line(price_set) if price_set else "",
                controls=[(c.label, c.describe(frame[c.key])) for c in FRAME])  # fmt: skip
    for section, shown, chosen, result in built:
        page.parts.append(Part(
            section.heading,
            [(m.label, m.value, m.note) for m in result.metrics],
            [spec(figure) for figure in result.figures],
        ))  # fmt: skip
        page.takeaways += result.takeaways
        page.controls += [(control.label, control.describe(chosen[control.key])) for control in shown]
    return page


def collect_story(query: dict[str, list[str]] | None = None) -> list[Page]:
    """Every page in story order, with the frame settings (price mode) of the link."""
    frame = {k: v for k, v in (query or {}).items() if k in FRAME_SETTINGS}
    return [collect(chapter, frame) for chapter in STORY]


def inline_markdown(text: str) -> str:
    """Escape, then keep the only Markdown the pages use in prose: **bold**."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text))


def json_for_script(value) -> str:
    return json.dumps(value).replace("</", "<\\/")


def render(pages: list[Page], title: str) -> str:
    """The handout's HTML: text escaped, specs as JSON, the Vega runtime inlined."""
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    runtime = "\n".join(f"<script>{(VENDOR / name).read_text()}</script>" for name in RUNTIME)
    body, specs = [], []
    for number, page in enumerate(pages):
        parts = [f'<section id="s{number}"><h1>{html.escape(page.title)}</h1>']
        if page.lead:
            parts.append(f'<p class="lead">{inline_markdown(page.lead)}</p>')
        if page.prices:
            parts.append(f'<p class="source">{html.escape(page.prices)}</p>')
        for part in page.parts:
            if part.heading:
                parts.append(f'<h2 class="section">{html.escape(part.heading)}</h2>')
            if part.metrics:
                cells = "".join(
                    f'<div class="metric"><div class="label">{html.escape(label)}</div><div class="value">'
                    f'{html.escape(value)}</div><div class="source">{html.escape(note)}</div></div>'
                    for label, value, note in part.metrics
                )
                parts.append(f'<div class="metrics">{cells}</div>')
            for figure in part.figures:
                chart_id = f"chart{len(specs)}"
                specs.append((chart_id, figure))
                source = figure.get("usermeta", {}).get("source", "")
                parts.append(f'<figure><div id="{chart_id}" class="chart"></div>'
                             f'<figcaption class="source">{html.escape(source)}</figcaption></figure>')  # fmt: skip
        if page.takeaways:
            items = "".join(f"<li>{inline_markdown(t)}</li>" for t in page.takeaways)
            parts.append(f"<h2>Takeaways</h2><ul>{items}</ul>")
        if page.controls:
            rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in page.controls)
            parts.append(f'<details><summary>Settings used</summary><table class="controls">{rows}</table></details>')
        parts.append("</section>")
        body.append("".join(parts))
    embeds = "\n".join(
        f'vegaEmbed("#{chart_id}", {json_for_script(spec)}, {{renderer: "svg", actions: false}});'
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


def chapter_at(path: str) -> Chapter:
    """The outline's page at a path (``pages/x.py``), or ValueError naming it."""
    for chapter in STORY:
        if chapter.path == path:
            return chapter
    raise ValueError(f"{path} is not a page of the story")


def build(pages: list[str] | str, query: dict[str, list[str]] | None = None) -> str:
    """The handout HTML for some pages, or for ``'all'`` (the whole story in order)."""
    collected = collect_story(query) if pages == "all" else [collect(chapter_at(p), query) for p in pages]
    title = "Apple × Alibaba: the China AI story" + ("" if pages == "all" else f": {collected[0].title}")
    return render(collected, title)


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
