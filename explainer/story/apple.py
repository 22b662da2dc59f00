"""Chapter 1 arithmetic: Apple's China share (IDC), Greater China revenue, the what-if and the takeaways."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from explainer.data import facts

VENDORS = ["Apple", "Huawei", "vivo", "OPPO", "Xiaomi", "Honor"]
FIRST_CHARTED_FISCAL_YEAR = "FY2021"  # FY2020 rows are in the table only as the base of FY2021's growth


def _period_start(period: str) -> pd.Timestamp:
    """'2024' → 1 Jan 2024; '2024Q3' → 1 Jul 2024 (the x position of a period on a time axis)."""
    return pd.Period(period, freq="Q" if "Q" in period else "Y").start_time


def idc_shares(idc: pd.DataFrame, period_type: str, first_year: int, last_year: int) -> pd.DataFrame:
    """IDC share by vendor for the named vendors, with explicit gaps where IDC published no figure.

    A vendor missing from a period that IDC did publish gets a row with no share, so the chart breaks the
    line there instead of drawing across the gap. Nothing is interpolated.
    """
    rows = idc[(idc["period_type"] == period_type) & idc["vendor"].isin(VENDORS)].copy()
    rows["start"] = rows["period"].map(_period_start)
    rows = rows[rows["start"].dt.year.between(first_year, last_year)]
    published = idc.loc[idc["period_type"] == period_type, "period"]
    freq = "Q" if period_type == "quarter" else "Y"
    every = pd.period_range(pd.Period(published.min(), freq), pd.Period(published.max(), freq), freq=freq)
    periods = pd.Series([str(p) for p in every if first_year <= p.year <= last_year])
    grid = pd.MultiIndex.from_product([periods, VENDORS], names=["period", "vendor"]).to_frame(index=False)
    full = grid.merge(rows[["period", "vendor", "value", "rank", "confidence", "verification", "notes"]], how="left")
    full["start"] = full["period"].map(_period_start)
    full["caveat"] = [_caveat(vendor, period, idc) for vendor, period in zip(full["vendor"], full["period"])]
    return full.rename(columns={"value": "share"}).sort_values(["vendor", "start"]).reset_index(drop=True)


def _caveat(vendor: str, period: str, idc: pd.DataFrame) -> str:
    """IDC's definitional caveats, read from the table itself."""
    same = idc[(idc["period"] == period) & (idc["vendor"] == vendor)]
    if vendor == "Huawei" and same["notes"].str.contains("includes Honor").any():
        return "includes Honor (spun off Nov 2020)"
    if not (idc["period"] == period).any():
        return "no IDC release for this period in the data: left as a gap"
    inside_others = idc[(idc["period"] == period) & (idc["vendor"] == "Others (incl. Huawei)")]
    if vendor == "Huawei" and same.empty and not inside_others.empty:
        return "not broken out: inside 'Others' in IDC's release"
    if same.empty:
        return "not in IDC's published figures for this period"
    return ""


def other_tracker_apple(other: pd.DataFrame, tracker: str, period_type: str) -> pd.DataFrame:
    """Apple's share from one other tracker, kept as its own series (never merged into IDC's)."""
    rows = other[(other["tracker"] == tracker) & (other["vendor"] == "Apple")].dropna(subset=["value"])
    is_quarter = rows["period"].str.fullmatch(r"\d{4}Q\d")
    is_year = rows["period"].str.fullmatch(r"\d{4}")
    rows = rows[is_quarter if period_type == "quarter" else is_year].copy()
    rows["start"] = rows["period"].map(_period_start)
    return rows.rename(columns={"value": "share"})[["period", "start", "share", "tracker", "source"]]


def quarter_label(fiscal_year: str, fiscal_quarter: str, calendar_months: str) -> str:
    """'FY2025', 'Q4', 'Jul-Sep 2025' → 'FY25 Q4 · Jul–Sep 2025'."""
    return f"FY{fiscal_year[-2:]} {fiscal_quarter} · {calendar_months.replace('-', '–')}"


