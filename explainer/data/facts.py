"""Curated fact tables: one loader that validates every table against its schema on load.

Each table in ``data/facts`` carries, on every row, the value, its unit, the period it describes, the source,
a reference to it and a confidence level. A table that is missing, unreadable or breaks its schema raises
:class:`FactsError`, whose message names the file, so a page can say what is broken instead of crashing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from explainer import DATA_DIR

FACTS_DIR = DATA_DIR / "facts"
CONFIDENCE_LEVELS = ("high", "medium", "low")
VERIFICATION_KINDS = ("source_checked", "corroborated", "derived", "unconfirmed", "press_report")


class FactsError(Exception):
    """A curated table is missing or malformed; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Schema:
    """Columns a table must have. ``required`` columns may not be blank on any row."""

    text: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    common: tuple[str, ...] = field(
        default=("value", "unit", "as_of", "source", "source_ref", "confidence", "verification", "notes", "press_note")
    )


_DATED = ("date_label", "date")
SCHEMAS: dict[str, Schema] = {
    "alibaba_quarterly": Schema(
        text=("metric", "alibaba_fiscal_quarter"),
        numbers=("yoy_change_pct",),
        dates=("calendar_quarter_end",),
        required=("metric", "alibaba_fiscal_quarter", "calendar_quarter_end", "value", "unit"),
    ),
    "alibaba_segments": Schema(
        text=("metric", "alibaba_fiscal_quarter"),
        numbers=("yoy_change_pct",),
        dates=("calendar_quarter_end", "release_date"),
        required=("metric", "alibaba_fiscal_quarter", "calendar_quarter_end", "unit"),
    ),
    "api_prices": Schema(
        text=("provider", "model", "price_type"), required=("provider", "model", "price_type", "value", "unit")
    ),
    "apple_china_events": Schema(
        text=("date_label", "event", "category"), dates=("date",), required=("date_label", "event", "category")
    ),
    "apple_partner_search": Schema(
        text=("date_label", "event", "category"), dates=("date",), required=("date_label", "event", "category")
    ),
    "apple_greater_china_quarterly": Schema(
        text=("fiscal_year", "fiscal_quarter", "calendar_months"),
        numbers=("prior_year_value_usd_bn", "yoy_change_pct"),
        dates=("quarter_end_date",),
        required=("fiscal_year", "fiscal_quarter", "quarter_end_date", "calendar_months", "value", "unit"),
    ),
    "china_smartphone_share_idc": Schema(
        text=("tracker", "period_type", "period", "vendor"),
        numbers=("rank", "units_millions", "market_total_millions", "yoy_units_change_pct"),
        required=("tracker", "period_type", "period", "vendor", "value", "unit"),
    ),
    "china_smartphone_share_other_trackers": Schema(
        text=("tracker", "period", "vendor"),
        numbers=("units_millions", "market_total_millions"),
        required=("tracker", "period", "vendor"),
    ),
    "china_tech_capex_other": Schema(text=("company", "metric", "period"), required=("company", "metric", "period")),
    "deepseek_timeline": Schema(text=("date_label", "item"), dates=("date",), required=("date_label", "item")),
    "deepseek_v3_reported_benchmarks": Schema(
        text=("model_kind", "benchmark", "metric", "model"),
        required=("model_kind", "benchmark", "model", "value"),
    ),
    "fiscal_calendars": Schema(text=("company", "fiscal_year_end", "example"), required=("company", "fiscal_year_end")),
    "fx_rates": Schema(text=("pair",), dates=("date",), required=("date", "pair", "value", "unit")),
    "hyperscaler_capex": Schema(
        text=("company", "fiscal_period", "period_end", "type", "metric_definition", "is_approximate_or_lower_bound"),
        numbers=("value_low", "value_high"),
        required=("company", "fiscal_period", "period_end", "type", "metric_definition", "value", "unit"),
    ),
    "lmarena_snapshots": Schema(
        text=("list_position", "model", "organization"),
        numbers=("votes",),
        dates=("snapshot_date",),
        required=("snapshot_date", "model", "organization", "value"),
    ),
    "market_moves": Schema(
        text=("date_label", "ticker_or_index", "name"), dates=("date",), required=("date_label", "ticker_or_index")
    ),
    "qwen25max_benchmarks": Schema(
        text=("model_kind", "benchmark", "model"), required=("model_kind", "benchmark", "model", "value")
    ),
    "qwen3_benchmarks": Schema(text=("benchmark", "model"), required=("benchmark", "model", "value")),
    "qwen_ecosystem": Schema(
        text=("date_label", "metric"), dates=("date",), required=("date_label", "metric", "value")
    ),
    "training_cost_comparisons": Schema(text=("model", "metric"), required=("model", "metric", "value", "unit")),
    "valuation_context": Schema(
        text=("date_label", "metric", "subject"), dates=("date",), required=("date_label", "metric", "subject", "value")
    ),
}


