"""Broken files on disk: the app names the file, keeps the other pages working, and writes nothing."""

from __future__ import annotations

import builtins
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from explainer import DATA_DIR
from explainer.data import facts, prices, refresh
from explainer.story.outline import STORY
from tests.apptest import all_text, run_app


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the app reads instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    monkeypatch.setattr(facts, "FACTS_DIR", copy / "facts")
    monkeypatch.setattr(prices, "PRICES_DIR", copy / "prices")
    return copy


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def truncate(path: Path) -> None:
    text = path.read_text()
    path.write_text(text[: len(text) // 2])


CACHE_FAULTS = {
    "truncated": truncate,
    "empty": lambda path: path.write_text(""),
    "not-csv": lambda path: path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary"),
    "header-only": lambda path: path.write_text("date,open,high,low,close,adj_close,volume\n"),
}


@pytest.mark.parametrize("fault", list(CACHE_FAULTS))
def test_broken_cache_file_is_named_and_only_its_charts_suffer(data_copy, fault):
    CACHE_FAULTS[fault](data_copy / "prices" / "BABA.csv")
    before = fingerprint(data_copy)
    home = run_app(query={"prices": "offline"})
    assert not home.exception
    text = all_text(home)
    assert "No prices for BABA" in text
    assert "BABA.csv" in text
    assert "BABA prices are unavailable" in text
    chapter = run_app("pages/deepseek_shock.py", query={"prices": "offline"})
    assert not chapter.exception
    assert "BABA.csv" in all_text(chapter)
    assert len(chapter.get("vega_lite_chart")) >= 4  # the other tickers' charts are all there
    assert fingerprint(data_copy) == before


@pytest.mark.parametrize(
    ("table", "edit", "pages_hit"),
    [
        ("fx_rates", lambda t: t.replace("CNY per 1 USD", "CNY per 1 USD\n", 1), {"capex_race", "rerating", "home"}),
        ("hyperscaler_capex", lambda t: t.replace(",23.886,", ",twenty,", 1), {"capex_race", "home"}),
        ("china_smartphone_share_idc", lambda t: t.replace("tracker,", "", 1), {"apple_china", "home"}),
    ],
    ids=["broken-row", "bad-number", "missing-column"],
)
def test_broken_fact_table_is_named_and_other_pages_keep_working(data_copy, table, edit, pages_hit):
    path = data_copy / "facts" / f"{table}.csv"
    path.write_text(edit(path.read_text()))
    before = fingerprint(data_copy)
    for chapter in STORY:
        at = run_app(chapter.path, query={"prices": "offline"})
        assert not at.exception, chapter.path
        name = chapter.path.split("/")[-1][:-3]
        errors = " ".join(e.value for e in at.error)
        if name in pages_hit:
            assert f"{table}.csv" in errors, chapter.path
        else:
            assert errors == "", chapter.path
            assert len(at.get("vega_lite_chart")) >= 1, chapter.path
    assert fingerprint(data_copy) == before


@pytest.fixture
def read_only(data_copy, monkeypatch) -> list[str]:
    """Refuse every write under the data copy (root ignores file modes, so the refusal is enforced here)."""
    attempts: list[str] = []
    real_open, real_replace = builtins.open, os.replace

    def guarded_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and str(data_copy) in str(file) and set(mode) & set("wax+"):
            attempts.append(str(file))
            raise PermissionError(13, "Read-only file system", str(file))
        return real_open(file, mode, *args, **kwargs)

    def guarded_replace(src, dst, *args, **kwargs):
        if str(data_copy) in str(dst):
            attempts.append(str(dst))
            raise PermissionError(13, "Read-only file system", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    def guarded_fdopen(fd, mode="r", *args, **kwargs):
        if set(mode) & set("wax+"):
            attempts.append(f"fd {fd}")
            raise PermissionError(13, "Read-only file system")
        return open(fd, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "replace", guarded_replace)
    monkeypatch.setattr(os, "fdopen", guarded_fdopen)
    return attempts


def test_every_page_works_on_a_read_only_data_folder(read_only, data_copy):
    before = fingerprint(data_copy)
    for chapter in STORY:
        at = run_app(chapter.path)
        assert not at.exception, chapter.path
        assert len(at.get("vega_lite_chart")) >= 1
    assert read_only == [], "the app must never write to data/"
    assert fingerprint(data_copy) == before


def test_refresh_on_a_read_only_folder_reports_and_keeps_the_cache(read_only, data_copy, monkeypatch, capsys):
    from tests.conftest import FakeDownload, yahoo_frame

    monkeypatch.setattr(prices, "download", FakeDownload(lambda symbols: yahoo_frame(symbols, DATA_DIR / "prices")))
    before = fingerprint(data_copy)
    report = refresh.refresh(["AAPL"], data_copy / "prices")
    assert report["AAPL"].startswith("kept cache: could not write AAPL.csv")
    assert fingerprint(data_copy) == before
    leftovers = [p for p in (data_copy / "prices").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