def greater_china_quarters(apple: pd.DataFrame) -> pd.DataFrame:
    """Quarterly Greater China net sales from FY2021, labelled with calendar months, with trailing sums."""
    quarters = apple[apple["fiscal_quarter"] != "FY total"].sort_values("quarter_end_date").copy()
    quarters["trailing_4q"] = trailing_sum(quarters["value"], 4)
    quarters["trailing_yoy_pct"] = (quarters["trailing_4q"] / quarters["trailing_4q"].shift(4) - 1) * 100
    quarters["label"] = [
        quarter_label(y, q, m)
        for y, q, m in zip(quarters["fiscal_year"], quarters["fiscal_quarter"], quarters["calendar_months"])
    ]
    return quarters[quarters["fiscal_year"] >= FIRST_CHARTED_FISCAL_YEAR].reset_index(drop=True)


def trailing_sum(values: pd.Series, window: int) -> pd.Series:
    """Sum of the last ``window`` values; undefined (NaN) until ``window`` real values exist."""
    return values.rolling(window, min_periods=window).sum()


@dataclass(frozen=True)
class TurningPoints:
    trough_label: str
    trough_value: float
    rebound_label: str
    rebound_yoy_pct: float


def turning_points(quarters: pd.DataFrame) -> TurningPoints:
    """The lowest quarter charted, and the quarter after it with the strongest year-on-year growth."""
    trough = quarters.loc[quarters["value"].idxmin()]
    after = quarters[quarters["quarter_end_date"] > trough["quarter_end_date"]]
    rebound = after.loc[after["yoy_change_pct"].idxmax()] if len(after) else trough
    return TurningPoints(trough["label"], trough["value"], rebound["label"], rebound["yoy_change_pct"])


@dataclass(frozen=True)
class WhatIf:
    base_year: str
    base_revenue: float
    base_share: float
    share_year: str
    points: float
    carried: float

    @property
    def revenue_per_point(self) -> float:
        return self.base_revenue / self.base_share

    @property
    def implied_revenue(self) -> float:
        return self.base_revenue + self.revenue_per_point * self.points * self.carried


def what_if(apple: pd.DataFrame, idc: pd.DataFrame, points: float, carried: float) -> WhatIf:
    """Implied annual Greater China revenue if Apple won back ``points`` of IDC share.

    Assumption, stated on the page: revenue scales with share at the latest fiscal year's revenue per point
    of share, using the IDC calendar year that overlaps that fiscal year most (FY ends late September, so
    fiscal year N shares nine months with calendar year N). ``carried`` is the fraction of the won-back
    units that bring that average revenue.
    """
    totals = apple[apple["fiscal_quarter"] == "FY total"].sort_values("quarter_end_date")
    latest = totals.iloc[-1]
    share_year = latest["fiscal_year"].removeprefix("FY")
    share = facts.row(idc, period_type="year", period=share_year, vendor="Apple")
    return WhatIf(latest["fiscal_year"], float(latest["value"]), float(share["value"]), share_year, points, carried)


@dataclass(frozen=True)
class Takeaways:
    best_year: str
    best_share: float
    best_rank: int
    worst_year: str
    worst_share: float
    worst_rank: int
    latest_year: str
    latest_share: float
    latest_rank: int
    peak_annual_label: str
    peak_annual: float
    latest_annual_label: str
    latest_annual: float

    @property
    def share_lost(self) -> float:
        return self.best_share - self.worst_share

    @property
    def annual_change_pct(self) -> float:
        return (self.latest_annual / self.peak_annual - 1) * 100


def takeaways(idc: pd.DataFrame, apple: pd.DataFrame, since_year: int = 2021) -> Takeaways:
    """Peak-to-trough share and rank (IDC annual) and peak-to-latest fiscal-year revenue."""
    annual = idc[(idc["period_type"] == "year") & (idc["vendor"] == "Apple")].copy()
    annual = annual[annual["period"].astype(int) >= since_year]
    best = annual.loc[annual["value"].idxmax()]
    after_best = annual[annual["period"] > best["period"]]
    worst = after_best.loc[after_best["value"].idxmin()] if len(after_best) else best
    latest = annual.loc[annual["period"].idxmax()]
    totals = apple[(apple["fiscal_quarter"] == "FY total") & (apple["fiscal_year"] >= FIRST_CHARTED_FISCAL_YEAR)]
    peak = totals.loc[totals["value"].idxmax()]
    last = totals.loc[totals["quarter_end_date"].idxmax()]
    return Takeaways(
        best["period"], best["value"], int(best["rank"]),
        worst["period"], worst["value"], int(worst["rank"]),
        latest["period"], latest["value"], int(latest["rank"]),
        peak["fiscal_year"], peak["value"], last["fiscal_year"], last["value"],
    )  # fmt: skip
