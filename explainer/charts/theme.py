"""One look for every chart: company colours, the muted grey, and sizes readable from the back of a room.

Colours come from the Okabe–Ito and Paul Tol palettes (both designed to stay distinct for colour-blind
readers) and each company keeps its colour on every page. Chart text follows the viewer's light or dark
theme, even when it is switched with the chart on screen: marks carry no text colour of their own, only
named styles ("muted-text", "text-E69F00", …), and :func:`config` gives each style and guide a colour for
either theme, chosen in the browser from the chart's background (:func:`params`). Each meets WCAG AA against its theme's
background (a company's text takes a darker or lighter shade of its colour where the colour itself is too
pale or too dark to read). No font or image is fetched from the internet.
"""

from __future__ import annotations

import copy
import functools
import textwrap

COMPANY_COLORS: dict[str, str] = {
    "Apple": "#0072B2",
    "Alibaba": "#E69F00",
    "Huawei": "#D55E00",
    "vivo": "#44AA99",
    "Xiaomi": "#CC79A7",
    "OPPO": "#999933",
    "Honor": "#882255",
    "NVIDIA": "#009E73",
    "Microsoft": "#7570B3",
    "Alphabet": "#DDCC77",
    "Google": "#DDCC77",
    "Amazon": "#CC6677",
    "Meta": "#AA4499",
    "DeepSeek": "#56B4E9",
    "Tencent": "#88CCEE",
    "Baidu": "#661100",
    "OpenAI": "#117733",
    "Anthropic": "#C98B5E",
    "Broadcom": "#6699CC",
    "TSMC": "#AA7744",
    "ASML": "#5E8C31",
    "xAI": "#777777",
}
# The muted series: at least 3:1 against both backgrounds (WCAG's minimum for graphics).
MUTED = "#868C94"
# Must match .streamlit/config.toml (a test compares them): what chart text is measured against.
BACKGROUND = {"light": "#FFFFFF", "dark": "#0F1216"}
TEXT = {"light": "#0E1117", "dark": "#E8EAED"}
# Subtitles, axis labels and the labels of muted series: quieter than the text, still 4.5:1 or more.
SECONDARY_TEXT = {"light": "#555B63", "dark": "#A9B0B8"}
MODES = ("light", "dark")
AA_TEXT = 4.5
AA_GRAPHICS = 3.0
MUTED_TEXT = "muted-text"
BODY_TEXT = "body-text"
HIGHLIGHT_WIDTH = 3.5
MUTED_WIDTH = 1.5
FONT_SIZE = 15
TITLE_SIZE = 20
CHART_HEIGHT = 380


def color_of(company: str) -> str:
    """The company's colour, or the muted grey for anything without one (indices, 'Others')."""
    return COMPANY_COLORS.get(company, MUTED)


def color_scale(names: list[str], companies: dict[str, str] | None = None) -> dict:
    """A fixed domain→colour scale so a company keeps its colour whatever else is on the chart."""
    companies = companies or {}
    return {"domain": list(names), "range": [color_of(companies.get(n, n)) for n in names]}


def luminance(color: str) -> float:
    """WCAG relative luminance of a ``#RRGGBB`` colour."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_shade(color: str, mode: str) -> str:
    """The colour itself if it reads as text on the theme's background, else the nearest shade of it that
    does: mixed towards black on the light theme, towards white on the dark one, in small steps."""
    target = (0, 0, 0) if mode == "light" else (255, 255, 255)
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    for step in range(21):
        share = step / 20
        shade = "#" + "".join(f"{round(c + (t - c) * share):02X}" for c, t in zip(rgb, target))
        if contrast(shade, BACKGROUND[mode]) >= AA_TEXT:
            return shade
    return TEXT[mode]


def text_style(color: str) -> str:
    """The mark style that prints text in ``color`` (or the readable shade of it) on either theme."""
    return f"text-{color.lstrip('#').upper()}"


def text_colors() -> list[str]:
    """Every colour a chart may print text in: the palette (a company's labels take its colour)."""
    return sorted(set(COMPANY_COLORS.values()))


# Whether the chart is drawn on a dark background: a top-level parameter every finished spec carries
# (:func:`params`), computed once per chart; each themed colour then only reads it.
DARK_PARAM = "dark_theme"


def params() -> list[dict]:
    """The parameters :func:`themed` colours read: Streamlit sets a chart's background to its theme's and
    redraws the chart when the viewer switches theme; a handout's charts are on white."""
    return [{"name": DARK_PARAM, "expr": "luminance(background) <= 0.5"}]


def themed(colors: dict[str, str]) -> dict:
    """A colour that follows the theme the chart is drawn on: the dark theme's colour when the chart's
    background is dark (:data:`DARK_PARAM`), the light theme's otherwise. One parameter read per text
    item, not the background's luminance worked out again for each (Streamlit evaluates expressions with
    Vega's interpreter, so that cost a third of drawing a long line chart)."""
    return {"expr": f"{DARK_PARAM} ? '{colors['dark']}' : '{colors['light']}'"}


def config() -> dict:
    """The house style as a Vega-Lite ``config`` (a fresh copy: a drawn spec may be changed in place). Every
    text colour is set here, none in the marks, and each follows the theme, so one finished spec reads on
    either.

    It is added to each spec as a dict: configuring every chart object instead copies the whole chart once
    per call, which cost more than building it."""
    return copy.deepcopy(_config())


@functools.cache
def _config() -> dict:
    text, quiet = themed(TEXT), themed(SECONDARY_TEXT)
    styles = {MUTED_TEXT: {"color": quiet}, BODY_TEXT: {"color": text}}
    styles |= {text_style(c): {"color": themed({m: text_shade(c, m) for m in MODES})} for c in text_colors()}
    return {
        "view": {"strokeWidth": 0},
        "axis": {"grid": True, "labelFontSize": FONT_SIZE - 1, "labelLimit": 260, "titleFontSize": FONT_SIZE,
                 "labelColor": quiet, "titleColor": text},
        "header": {"labelColor": text, "titleColor": text},
        "legend": {"labelFontSize": FONT_SIZE - 1, "orient": "bottom", "symbolStrokeWidth": 3,
                   "titleFontSize": FONT_SIZE, "labelColor": text, "titleColor": text, "labelLimit": 0},
        "text": {"fontSize": FONT_SIZE - 1},
        "title": {"fontSize": TITLE_SIZE, "color": text, "subtitleColor": quiet, "subtitleFontSize": FONT_SIZE,
                  "subtitlePadding": 6},
        "style": styles,
    }  # fmt: skip


# Characters per line before a title or subtitle wraps: a chart is about 710 px wide at its narrowest (a
# 1280 px window with the sidebar open), where a title character takes about 9 px and a subtitle's 6.6 px.
TITLE_LINE_CHARS = 70
SUBTITLE_LINE_CHARS = 95


def wrapped(text: str, width: int) -> str | list[str]:
    """The text as it fits the chart: one line, or lines broken between words (Vega clips a long line)."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return lines[0] if len(lines) == 1 else (lines or text)


def title_text(line_or_lines: str | list[str]) -> str:
    """A spec's title or subtitle as one string, however it was wrapped."""
    return line_or_lines if isinstance(line_or_lines, str) else " ".join(line_or_lines)


def title(text: str, subtitle: str = "") -> dict:
    """A finding-as-title with its measure-and-unit subtitle, each wrapped rather than clipped."""
    return {
        "text": wrapped(text, TITLE_LINE_CHARS),
        "subtitle": wrapped(subtitle, SUBTITLE_LINE_CHARS),
        "anchor": "start",
        "offset": 12,
    }
