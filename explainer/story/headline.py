"""The home page's headline numbers and timeline, computed from the curated tables and prices."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from explainer.data import facts
from explainer.data.facts import verified_only
from explainer.story import eventstudy
from explainer.story.reference import fx_rate

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
    apple = facts.row(rows, vendor="Apple")
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
    row = facts.row(rows, model=model)
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
    plan = facts.row(china_capex, contains={"metric": "3-year"}, company="Alibaba")
    announced = pd.Timestamp(re.search(r"\d{4}-\d{2}-\d{2}", plan["metric"])[0])
    rate = fx_rate(fx, announced)
    return CapexComparison(
        float(us["value"].sum()),
        dict(zip(us["company"], us["value"])),
        float(plan["value"]),
        float(rate["value"]),
        announced,
        pd.concat([us, china_capex.loc[[plan.name]], fx.loc[[rate.name]]]),
    )


EVENT_COLUMNS = ["date", "event", "category", "source", "confidence"]
RESULTS, CAPEX_CALL = "Alibaba results", "Alibaba capex call"


def story_events(
    apple_events: pd.DataFrame,
    deepseek: pd.DataFrame,
    moves: pd.DataFrame | None = None,
    china_capex: pd.DataFrame | None = None,
    segments: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The story's exactly dated events, one table: date, event, category, source, confidence.

    From the DeepSeek timeline only the dated happenings are taken (rows without a measured value, and the
    App Store ranking); the model-size and cost figures on the same dates are facts, not events. Given the
    market moves and the Chinese capex table, Alibaba's results days and its dated capex calls are added
    (categories ``RESULTS`` and ``CAPEX_CALL``); given its segment table, every results release date (a day
    the market moves already name keeps that entry). Unverified rows never become events.
    """
    apple = apple_events.assign(category=apple_events["category"].str.replace("_", " "))
    happenings = deepseek["value"].isna() | deepseek["unit"].str.startswith("rank")
    parts = [apple, deepseek[happenings].rename(columns={"item": "event"}).assign(category="AI models")]
    if moves is not None:
        results = moves[(moves["ticker_or_index"] == "9988.HK") & moves["name"].str.contains("results")]
        parts.append(results.assign(event=results["name"], category=RESULTS))
    if china_capex is not None:
        calls = china_capex[
            (china_capex["company"] == "Alibaba") & china_capex["period"].str.match(r"\d{4}-\d{2}-\d{2}$")
        ]
        parts.append(calls.assign(date=pd.to_datetime(calls["period"]), category=CAPEX_CALL,
                                  event=calls["metric"] + " (" + calls["source"] + ")"))  # fmt: skip
    if segments is not None:
        releases = segments[segments["unit"] == "date"]
        released = "Alibaba's " + releases["alibaba_fiscal_quarter"] + " results released"
        parts.append(releases.assign(date=releases["release_date"], category=RESULTS, event=released))
    events = pd.concat([verified_only(part).dropna(subset=["date"])[EVENT_COLUMNS] for part in parts])
    events = events[~((events["category"] == RESULTS) & events.duplicated(["date", "category"]))]
    return events.sort_values("date", kind="stable").reset_index(drop=True)  # same-day events keep table order


def change_since(closes: pd.DataFrame, symbol: str, start: pd.Timestamp) -> tuple[float, pd.Timestamp]:
    """Return from the last close on or before ``start`` to the latest close, and that latest date."""
    series = closes[symbol].dropna()
    return eventstudy.change_between(series, start, series.index[-1]), series.index[-1]
