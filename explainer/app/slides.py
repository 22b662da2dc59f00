"""Slide mode (``?present=slides&slide=N``): the story one finding per screen, stepped with ← and →.

Slides are built from the outline with the settings in the address (the presenter prepares views in the normal
pages, copies the link and presents), start from the cached prices, hide every control, and keep the slide
number in the address so a link reopens the same slide. ``&notes=true`` adds the speaker notes under each
slide. *Download slides (HTML)* writes the same deck to one file that steps with the arrow keys offline.
"""

from __future__ import annotations

import copy
import dataclasses
import html

import streamlit as st

from explainer.app import controls, handout, page, presenting, ui
from explainer.charts import theme
from explainer.charts.figure import FinishedFigure
from explainer.data import prices
from explainer.story import slides
from explainer.story.controls import UnusableSetting
from explainer.story.outline import HOME, STORY
from explainer.story.section import Result

SLIDES = "slides"
SLIDE_KEY, NOTES_KEY = "slide", "notes"
CHART_HEIGHT_PX = 290  # fits a 1280×720 screen under a two-line headline, with the takeaway and source below
FACET_COLUMNS, FACET_WIDTH_PX = 5, 190
AXIS_FONT_PX = 16
# Constant CSS, no user input: no sidebar, header or page controls, and a tight frame so a slide fits the screen.
SLIDE_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 0.5rem 2.5rem 0.25rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 42px; line-height: 1.15; padding: 0.2rem 0; }
.st-key-slide_closing [data-testid="stCaptionContainer"] :is(p, li) { line-height: 1.35; margin-bottom: 0.2rem; }
</style>
"""


def requested() -> bool:
    """Whether the address asks for slides."""
    return st.query_params.get(controls.PRESENT_KEY) == SLIDES


def _values(name: str) -> tuple[str, ...]:
    """A setting's values in the address, each once (a link from the pages can repeat a bound widget's)."""
    return tuple(dict.fromkeys(st.query_params.get_all(name)))


def _link() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The address's settings the slides read (everything but the slide mode itself); cached prices unless the
    link asks for another price mode."""
    frame = {controls.PRESENT_KEY, SLIDE_KEY, NOTES_KEY}
    query = {k: _values(k) for k in st.query_params if k not in frame}
    if query.get(controls.PRICE_MODE_KEY) not in [(mode,) for mode in prices.MODES]:
        query[controls.PRICE_MODE_KEY] = ("offline",)  # missing or unreadable: slides start from the cache
    # The price switch is bound to the address and owned by its widget: this session's choice (Go live, or
    # the sidebar before the slides began) is in session state, and wins over what the address repeats.
    chosen = st.session_state.get(controls.PRICE_MODE_KEY)
    if chosen in prices.MODES:
        query[controls.PRICE_MODE_KEY] = (chosen,)
    return tuple(sorted(query.items()))


def _built(link: tuple[tuple[str, tuple[str, ...]], ...]) -> list:
    query = {k: list(v) for k, v in link}
    return [(chapter, handout.linked_results(chapter, query)[1]) for chapter in STORY]


def _story(link: tuple[tuple[str, tuple[str, ...]], ...]) -> list:
    return [(chapter, [(s, r) for s, _, _, r in built]) for chapter, built in _built(link)]


def unusable(link: tuple[tuple[str, tuple[str, ...]], ...], built: list) -> tuple[str, ...]:
    """The link's settings no slide can use: names no section declares, or values its control cannot read."""
    declared = {c.key: c for _, sections in built for _, shown, _, _ in sections for c in shown}
    names = []
    for name, values in link:
        if name in declared:
            try:
                declared[name].from_url(list(values))
            except UnusableSetting:
                names.append(name)
        elif name not in presenting.FRAME_KEYS | presenting.RESERVED_PARAMS:
            names.append(name)
    return tuple(names)


@st.cache_resource(show_spinner="Preparing the slides…", max_entries=20)
def _deck(link: tuple[tuple[str, tuple[str, ...]], ...], versions: tuple) -> tuple[list[slides.Slide], tuple]:
    """The deck for a link's settings, figures finished, and the settings it could not use; shared by every
    session showing the same link (kept as objects, not pickled: a slide is read, never changed; drawing
    copies what it alters)."""
    built = _built(link)
    deck = slides.deck([(chapter, [(s, r) for s, _, _, r in sections]) for chapter, sections in built])
    return [dataclasses.replace(s, figure=s.figure.finished()) if s.figure else s for s in deck], unusable(link, built)


