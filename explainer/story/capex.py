"""Chapter 4 arithmetic: capex actuals and guidance, the guidance path, Alibaba in US dollars, the verdict."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from explainer.data.facts import label_unverified

US_FOUR = ["Microsoft", "Alphabet", "Amazon", "Meta"]
TICKERS = {"Microsoft": "MSFT", "Alphabet": "GOOGL", "Amazon": "AMZN", "Meta": "META"}
MICROSOFT_MEASURES = {
    "cash additions": "Additions to property and equipment",
    "incl. finance leases": "including finance leases",
}
WEEKS_PER_YEAR = 52


def year_of(fiscal_period: str) -> int:
    """'FY2025 (Jul 2024-Jun 2025)' or 'CY2025' → 2025 (Microsoft's fiscal year is named by its end)."""
    return int(re.search(r"(?:FY|CY)(\d{4})", fiscal_period).group(1))


def annual(capex: pd.DataFrame, microsoft_measure: str) -> pd.DataFrame:
    """Full-year actuals and the latest full-year guidance per company and year, one row each.

    Guidance keeps its range (low/high) and is marked ``kind = guidance``; actuals are ``kind = actual``.
    A year with an actual shows the actual only.
    """
    rows = capex[capex["company"].isin(US_FOUR) & capex["fiscal_period"].str.match(r"(FY|CY)\d{4}( \(|$)")]
    microsoft = rows["company"] == "Microsoft"
    rows = rows[~microsoft | rows["metric_definition"].str.contains(MICROSOFT_MEASURES[microsoft_measure])]
    rows = rows.assign(year=rows["fiscal_period"].map(year_of), kind=rows["type"].str.split(" ").str[0])
    rows = rows[rows["kind"].isin(["actual", "guidance"])]
    rows = rows.assign(stated=pd.to_datetime(rows["type"].str.extract(r"(\d{4}-\d{2}-\d{2})")[0]))
    actual = rows[rows["kind"] == "actual"]
    guidance = rows[rows["kind"] == "guidance"].sort_values("stated").groupby(["company", "year"]).tail(1)
    has_actual = set(zip(actual["company"], actual["year"]))
    guidance = guidance[[(c, y) not in has_actual for c, y in zip(guidance["company"], guidance["year"])]]
    out = label_unverified(pd.concat([actual, guidance]))  # numbered after sorting, below
    return out.assign(
        low=out["value_low"].fillna(out["value"]), high=out["value_high"].fillna(out["value"])
    ).sort_values(["year", "company"])[
        ["company", "year", "fiscal_period", "kind", "value", "low", "high", "metric_definition", "source",
         "source_ref", "confidence", "verification", "status", "stated"]
    ].reset_index(drop=True)  # fmt: skip


def guidance_path(capex: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each company's dated guidance for ``year``, ending at the actual (dated at the fiscal year end)."""
    rows = capex[capex["company"].isin(US_FOUR) & capex["fiscal_period"].str.contains(str(year))]
    rows = rows[rows["type"].str.startswith(("guidance", "actual")) & ~rows["type"].str.contains("quarter")]
    stated = pd.to_datetime(rows["type"].str.extract(r"(\d{4}-\d{2}-\d{2})")[0])
    when = stated.fillna(pd.to_datetime(rows["period_end"]))
    path = rows.assign(date=when, kind=rows["type"].str.split(" ").str[0])
    # Microsoft's actual comes in two definitions; the path ends at the one its calls quote.
    microsoft_extra = (path["company"] == "Microsoft") & (path["kind"] == "actual")
    path = path[~microsoft_extra | path["metric_definition"].str.contains(MICROSOFT_MEASURES["incl. finance leases"])]
    return path.sort_values(["company", "date"])[
        ["company", "date", "kind", "value", "value_low", "value_high", "metric_definition", "source", "confidence",
         "verification"]
    ].reset_index(drop=True)  # fmt: skip


@dataclass(frozen=True)
class PressTally:
    low: float
    mid: float
    high: float
    rows: pd.DataFrame


def february_tally(capex: pd.DataFrame) -> PressTally:
    """Recompute the press's 'more than $320 bn' 2025 plans from each company's first 2025 guidance.

    It mixes Microsoft's fiscal year to June 2025 with the others' calendar 2025, as the press tally did.
    """
    path = guidance_path(capex, 2025)
    first = path[path["kind"] == "guidance"].sort_values("date").groupby("company").head(1)
    low = first["value_low"].fillna(first["value"]).sum()
    high = first["value_high"].fillna(first["value"]).sum()
    return PressTally(float(low), float(first["value"].sum()), float(high), first)


def to_usd(cny_bn: pd.Series | float, cny_per_usd: float) -> pd.Series | float:
    """Convert CNY billions to USD billions at one rate."""
    return cny_bn / cny_per_usd


@dataclass(frozen=True)
class Commitment:
    total_cny_bn: float
    years: int
    cny_per_usd: float
    us_2025_total_usd_bn: float

    @property
    def total_usd_bn(self) -> float:
        return to_usd(self.total_cny_bn, self.cny_per_usd)

    @property
    def per_year_usd_bn(self) -> float:
        return self.total_usd_bn / self.years

    @property
    def weeks_of_us_spending(self) -> float:
        """How many weeks of the US four's 2025 capex equal Alibaba's whole multi-year plan."""
        return self.total_usd_bn / (self.us_2025_total_usd_bn / WEEKS_PER_YEAR)


def alibaba_capex(quarterly: pd.DataFrame, cny_per_usd: float) -> pd.DataFrame:
    """Alibaba's quarterly capex in CNY and in USD at the chosen rate, low-confidence rows labelled."""
    return in_usd(alibaba_capex_cny(quarterly), cny_per_usd)


def alibaba_capex_cny(quarterly: pd.DataFrame) -> pd.DataFrame:
    """:func:`alibaba_capex` before conversion (no ``usd_bn``): what no exchange rate changes."""
    rows = quarterly[quarterly["metric"] == "Capital expenditure"]
    return rows.assign(
        status=rows["confidence"].map(lambda c: "unverified (back-solved)" if c == "low" else "reported"),
    )[["alibaba_fiscal_quarter", "calendar_quarter_end", "value", "yoy_change_pct", "status", "source",
       "source_ref", "confidence", "verification"]].rename(columns={"value": "cny_bn"})  # fmt: skip


def in_usd(table: pd.DataFrame, cny_per_usd: float) -> pd.DataFrame:
    """A table with a ``cny_bn`` column, with ``usd_bn`` at the chosen rate right after it."""
    converted = table.copy(deep=False)
    converted.insert(table.columns.get_loc("cny_bn") + 1, "usd_bn", to_usd(table["cny_bn"], cny_per_usd))
    return converted


def cloud_revenue(quarterly: pd.DataFrame) -> pd.DataFrame:
    """Alibaba Cloud Intelligence revenue by quarter (CNY bn) with reported year-on-year growth."""
    rows = quarterly[
        (quarterly["metric"] == "Cloud Intelligence Group revenue") & (quarterly["unit"] == "CNY billions")
    ]
    return rows[["alibaba_fiscal_quarter", "calendar_quarter_end", "value", "yoy_change_pct", "source",
                 "source_ref", "confidence", "verification"]].rename(columns={"value": "cny_bn"})  # fmt: skip


def guidance_events(capex: pd.DataFrame) -> pd.DataFrame:
    """Dates on which a US company stated or raised its capex guidance (for the market's verdict)."""
    rows = capex[capex["company"].isin(US_FOUR) & capex["type"].str.startswith("guidance")]
    stated = pd.to_datetime(rows["type"].str.extract(r"(\d{4}-\d{2}-\d{2})")[0])
    return (
        rows.assign(date=stated, symbol=rows["company"].map(TICKERS))
        .sort_values("date")[["company", "symbol", "date", "fiscal_period", "value", "source"]]
        .reset_index(drop=True)
    )
