"""A chart in its captioned frame: finding as title, measure as subtitle, the chart, its source line, its data."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from explainer.charts import render, theme


@dataclass(frozen=True)
class FinishedFigure:
    """A figure ready to draw and to cache: its key, finished spec, CSV and source line (no Altair objects)."""

    key: str
    spec: dict
    csv: bytes
    source: str


@dataclass
class Figure:
    """Everything one chart needs to be shown, downloaded and handed out the same way on every page."""

    key: str
    title: str
    subtitle: str
    chart: alt.TopLevelMixin
    data: pd.DataFrame
    source: str

    @property
    def styled(self) -> alt.TopLevelMixin:
        """The chart with the house style and its title; its key and source line travel in ``usermeta`` so
        tests and the handout can find a figure and cite it from the spec alone."""
        styled = theme.finish(self.chart, self.title, self.subtitle)
        return styled.properties(usermeta={"figure": self.key, "source": self.source})

    def csv(self) -> bytes:
        """The data behind the chart, with the source line as a trailing comment row."""
        return (self.data.to_csv(index=False) + f'"# {self.source}"\n').encode("utf-8")

    def finished(self) -> FinishedFigure:
        """The figure converted once (no schema validation at run time; the tests validate every spec)."""
        return FinishedFigure(self.key, render.spec(self.styled), self.csv(), self.source)
