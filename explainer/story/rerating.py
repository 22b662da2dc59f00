"""Chapter 5 arithmetic: Alibaba's path, its multiples, run-ups and drawdowns, and a sum-of-the-parts what-if."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explainer.data.facts import label_unverified
from explainer.story import eventstudy
from explainer.story.capex import cloud_revenue
from explainer.story.headline import CAPEX_CALL, RESULTS

ORDINARY_SHARES_PER_ADS = 8
EVENT_COLUMNS = ["date", "event", "source", "confidence"]


def steps(events: pd.DataFrame) -> pd.DataFrame:
    """The re-rating's steps among the story's events (``headline.story_events`` with moves and capex): the
    DeepSeek-R1 and Qwen2.5-Max releases, the Apple report and its confirmation, the RMB 380 bn plan, the
    approval stall, Alibaba's results days and its capex calls."""
    releases = (events["category"] == "AI models") & events["event"].str.contains("DeepSeek-R1 released|Qwen2.5-Max")
    chosen = events["category"].isin(["apple alibaba", "alibaba capex", RESULTS, CAPEX_CALL])
    stall = events["event"].str.contains("stalled")
    return events[releases | chosen | stall][EVENT_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class Swing:
    change: float
    max_run_up: float
    max_drawdown: float
    start: pd.Timestamp
    end: pd.Timestamp


def swing(series: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> Swing:
    """Change between two dates, and the largest run-up (from a low) and drawdown (from a high) in between."""
    window = series.dropna().loc[start:end]
    if len(window) < 2:
        return Swing(np.nan, np.nan, np.nan, start, end)
    run_up = (window / window.cummin() - 1).max()
    drawdown = (window / window.cummax() - 1).min()
    return Swing(eventstudy.change_between(series, start, end), float(run_up), float(drawdown), start, end)


def multiples(valuation: pd.DataFrame) -> pd.DataFrame:
    """P/E snapshots as dated points in time order; low-confidence ones labelled indicative and unverified.

    Dates given only as a month or a phrase keep their label; the order key is the month they name.
    """
    rows = valuation[valuation["metric"].str.contains("P/E")].copy()
    month = rows["date_label"].map(_month_of)
    rows = label_unverified(rows.assign(order=rows["date"].fillna(month)))
    rows["status"] = rows["status"].replace({"unverified": "unverified (indicative)"})
    return rows.sort_values("order")[
        ["date_label", "order", "subject", "metric", "value", "unit", "status", "source", "source_ref", "confidence",
         "verification"]
    ].reset_index(drop=True)  # fmt: skip


_MONTHS = {m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                       "Dec"], start=1)}  # fmt: skip


def _month_of(label: str) -> pd.Timestamp:
    """The month a free-text date names ('early Feb 2025' → Feb 2025, '2025-09' → Sep 2025), for ordering."""
    numeric = re.search(r"(\d{4})-(\d{2})", label)
    if numeric:
        return pd.Timestamp(int(numeric.group(1)), int(numeric.group(2)), 1)
    named = re.search(r"([A-Z][a-z]{2})\w* (\d{4})", label)
    if named and named.group(1) in _MONTHS:
        return pd.Timestamp(int(named.group(2)), _MONTHS[named.group(1)], 1)
    return pd.NaT


def ads_equivalents_bn(market_cap_usd_bn: float, ads_price_usd: float) -> float:
    """Billions of ADS-equivalents implied by a market value and the ADS price on the same day."""
    return market_cap_usd_bn / ads_price_usd


@dataclass(frozen=True)
class SumOfParts:
    """Commerce valued on earnings, cloud on revenue; everything in USD billions unless named otherwise."""

    commerce_earnings_usd_bn: float
    commerce_multiple: float
    cloud_revenue_usd_bn: float
    cloud_multiple: float
    ads_bn: float
    hkd_per_usd: float

    @property
    def commerce_value(self) -> float:
        return self.commerce_earnings_usd_bn * self.commerce_multiple

    @property
    def cloud_value(self) -> float:
        return self.cloud_revenue_usd_bn * self.cloud_multiple

    @property
    def total(self) -> float:
        return self.commerce_value + self.cloud_value

    @property
    def cloud_share(self) -> float | None:
        """Cloud's part of the total value; None when the inputs value both parts at zero."""
        return self.cloud_value / self.total if self.total else None

    @property
    def per_ads_usd(self) -> float:
        return self.total / self.ads_bn

    @property
    def per_share_usd(self) -> float:
        return self.per_ads_usd / ORDINARY_SHARES_PER_ADS

    @property
    def per_share_hkd(self) -> float:
        return self.per_share_usd * self.hkd_per_usd


