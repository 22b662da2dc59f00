"""Build the project's own copies of the curated facts and the price cache from the team's shared folder.

This is a one-off build step run by a developer (the app never reads ``../shared``). It renames the shared
fact sheets' columns into the project's format, splits free-text dates into an exact ISO ``date`` plus the
original ``date_label``, and copies the daily price files with a manifest that keeps each file's attribution.
No value is changed, filled or derived here.

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
    "deepseek_timeline",
    "market_moves",
    "qwen_ecosystem",
    "valuation_context",
}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

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
