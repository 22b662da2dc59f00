"""Refresh the committed price cache from Yahoo Finance: ``python -m explainer.data.refresh [TICKER ...]``.

Each ticker's file is replaced only when the new frame is valid and reaches at least as far back as the
file it replaces; the new file is written to a temporary name in the same folder and renamed over the old
one, so an interrupted refresh leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from explainer.data import prices


def _atomic_write(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _to_csv(frame: pd.DataFrame) -> str:
    out = frame.loc[:, list(prices.PRICE_COLUMNS)].copy()
    out.index = out.index.strftime("%Y-%m-%d")
    out["volume"] = out["volume"].round().astype("Int64")
    return out.to_csv(index_label="date", float_format="%.4f")


def refresh(symbols: list[str] | None = None, prices_dir: Path | None = None) -> dict[str, str]:
    """Download, validate and atomically store each ticker; return what happened to each, in words."""
    folder = prices_dir or prices.PRICES_DIR
    manifest_path = folder / prices.MANIFEST
    entries = json.loads(manifest_path.read_text())
    by_symbol = {e["symbol"]: e for e in entries}
    wanted = symbols or list(by_symbol)
    unknown = [s for s in wanted if s not in by_symbol]
    report = {s: "skipped: not in the manifest (add it there first)" for s in unknown}
    wanted = [s for s in wanted if s in by_symbol]
    live = prices.fetch_live(wanted, prices_dir=folder) if wanted else prices.LiveResult({}, {})
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    for symbol in wanted:
        entry = by_symbol[symbol]
        if symbol not in live.frames:
            report[symbol] = f"kept cache: {live.failures.get(symbol, 'no data')}"
            continue
        new = live.frames[symbol]
        try:
            old_first = prices.read_cached(symbol, folder).index[0]
        except prices.PriceDataError:
            old_first = None
        if old_first is not None and new.index[0] > old_first:
            report[symbol] = f"kept cache: new data starts {new.index[0].date()}, after the cached {old_first.date()}"
            continue
        try:
            _atomic_write(folder / entry["file"], _to_csv(new))
        except OSError as error:
            report[symbol] = f"kept cache: could not write {entry['file']} ({error.strerror or error})"
            continue
        entry.update(
            first=new.index[0].date().isoformat(),
            last=new.index[-1].date().isoformat(),
            rows=len(new),
            origin="yfinance download",
            fetched_at=fetched_at,
        )
        report[symbol] = f"updated: {entry['first']} to {entry['last']}, {len(new)} rows"
    if any(r.startswith("updated") for r in report.values()):
        try:
            _atomic_write(manifest_path, json.dumps(entries, indent=1) + "\n")
        except OSError as error:
            report["manifest"] = f"not updated: could not write {manifest_path.name} ({error.strerror or error})"
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Refresh the committed price cache from Yahoo Finance.")
    parser.add_argument("tickers", nargs="*", help="tickers to refresh (default: every ticker in the manifest)")
    args = parser.parse_args(argv)
    report = refresh(args.tickers or None)
    for symbol, outcome in report.items():
        print(f"{symbol:8} {outcome}")
    return 0 if any(r.startswith("updated") for r in report.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
