"""The home page's headline numbers and timeline, computed from the curated tables and prices."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from explainer.data.facts import verified_only
from explainer.story import eventstudy

# Microsoft reports two capex lines; the one including finance leases matches Meta's definition and the
# figure Microsoft quotes on its calls, so it is the one summed with the other three.
MICROSOFT_HEADLINE = "including finance leases"


@dataclass(frozen=True)
class ShareRank:
    year: str
    share: float
    rank: int
    vendors_ahead: list[str]
    rows: pd.DataFrame


def apple_share(idc: pd.DataFrame, year: str) -> ShareRank:
    """Apple's IDC share and rank for a calendar year."""
    rows = idc[(idc["period_type"] == "year") & (idc["period"] == year)]
    apple = rows[rows["vendor"] == "Apple"].iloc[0]
    ahead = rows[rows["rank"] < apple["rank"]].sort_values("rank")["vendor"].tolist()
    return ShareRank(year, float(apple["value"]), int(apple["rank"]), ahead, rows)


@dataclass(frozen=True)
class ArenaReading:
    model: str
    score: float
    snapshot: pd.Timestamp
    position: str
    rows: pd.DataFrame


def first_arena_reading(arena: pd.DataFrame, model: str) -> ArenaReading:
    """A model's Chatbot Arena score at the first snapshot that lists it (the launch-era reading)."""
    rows = arena[arena["model"] == model].sort_values("snapshot_date").head(1)
    row = rows.iloc[0]
    return ArenaReading(model, float(row["value"]), row["snapshot_date"], row["list_position"], rows)


@dataclass(frozen=True)
class CapexComparison:
    us_total_usd_bn: float
    us_by_company: dict[str, float]
    alibaba_plan_cny_bn: float
    fx_rate: float
    fx_date: pd.Timestamp
    rows: pd.DataFrame

    @property
    def alibaba_plan_usd_bn(self) -> float:
        return self.alibaba_plan_cny_bn / self.fx_rate

    @property
    def ratio(self) -> float:
        """How many times the US four's one year is bigger than Alibaba's whole three-year plan."""
        return self.us_total_usd_bn / self.alibaba_plan_usd_bn


def us_capex_2025(capex: pd.DataFrame) -> pd.DataFrame:
    """Each US hyperscaler's 2025 actual capex row (Microsoft: fiscal year to June 2025)."""
    actual = capex[(capex["type"] == "actual") & capex["fiscal_period"].str.contains("2025")]
    twice = actual["company"].duplicated(keep=False)
    return actual[~twice | actual["metric_definition"].str.contains(MICROSOFT_HEADLINE)]


def capex_comparison(capex: pd.DataFrame, china_capex: pd.DataFrame, fx: pd.DataFrame) -> CapexComparison:
    """The US four's 2025 capex beside Alibaba's RMB plan, converted at the rate of the announcement day."""
    us = us_capex_2025(capex)
    plan = china_capex[(china_capex["company"] == "Alibaba") & china_capex["metric"].str.contains("3-year")]
    announced = pd.Timestamp(plan["metric"].str.extract(r"(\d{4}-\d{2}-\d{2})").iloc[0, 0])
    rate = fx[fx["date"] == announced]
    return CapexComparison(
        float(us["value"].sum()),
        dict(zip(us["company"], us["value"])),
        float(plan["value"].iloc[0]),
        float(rate["value"].iloc[0]),
        announced,
        pd.concat([us, plan, rate]),
    )


def story_events(apple_events: pd.DataFrame, deepseek: pd.DataFrame) -> pd.DataFrame:
    """The story's exactly dated events, one table: date, event, category, source, confidence.

    From the DeepSeek timeline only the dated happenings are taken (rows without a measured value, and the
    App Store ranking); the model-size and cost figures on the same dates are facts, not events.
    """
    apple = verified_only(apple_events).dropna(subset=["date"])
    apple = apple.assign(category=apple["category"].str.replace("_", " "))[
        ["date", "event", "category", "source", "confidence"]
    ]
    happenings = deepseek["value"].isna() | deepseek["unit"].str.startswith("rank")
    ai = verified_only(deepseek[happenings]).dropna(subset=["date"])
    ai = ai.rename(columns={"item": "event"}).assign(category="AI models")[
        ["date", "event", "category", "source", "confidence"]
    ]
    events = pd.concat([apple, ai]).sort_values("date", kind="stable")  # same-day events keep table order
    return events.reset_index(drop=True)


def change_since(closes: pd.DataFrame, symbol: str, start: pd.Timestamp) -> tuple[float, pd.Timestamp]:
    """Return from the last close on or before ``start`` to the latest close, and that latest date."""
    series = closes[symbol].dropna()
    return eventstudy.change_between(series, start, series.index[-1]), series.index[-1]
