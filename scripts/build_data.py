"""Build the project's own copies of the curated facts and the price cache from the team's shared folder.

This is a one-off build step run by a developer (the app never reads ``../shared``). It renames the shared
fact sheets' columns into the project's format, splits free-text dates into an exact ISO ``date`` plus the
original ``date_label`` (a month-only label such as ``2024-12`` keeps an empty ``date``: it is never an event
day), moves the dates that ``alibaba_segments`` keeps in ``value`` (its results release dates) into a
``release_date`` column, adds a ``press_note`` column where the story's press figures differ from the row's
source (:data:`PRESS_NOTES`), and copies the daily price files with a manifest that keeps each file's
attribution. No value is changed, filled or derived here.

    python scripts/build_data.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RENAMES = {"as_of_period": "as_of", "source_name": "source", "source_url_or_reference": "source_ref"}
FREE_TEXT_DATE_TABLES = {
    "apple_china_events",
    "apple_partner_search",
    "deepseek_timeline",
    "market_moves",
    "qwen_ecosystem",
    "valuation_context",
}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_VALUED = {"alibaba_segments": "release_date"}  # rows whose unit is "date" keep their date in this column

# Where the story's press figures differ from the sources, said next to the row they qualify: (table, the
# row's identifying values) -> the note. Each note only restates what the row, its notes or the fact sheet's
# README record.
PRESS_NOTES = {
    ("lmarena_snapshots", (("snapshot_date", "2025-02-17"), ("model", "Qwen2.5-Max"))): (
        "Press vs source: the press reported Qwen2.5-Max as seventh on the Arena with 1332; on the 17 Feb 2025 "
        "board it is #8 in list order, because early Grok-3 ('chocolate') had just been added: seventh was its "
        "place on the early-February board."
    ),
    ("deepseek_timeline", (("date_label", "2025-01-28"),)): (
        "Press vs source: some reports date Qwen2.5-Max's launch 29 Jan 2025. The blog went up at 23:00 Beijing "
        "time on 28 Jan (15:00 UTC, 10:00 in New York), the eve of the Lunar New Year, so reports written in Asia "
        "the next morning gave the 29th; this page uses 28 Jan."
    ),
    ("alibaba_segments", (("metric", "Group revenue"), ("alibaba_fiscal_quarter", "FY2026 Q2"))): (
        "Press vs source: 'core commerce revenue +5% to RMB 247.8 bn' is the group's revenue (RMB 247.795 bn, +5%; "
        "+15% like-for-like without Sun Art and Intime), not commerce's: Alibaba China E-commerce Group revenue "
        "was RMB 132.578 bn (+16%)."
    ),
    ("alibaba_segments", (("metric", "Group income from operations"), ("alibaba_fiscal_quarter", "FY2026 Q2"))): (
        "Press vs source: the 'operating income collapse' (RMB 35.2 bn to 5.4 bn, -85%) is the group's income from "
        "operations, not commerce's: Alibaba China E-commerce Group adjusted EBITA fell 76% to RMB 10.497 bn."
    ),
}

# Display names and the company each ticker belongs to (for the shared palette).
TICKER_NAMES = {
    "AAPL": ("Apple", "Apple"),
    "NVDA": ("NVIDIA", "NVIDIA"),
    "MSFT": ("Microsoft", "Microsoft"),
    "GOOGL": ("Alphabet", "Alphabet"),
    "AMZN": ("Amazon", "Amazon"),
    "META": ("Meta", "Meta"),
    "AVGO": ("Broadcom", "Broadcom"),
    "TSM": ("TSMC (ADR)", "TSMC"),
    "ASML": ("ASML (US listing)", "ASML"),
    "0700.HK": ("Tencent (Hong Kong)", "Tencent"),
    "1810.HK": ("Xiaomi (Hong Kong)", "Xiaomi"),
    "9988.HK": ("Alibaba (Hong Kong)", "Alibaba"),
    "BABA": ("Alibaba (NYSE ADS)", "Alibaba"),
    "BIDU": ("Baidu (ADS)", "Baidu"),
    "TCEHY": ("Tencent (ADR)", "Tencent"),
    "KWEB": ("KraneShares China Internet ETF", "Benchmark"),
    "QQQ": ("Invesco QQQ (Nasdaq-100)", "Benchmark"),
    "SPY": ("SPDR S&P 500 ETF", "Benchmark"),
    "^GSPC": ("S&P 500", "Benchmark"),
    "^IXIC": ("Nasdaq Composite", "Benchmark"),
    "^HSI": ("Hang Seng Index", "Benchmark"),
}


def build_fact_table(src: Path) -> pd.DataFrame:
    """Return one shared fact sheet in the project's column format, values untouched."""
    table = pd.read_csv(src, dtype=str, keep_default_na=False).rename(columns=RENAMES)
    if src.stem in FREE_TEXT_DATE_TABLES:
        labels = table["date"]
        table.insert(0, "date_label", labels)
        table["date"] = labels.where(labels.str.match(ISO_DAY), "")
    if src.stem in DATE_VALUED:
        is_date = table["unit"] == "date"
        table.insert(table.columns.get_loc("value") + 1, DATE_VALUED[src.stem], table["value"].where(is_date, ""))
        table["value"] = table["value"].where(~is_date, "")
    table["press_note"] = ""
    for (name, keys), note in PRESS_NOTES.items():
        if name == src.stem:
            match = pd.Series(True, index=table.index)
            for column, value in keys:
                match &= table[column] == value
            if match.sum() != 1:
                raise SystemExit(f"press note for {name} {dict(keys)} matches {match.sum()} rows, not one")
            table.loc[match, "press_note"] = note
    return table


def build_facts(shared: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for src in sorted((shared / "facts").glob("*.csv")):
        build_fact_table(src).to_csv(out / src.name, index=False)
        print(f"facts: {src.name}")


def build_prices(shared: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    shared_manifest = json.loads((shared / "data/prices/manifest.json").read_text())
    entries = []
    for item in shared_manifest:
        symbol = item["symbol"]
        file_name = symbol.replace("^", "") + ".csv"
        shutil.copyfile(shared / "data/prices" / item["file"], out / file_name)
        name, company = TICKER_NAMES[symbol]
        entries.append(
            {
                "symbol": symbol,
                "file": file_name,
                "name": name,
                "company": company,
                "currency": item["currency"],
                "is_index": item["is_index"],
                "first": item["first"],
                "last": item["last"],
                "rows": item["rows"],
                "source": "Yahoo Finance daily bars",
                "origin": f"{item['repository']} : {item['path']} @ {item['commit']}",
                "obtained": item["obtained"],
                "fetched_at": date.today().isoformat(),
                "zero_volume_placeholder_dates": item.get("zero_volume_placeholder_dates", []),
            }
        )
        print(f"prices: {symbol} -> {file_name}")
    (out / "manifest.json").write_text(json.dumps(entries, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    build_facts(args.shared, ROOT / "data/facts")
    build_prices(args.shared, ROOT / "data/prices")


if __name__ == "__main__":
    main()
