"""One look for every chart: company colours, the muted grey, and sizes readable from the back of a room.

Colours come from the Okabe–Ito and Paul Tol palettes (both designed to stay distinct for colour-blind
readers) and each company keeps its colour on every page. Text and background colours are left to
Streamlit's light or dark theme so charts follow the viewer's choice; only sizes are fixed here. No font or
image is fetched from the internet: charts use the fonts Streamlit ships.
"""

from __future__ import annotations

import altair as alt

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
MUTED = "#9AA0A6"
SUBTITLE = "#7C8591"  # readable on Streamlit's light and dark backgrounds alike
HIGHLIGHT_WIDTH = 3.5
MUTED_WIDTH = 1.5
FONT_SIZE = 15
TITLE_SIZE = 20
CHART_HEIGHT = 380


def color_of(company: str) -> str:
    """The company's colour, or the muted grey for anything without one (indices, 'Others')."""
    return COMPANY_COLORS.get(company, MUTED)


def color_scale(names: list[str], companies: dict[str, str] | None = None) -> alt.Scale:
    """A fixed domain→colour scale so a company keeps its colour whatever else is on the chart."""
    companies = companies or {}
    return alt.Scale(domain=list(names), range=[color_of(companies.get(n, n)) for n in names])


def config() -> dict:
    """The house style as a Vega-Lite ``config`` (a fresh copy: a drawn spec may be changed in place).

    It is added to each finished spec as a dict: configuring every chart object instead copies the whole
    chart once per call, which cost more than building it."""
    return {
        "view": {"strokeWidth": 0},
        "axis": {"grid": True, "labelFontSize": FONT_SIZE - 1, "labelLimit": 260, "titleFontSize": FONT_SIZE},
        "legend": {"labelFontSize": FONT_SIZE - 1, "orient": "bottom", "symbolStrokeWidth": 3,
                   "titleFontSize": FONT_SIZE},
        "text": {"fontSize": FONT_SIZE - 1},
        "title": {"fontSize": TITLE_SIZE, "subtitleColor": SUBTITLE, "subtitleFontSize": FONT_SIZE,
                  "subtitlePadding": 6},
    }  # fmt: skip


def title(text: str, subtitle: str = "") -> dict:
    """A finding-as-title with its measure-and-unit subtitle."""
    return {"text": text, "subtitle": subtitle, "anchor": "start", "offset": 12}
