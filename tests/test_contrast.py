"""Every colour used for text, in both themes, against its background (WCAG AA: 4.5:1, or 3:1 for text of
24 px and over), and the muted series against both backgrounds (3:1, WCAG's minimum for graphics). The app's
pages are also scanned with axe-core in the browser (tests/test_accessibility.py); this test covers what axe
cannot read: the colours of chart text, which Vega draws in SVG."""

from __future__ import annotations

import re
import tomllib

import pytest

from explainer.charts import theme
from explainer.story.outline import STORY
from tests.browser import ROOT
from tests.test_specs import build_all, context_of

STREAMLIT_THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
# Streamlit prints captions (every chart's source line) in the text colour at 60 % over the background.
CAPTION_OPACITY = 0.6


def resolved(color: str | dict, mode: str) -> str:
    """The colour a chart shows on the theme: a themed expression picks by whether the background is dark,
    as the spec's parameter decides it."""
    if isinstance(color, str):
        return color
    dark, light = re.fullmatch(rf"{theme.DARK_PARAM} \? '(#\w{{6}})' : '(#\w{{6}})'", color["expr"]).groups()
    (param,) = theme.params()
    assert param["expr"] == "luminance(background) <= 0.5"
    return dark if theme.luminance(theme.BACKGROUND[mode]) <= 0.5 else light


def blend(color: str, background: str, opacity: float) -> str:
    pairs = zip((int(color[i : i + 2], 16) for i in (1, 3, 5)), (int(background[i : i + 2], 16) for i in (1, 3, 5)))
    return "#" + "".join(f"{round(opacity * c + (1 - opacity) * b):02X}" for c, b in pairs)


def chart_text_colors(mode: str) -> dict[str, str]:
    """Every text colour the house style sets: guides, titles and each named text style."""
    config = theme.config()
    found = {
        "axis labels": config["axis"]["labelColor"], "axis titles": config["axis"]["titleColor"],
        "legend labels": config["legend"]["labelColor"], "legend titles": config["legend"]["titleColor"],
        "facet headers": config["header"]["labelColor"], "titles": config["title"]["color"],
        "subtitles": config["title"]["subtitleColor"],
    }  # fmt: skip
    found |= {f"style {name}": style["color"] for name, style in config["style"].items()}
    return {what: resolved(color, mode) for what, color in found.items()}


@pytest.mark.parametrize("mode", theme.MODES)
def test_the_chart_style_matches_the_streamlit_theme(mode):
    assert theme.BACKGROUND[mode] == STREAMLIT_THEME[mode]["backgroundColor"]
    assert theme.TEXT[mode] == STREAMLIT_THEME[mode]["textColor"]
    # The themed expression tells the backgrounds apart by luminance.
    assert (theme.luminance(theme.BACKGROUND[mode]) > 0.5) == (mode == "light")


@pytest.mark.parametrize("mode", theme.MODES)
def test_every_text_colour_of_the_theme_meets_wcag_aa(mode):
    background = theme.BACKGROUND[mode]
    texts = {
        "body text": theme.TEXT[mode],
        "captions and source lines": blend(theme.TEXT[mode], background, CAPTION_OPACITY),
        "links and selected options": STREAMLIT_THEME[mode]["primaryColor"],
        **chart_text_colors(mode),
    }
    low = {what: round(theme.contrast(color, background), 2) for what, color in texts.items()}
    assert all(ratio >= theme.AA_TEXT for ratio in low.values()), {w: r for w, r in low.items() if r < theme.AA_TEXT}


@pytest.mark.parametrize("mode", theme.MODES)
def test_every_palette_colour_prints_readable_text_in_its_own_hue(mode):
    """A company's labels take its colour; where the colour is too pale (or dark) for text, a shade of it."""
    styles = theme.config()["style"]
    for company, color in theme.COMPANY_COLORS.items():
        shade = resolved(styles[theme.text_style(color)]["color"], mode)
        assert theme.contrast(shade, theme.BACKGROUND[mode]) >= theme.AA_TEXT, (company, color, shade)
        if theme.contrast(color, theme.BACKGROUND[mode]) >= theme.AA_TEXT:
            assert shade == color, (company, "a readable colour keeps its own value")


@pytest.mark.parametrize("mode", theme.MODES)
def test_the_muted_series_stands_out_from_the_background(mode):
    assert theme.contrast(theme.MUTED, theme.BACKGROUND[mode]) >= theme.AA_GRAPHICS


def text_marks(spec: dict):
    """Every text mark in a finished spec, however deeply layered or faceted."""
    if isinstance(spec, dict):
        mark = spec.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "text":
            yield spec
        for key, value in spec.items():
            if key not in ("datasets", "config"):
                yield from text_marks(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from text_marks(item)


@pytest.mark.parametrize("chapter", STORY, ids=lambda c: c.path)
def test_chart_text_takes_its_colour_from_the_theme_never_from_the_mark(chapter):
    """So that the contrast checked above is the contrast drawn: each text mark names a style the house
    style defines, and sets no colour of its own."""
    _, figures = build_all(chapter, context_of(chapter), {})
    styles = theme.config()["style"]
    marks = [mark for figure in figures for mark in text_marks(figure.spec(arrow=False))]
    assert marks
    for layer in marks:
        assert layer["mark"].get("style") in styles, layer["mark"]
        assert not {"color", "fill"} & set(layer["mark"]), layer["mark"]
        assert not {"color", "fill"} & set(layer.get("encoding", {})), layer["encoding"]