def on_slide(figure: FinishedFigure) -> dict:
    """The figure's spec for a slide in the app (the drawn spec gets its own datasets, see ui.show_figure)."""
    return fit_to_slide({**figure.spec, "datasets": dict(figure.spec["datasets"])})


def fit_to_slide(spec: dict) -> dict:
    """A chart spec made for a slide (changed in place and returned): its headline is the slide's, so no
    title in the chart; a fixed height that fits the screen; axis labels at 16 px; facets wrapped side by
    side instead of stacked."""
    spec.pop("title", None)
    spec["config"] = copy.deepcopy(spec.get("config") or theme.config())
    for part in ("axis", "legend"):
        spec["config"].setdefault(part, {})["labelFontSize"] = AXIS_FONT_PX
    if "facet" in spec and "row" in spec["facet"]:
        spec["facet"] = spec["facet"]["row"]
        spec["columns"] = FACET_COLUMNS
        inner = dict(spec["spec"])
        inner["width"] = FACET_WIDTH_PX
        if isinstance(inner.get("height"), int):
            inner["height"] = min(inner["height"], 60)
        spec["spec"] = inner
    else:
        spec["height"] = CHART_HEIGHT_PX
    return spec


def _address(**changes: str | None) -> dict[str, str | list[str]]:
    """This address's settings with some changed (None drops one). A link, not code, moves between slide mode
    and the pages: ``present`` is bound to the presenter switch, and Streamlit lets no code write it."""
    query = {k: v[0] if len(v) == 1 else list(v) for k in st.query_params if (v := _values(k))}
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query


def start_button(where) -> None:
    """The sidebar's way into slide mode, with this view's settings (they stay in the address)."""
    where.page_link(HOME.path, label="Present as slides", icon=":material/slideshow:",
                    query_params=_address(**{controls.PRESENT_KEY: SLIDES, SLIDE_KEY: "1"}),
                    help="The story one finding per screen, stepped with ← and →, with the settings in this address.")


def _go(number: int) -> None:
    st.query_params[SLIDE_KEY] = str(number)


def draw() -> None:
    """The slide the address asks for (the nearest one, with a notice, if it does not exist)."""
    st.html(SLIDE_CSS)
    link = _link()
    deck, ignored = _deck(link, tuple((name, ui.table_version(name)) for c in STORY for name in c.tables))
    if ignored:
        presenting.show_ignored(ignored, st)
    asked = st.query_params.get(SLIDE_KEY, "1")
    try:
        number = slides.clamp(int(asked), len(deck))
        moved = str(number) != asked
    except ValueError:
        number, moved = 1, True
    if moved:
        st.toast(f"There is no slide '{asked}': showing slide {number} of {len(deck)}.", icon=":material/info:")
        st.query_params[SLIDE_KEY] = str(number)
    slide = deck[number - 1]
    st.caption(f"{slide.chapter} — slide {number} of {len(deck)}")
    st.title(slide.headline, anchor=False)
    if slide.kind == slides.TITLE:
        st.markdown(f"### {slide.takeaways[0]}")
    elif slide.kind == slides.METRICS:
        page.show(Result(metrics=slide.metrics))
    elif slide.kind == slides.FIGURE:
        st.vega_lite_chart(spec=on_slide(slide.figure), key=f"slide_chart_{slide.figure.key}")
    if slide.kind == slides.CLOSING:
        chapters = [(heading, takeaways) for heading, takeaways in slide.closing if takeaways]
        with st.container(key="slide_closing"):  # tighter lines (SLIDE_CSS): every takeaway fits one screen
            for column, (heading, takeaways) in zip(st.columns(len(chapters)), chapters):
                column.caption(f"**{heading}**\n" + "\n".join(f"- {line}" for line in takeaways))
    elif slide.kind != slides.TITLE and slide.takeaways:
        st.markdown("\n".join(f"- {line}" for line in slide.takeaways))
    if slide.source:
        st.caption(slide.source)
    if st.query_params.get(NOTES_KEY) == "true" and slide.notes:
        with st.container(border=True):
            st.caption("Speaker notes")
            for note in slide.notes:
                st.caption(note)
    _navigation(number, len(deck), link, slide.chapter)


