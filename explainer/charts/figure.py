"""A chart in its captioned frame: finding as title, measure as subtitle, the chart, its source line, its data."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from explainer.charts import render, theme


def csv_with_source(data: pd.DataFrame, source: str) -> bytes:
    """The data behind a chart as CSV, with its source line as a trailing comment row."""
    return (data.to_csv(index=False) + f'"# {source}"\n').encode("utf-8")


@dataclass(frozen=True)
class FinishedFigure:
    """A figure ready to draw and to cache: its key, finished spec, data (Arrow) and source line (no Altair
    objects). The CSV download is written from the data when a viewer asks for it, not on every rerun."""

    key: str
    spec: dict
    data: bytes
    source: str

    def csv(self) -> bytes:
        """What the figure's download button hands out: :meth:`Figure.csv`, from the cached data."""
        return csv_with_source(pa.ipc.open_stream(self.data).read_all().to_pandas(), self.source)


@dataclass
class Figure:
    """Everything one chart needs to be shown, downloaded and handed out the same way on every page."""

    key: str
    title: str
    subtitle: str
    chart: dict  # a Vega-Lite spec from the builders, its units carrying their DataFrames
    data: pd.DataFrame
    source: str

    def spec(self, arrow: bool = True, validate: bool = False) -> dict:
        """The chart as a finished Vega-Lite dict with the house style and its title; its key and source line
        travel in ``usermeta`` so tests and the handout can find a figure and cite it from the spec alone.
        ``arrow``: datasets as Arrow (drawn by the app) or JSON records (handouts); ``validate``: check the
        result against the Vega-Lite schema (the tests do, for every section)."""
        finished = render.spec(self.chart, arrow=arrow)
        finished["config"] = theme.config()
        finished["params"] = finished.get("params", []) + theme.params()
        finished["title"] = theme.title(self.title, self.subtitle)
        finished["description"] = self.description
        finished["usermeta"] = {"figure": self.key, "source": self.source}
        if validate:
            added = ("config", "params", "title", "description", "usermeta")
            render.validate(render.spec(self.chart, arrow=False) | {k: finished[k] for k in added})
        return finished

    @property
    def description(self) -> str:
        """What a screen reader announces for the chart: what it shows, then its finding, then its source."""
        return f"Chart: {self.subtitle.rstrip('.')}. Finding: {self.title.rstrip('.')}. {self.source}"

    def csv(self) -> bytes:
        """The data behind the chart, with the source line as a trailing comment row."""
        return csv_with_source(self.data, self.source)

    def finished(self) -> FinishedFigure:
        """The figure converted once (no schema validation at run time; the tests validate every spec)."""
        return FinishedFigure(self.key, self.spec(), render.arrow_bytes(self.data), self.source)
