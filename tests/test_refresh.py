"""The refresh command never replaces good cached data with bad, short or half-written data."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from explainer.data import prices, refresh
from tests.conftest import FakeDownload, yahoo_frame


@pytest.fixture
def cache_copy(tmp_path) -> Path:
    folder = tmp_path / "prices"
    shutil.copytree(prices.PRICES_DIR, folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_valid_download_rewrites_file_and_manifest(monkeypatch, cache_copy):
    monkeypatch.setattr(prices, "download", FakeDownload(yahoo_frame))
    report = refresh.refresh(["AAPL", "9988.HK"], cache_copy)
    assert report["AAPL"].startswith("updated: 2024-01-02 to 2026-08-14")
    rewritten = prices.read_cached("AAPL", cache_copy)
    pd.testing.assert_frame_equal(rewritten, prices.read_cached("AAPL"), check_freq=False)
    manifest = {e["symbol"]: e for e in json.loads((cache_copy / "manifest.json").read_text())}
    assert manifest["AAPL"]["origin"] == "yfinance download"
    assert manifest["NVDA"]["origin"].startswith("448776129/market-data-pipeline")
    assert not list(cache_copy.glob(".*.tmp")), "no temporary file may be left behind"


@pytest.mark.parametrize(
    "answer",
    [
        lambda symbols: pd.DataFrame(),
        lambda symbols: yahoo_frame(symbols).iloc[-30:],  # reaches less far back than the cache
        lambda symbols: yahoo_frame(symbols) * -1,
    ],
    ids=["empty", "shorter-history", "negative"],
)
def test_bad_download_leaves_cache_byte_for_byte(monkeypatch, cache_copy, answer):
    before = snapshot(cache_copy)
    monkeypatch.setattr(prices, "download", FakeDownload(answer))
    report = refresh.refresh(None, cache_copy)
    assert all(outcome.startswith("kept cache") for outcome in report.values()), report
    assert snapshot(cache_copy) == before


def test_interrupted_rename_keeps_old_file_and_cleans_up(monkeypatch, cache_copy):
    before = snapshot(cache_copy)
    monkeypatch.setattr(prices, "download", FakeDownload(yahoo_frame))

    def interrupted(src, dst):
        raise KeyboardInterrupt("power cut between write and rename")

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        refresh.refresh(["AAPL"], cache_copy)
    assert snapshot(cache_copy) == before


def test_unknown_ticker_is_reported_not_added(monkeypatch, cache_copy):
    monkeypatch.setattr(prices, "download", FakeDownload(yahoo_frame))
    report = refresh.refresh(["NOPE"], cache_copy)
    assert report == {"NOPE": "skipped: not in the manifest (add it there first)"}


def test_main_prints_per_ticker_and_fails_when_nothing_updated(capsys):
    assert refresh.main(["AAPL"]) == 1  # Yahoo unreachable (the autouse fake)
    assert "AAPL" in capsys.readouterr().out