def _navigation(number: int, count: int, link: tuple, chapter: str) -> None:
    with st.container(horizontal=True, gap="small"):
        st.button("First", key="_slide_first", on_click=_go, args=(1,), shortcut="Home", disabled=number == 1)
        st.button("← Previous", key="_slide_previous", on_click=_go, args=(max(number - 1, 1),), shortcut="Left",
                  disabled=number == 1)  # fmt: skip
        st.button("Next →", key="_slide_next", on_click=_go, args=(min(number + 1, count),), shortcut="Right",
                  disabled=number == count)  # fmt: skip
        st.button("Last", key="_slide_last", on_click=_go, args=(count,), shortcut="End", disabled=number == count)
        if number == count and dict(link).get(controls.PRICE_MODE_KEY) == ("offline",):
            st.button("Go live (Yahoo Finance)", key="_slides_live", on_click=st.session_state.update,
                      kwargs={controls.PRICE_MODE_KEY: "auto"})  # fmt: skip
        st.download_button("Download slides (HTML)", data=lambda: deck_html(link).encode("utf-8"),
                           file_name="china-ai-story-slides.html", mime="text/html", key="_slides_download",
                           on_click="ignore", icon=":material/slideshow:")  # fmt: skip
        # Back to the page of the chapter on screen, with the view's settings.
        page_path = next((c.path for c in STORY if c.title == chapter), HOME.path)
        st.page_link(page_path, label="Leave slides",
                     query_params=_address(**{controls.PRESENT_KEY: None, SLIDE_KEY: None, NOTES_KEY: None}))


DECK_CSS = """
body { margin: 0; font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #0e1117; }
section { display: none; box-sizing: border-box; height: 100vh; padding: 2rem 3rem; overflow: hidden; }
section.shown { display: block; }
h1 { font-size: 42px; line-height: 1.15; margin: .4rem 0 1rem; }
.progress, .source { color: #555b63; font-size: 14px; }
.metrics { display: flex; flex-wrap: wrap; gap: 1rem; }
.metric { border: 1px solid #dde1e6; border-radius: 6px; padding: .8rem 1rem; min-width: 12rem; }
.metric .value { font-size: 2rem; }
"""
DECK_JS = """
const slides = [...document.querySelectorAll('section')];
let at = 0;
function show(n) { at = Math.max(0, Math.min(n, slides.length - 1));
  slides.forEach((s, i) => s.classList.toggle('shown', i === at)); }
document.addEventListener('keydown', e => {
  if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') show(at + 1);
  if (e.key === 'ArrowLeft' || e.key === 'PageUp') show(at - 1);
  if (e.key === 'Home') show(0);
  if (e.key === 'End') show(slides.length - 1); });
show(0);
"""


def deck_html(link: tuple) -> str:
    """The deck as one self-contained HTML file (the handout's inlined Vega runtime; no network)."""
    deck = slides.deck(_story(link))
    runtime = "\n".join(f"<script>{(handout.VENDOR / name).read_text()}</script>" for name in handout.RUNTIME)
    body, embeds = [], []
    for number, slide in enumerate(deck, start=1):
        parts = [f'<section><p class="progress">{html.escape(slide.chapter)} — slide {number} of '
                 f"{len(deck)}</p><h1>{html.escape(slide.headline)}</h1>"]  # fmt: skip
        if slide.kind == slides.TITLE:
            parts.append(f"<h2>{html.escape(slide.takeaways[0])}</h2>")
        if slide.metrics:
            cells = "".join(
                f'<div class="metric"><div>{html.escape(m.label)}</div><div class="value">{html.escape(m.value)}'
                f'</div><div class="source">{html.escape(m.note)}</div></div>'
                for m in slide.metrics
            )
            parts.append(f'<div class="metrics">{cells}</div>')
        if slide.figure is not None:
            chart_id = f"chart{number}"
            spec = fit_to_slide(handout.spec(slide.figure))
            embeds.append(f'vegaEmbed("#{chart_id}", {handout.json_for_script(spec)}, '
                          '{renderer: "svg", actions: false});')  # fmt: skip
            parts.append(f'<div id="{chart_id}"></div>')
        for heading, takeaways in slide.closing:
            if takeaways:
                text = handout.inline_markdown(" ".join(takeaways))
                parts.append(f"<p><strong>{html.escape(heading)}</strong>: {text}</p>")
        if slide.kind != slides.TITLE and slide.takeaways:
            items = "".join(f"<li>{handout.inline_markdown(t)}</li>" for t in slide.takeaways)
            parts.append(f"<ul>{items}</ul>")
        if slide.source:
            parts.append(f'<p class="source">{html.escape(slide.source)}</p>')
        body.append("".join(parts) + "</section>")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Apple × Alibaba: the China AI story '
        f"(slides)</title><style>{DECK_CSS}</style>{runtime}</head><body>{''.join(body)}"
        f"<script>{''.join(embeds)}{DECK_JS}</script></body></html>"
    )