def _check(table: pd.DataFrame, name: str, path: Path, schema: Schema) -> pd.DataFrame:
    def fail(problem: str) -> FactsError:
        return FactsError(f"Data file {path.name} ({name}) is malformed: {problem}.")

    expected = set(schema.text + schema.numbers + schema.dates + schema.common)
    missing = sorted(expected - set(table.columns))
    if missing:
        raise fail(f"missing column(s) {', '.join(missing)}")
    if table.empty:
        raise fail("it has no rows")
    for column in ("source", "source_ref", "confidence", "verification", *schema.required):
        blank = table.index[table[column].str.strip() == ""]
        if len(blank):
            raise fail(f"column '{column}' is blank on row {blank[0] + 2}")
    for column, allowed in (("confidence", CONFIDENCE_LEVELS), ("verification", VERIFICATION_KINDS)):
        bad = table.index[~table[column].isin(allowed)]
        if len(bad):
            raise fail(f"'{table.at[bad[0], column]}' is not a valid {column} (row {bad[0] + 2})")
    out = table.copy()
    for column in ("value", *schema.numbers):
        blank = out[column].str.strip() == ""
        parsed = pd.to_numeric(out[column].where(~blank), errors="coerce")
        bad = out.index[parsed.isna() & ~blank]
        if len(bad):
            raise fail(f"'{out.at[bad[0], column]}' in column '{column}' is not a number (row {bad[0] + 2})")
        out[column] = parsed.astype("float64")
    for column in schema.dates:
        blank = out[column].str.strip() == ""
        parsed = pd.to_datetime(out[column].where(~blank), format="%Y-%m-%d", errors="coerce")
        bad = out.index[parsed.isna() & ~blank]
        if len(bad):
            raise fail(f"'{out.at[bad[0], column]}' in column '{column}' is not a YYYY-MM-DD date (row {bad[0] + 2})")
        out[column] = parsed
    return out


def load_table(name: str, facts_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate one curated table; raise :class:`FactsError` naming the file if it is unusable."""
    if name not in SCHEMAS:
        raise FactsError(f"There is no curated table called '{name}'.")
    path = (facts_dir or FACTS_DIR) / f"{name}.csv"
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise FactsError(f"Data file {path.name} ({name}) is missing from {path.parent}.") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise FactsError(f"Data file {path.name} ({name}) cannot be read as CSV: {error}.") from None
    table = _check(raw, name, path, SCHEMAS[name])
    table.attrs["table"] = name  # so a failed look-up can name the table it searched
    return table


def row(table: pd.DataFrame, contains: dict[str, str] | None = None, last: bool = False, **equals: object) -> pd.Series:
    """The one fact a page asks for by name: the first (or ``last``) row whose columns equal ``equals`` and
    contain the ``contains`` substrings (case-insensitive). A missing row raises :class:`FactsError` naming the
    table and the row asked for, so the page says what is missing instead of failing with an IndexError."""
    mask = pd.Series(True, index=table.index)
    for column, value in equals.items():
        mask &= table[column] == value
    for column, text in (contains or {}).items():
        mask &= table[column].astype(str).str.contains(text, case=False, regex=False)
    found = table[mask]
    if found.empty:
        asked = ", ".join([f"{c} = {v!r}" for c, v in equals.items()] + [f"{c} contains {t!r}" for c, t in
                                                                         (contains or {}).items()])  # fmt: skip
        raise FactsError(f"The table {table.attrs.get('table', '(unnamed)')} has no row where {asked}.")
    return found.iloc[-1 if last else 0]


def verified_only(table: pd.DataFrame) -> pd.DataFrame:
    """Rows that may be shown without an 'unverified' label: everything except ``low`` confidence."""
    return table[table["confidence"] != "low"]


def label_unverified(table: pd.DataFrame) -> pd.DataFrame:
    """Add a ``status`` column that charts must show wherever ``low`` rows are kept."""
    return table.assign(status=table["confidence"].map(lambda c: "unverified" if c == "low" else "reported"))