def cloud_run_rate(quarterly: pd.DataFrame) -> pd.Series:
    """The latest quarter's Cloud Intelligence revenue in CNY (×4 makes the annual run-rate)."""
    cloud = quarterly[
        (quarterly["metric"] == "Cloud Intelligence Group revenue") & (quarterly["unit"] == "CNY billions")
    ]
    return cloud.sort_values("calendar_quarter_end").iloc[-1]


# Alibaba's segment profit, each series as reported: the commerce segment was redefined in FY2026 Q1, and the
# old and the new series are never joined.
OLD_COMMERCE_EBITA = "Taobao and Tmall Group adjusted EBITA"
COMMERCE_EBITA = "Alibaba China E-commerce Group adjusted EBITA"
CLOUD_EBITA = "Cloud Intelligence Group adjusted EBITA"
SEGMENT_NAMES = {
    OLD_COMMERCE_EBITA: "Taobao and Tmall (to FY2025)",
    COMMERCE_EBITA: "China E-commerce (from FY2026)",
    CLOUD_EBITA: "Cloud Intelligence",
}


def segment_profit(segments: pd.DataFrame) -> pd.DataFrame:
    """Adjusted EBITA by quarter for the two commerce series and cloud: rows with a value only (a quarter
    reported as a growth rate alone stays a gap), unverified ones labelled."""
    rows = label_unverified(segments[segments["metric"].isin(SEGMENT_NAMES) & segments["value"].notna()])
    return pd.DataFrame({
        "quarter_end": rows["calendar_quarter_end"], "quarter": rows["alibaba_fiscal_quarter"],
        "series": rows["metric"].map(SEGMENT_NAMES), "value": rows["value"],
        "label": rows["value"].map("{:.1f}".format), "status": rows["status"], "source": rows["source"],
        "confidence": rows["confidence"],
    }).sort_values(["quarter_end", "series"]).reset_index(drop=True)  # fmt: skip


def resegmented_between(segments: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The last quarter reported under the old commerce segment and the first under the new one."""
    old = segments[segments["metric"].str.startswith("Taobao and Tmall Group")]["calendar_quarter_end"].max()
    new = segments[segments["metric"].str.startswith("Alibaba China E-commerce Group")]["calendar_quarter_end"].min()
    return old, new


@dataclass(frozen=True)
class CommerceEarnings:
    """The commerce earnings the sum of the parts starts from: the segment's latest consecutive quarters of
    adjusted EBITA (up to four), each converted at its own quarter-end rate, and annualised where fewer than
    four are reported (the segment began in FY2026 Q1)."""

    quarters: tuple[str, ...]
    cny_bn: tuple[float, ...]
    cny_per_usd: tuple[float, ...]

    @property
    def reported_usd_bn(self) -> float:
        return sum(value / rate for value, rate in zip(self.cny_bn, self.cny_per_usd))

    @property
    def annualised(self) -> bool:
        return len(self.quarters) < 4

    @property
    def annual_usd_bn(self) -> float:
        return self.reported_usd_bn * 4 / len(self.quarters)


def commerce_earnings(segments: pd.DataFrame, rate_on) -> CommerceEarnings:
    """The current commerce segment's trailing quarters of adjusted EBITA (``rate_on(day)`` gives CNY per USD
    on a quarter end): the latest run of consecutive reported quarters, at most four, verified rows only."""
    rows = segments[(segments["metric"] == COMMERCE_EBITA) & segments["value"].notna()]
    rows = rows[rows["confidence"] != "low"].sort_values("calendar_quarter_end")
    run = [rows.iloc[-1]]
    for _, row in rows.iloc[::-1].iloc[1:].iterrows():
        gap = (run[0]["calendar_quarter_end"].to_period("Q") - row["calendar_quarter_end"].to_period("Q")).n
        if gap != 1 or len(run) == 4:
            break
        run.insert(0, row)
    return CommerceEarnings(
        quarters=tuple(r["alibaba_fiscal_quarter"] for r in run),
        cny_bn=tuple(float(r["value"]) for r in run),
        cny_per_usd=tuple(float(rate_on(r["calendar_quarter_end"])) for r in run),
    )


def cloud_growth(quarterly: pd.DataFrame) -> pd.DataFrame:
    """Cloud Intelligence revenue growth by quarter (% year on year): the growth each release states with the
    revenue, and the quarters reported as growth alone."""
    with_revenue = cloud_revenue(quarterly).rename(columns={"yoy_change_pct": "growth"})
    growth_only = quarterly[quarterly["metric"] == "Cloud Intelligence Group revenue growth"]
    both = pd.concat([with_revenue, growth_only.rename(columns={"value": "growth"})]).dropna(subset=["growth"])
    return both.sort_values("calendar_quarter_end")[
        ["alibaba_fiscal_quarter", "calendar_quarter_end", "growth", "source", "confidence", "verification"]
    ].reset_index(drop=True)
