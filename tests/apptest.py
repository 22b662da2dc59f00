"""Helpers for AppTest: run the real entrypoint, reach a page, and read chart specs and data."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from explainer.charts import theme

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run_app(page: str | None = None, query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Open the app as a visitor would: directly on ``page`` (default: home) with ``query`` in the address."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    return at.run()


def charts(at: AppTest) -> list:
    return list(at.get("vega_lite_chart"))


def chart_spec(element) -> dict:
    return json.loads(element.proto.spec)


def figure_key(element) -> str:
    """The figure's key, stamped into its spec by ``Figure.spec``."""
    return chart_spec(element).get("usermeta", {}).get("figure", "")


def figures(at: AppTest) -> dict[str, object]:
    """The page's charts by figure key."""
    return {figure_key(c): c for c in charts(at)}


def figure(at: AppTest, key: str, title_start: str = ""):
    """The page's chart with figure ``key``; with ``title_start``, also check that its title starts so."""
    element = figures(at)[key]
    if title_start:
        title = theme.title_text(chart_spec(element)["title"]["text"])
        assert title.startswith(title_start), title
    return element


def chart_data(element) -> pd.DataFrame:
    """All datasets the chart ships to the browser, stacked (a layered chart has one per layer)."""
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in element.proto.datasets]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def texts(at: AppTest) -> str:
    """All the prose a page shows, for asserting on numbers in sentences."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    return "\n".join(parts)


WIDGET_KINDS = (
    "slider", "select_slider", "selectbox", "multiselect", "segmented_control", "pills", "toggle", "date_input",
    "number_input",
)  # fmt: skip


def widget_value(at: AppTest, key: str):
    """The value of the widget with ``key``, whatever kind of widget it is."""
    for kind in WIDGET_KINDS:
        try:
            return getattr(at, kind)(key=key).value
        except KeyError:
            continue
    raise KeyError(key)


def all_text(at: AppTest) -> str:
    """Every piece of text the page shows, alerts and code blocks included."""
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "code", "title", "header",
                                  "subheader", "text") for e in getattr(at, kind)]  # fmt: skip
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    parts += [chart.proto.spec for chart in charts(at)]
    return "\n".join(str(p) for p in parts)
