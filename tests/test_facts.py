"""Every curated table validates, keeps its source on every row, and a broken copy raises a named error."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from explainer.data import facts

ROOT = Path(__file__).resolve().parents[1]
SHARED_FACTS = ROOT.parent / "shared" / "facts"
TABLES = sorted(facts.SCHEMAS)


def test_every_file_has_a_schema_and_every_schema_a_file():
    assert sorted(p.stem for p in facts.FACTS_DIR.glob("*.csv")) == TABLES


@pytest.mark.parametrize("name", TABLES)
def test_table_validates_with_source_and_confidence_on_every_row(name):
    table = facts.load_table(name)
    assert len(table) > 0
    assert (table["source"].str.strip() != "").all()
    assert (table["source_ref"].str.strip() != "").all()
    assert set(table["confidence"]) <= set(facts.CONFIDENCE_LEVELS)


@pytest.mark.skipif(not SHARED_FACTS.exists(), reason="the team's shared fact sheets are not beside this clone")
@pytest.mark.parametrize("name", TABLES)
def test_copy_is_faithful_to_the_shared_fact_sheet(name):
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_data

    rebuilt = build_data.build_fact_table(SHARED_FACTS / f"{name}.csv")
    ours = pd.read_csv(facts.FACTS_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(ours, rebuilt)


def corrupted(tmp_path: Path, name: str, edit) -> Path:
    folder = tmp_path / "facts"
    shutil.copytree(facts.FACTS_DIR, folder)
    path = folder / f"{name}.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    result = edit(table)
    if isinstance(result, str):
        path.write_text(result)
    else:
        result.to_csv(path, index=False)
    return folder


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.drop(columns=["source", "unit"]), "is malformed: missing column(s) source, unit."),
        (lambda t: t.assign(value=["n/a", *list(t["value"][1:])]), "'n/a' in column 'value' is not a number (row 2)"),
        (lambda t: t.assign(source=["", *list(t["source"][1:])]), "column 'source' is blank on row 2"),
        (
            lambda t: t.assign(confidence=["high", "certain", "sure", *list(t["confidence"][3:])]),
            "'certain' is not a valid confidence (row 3).",
        ),
        (
            lambda t: t.assign(quarter_end_date=["2024-12-28", "31/12/2024", "1/1/2025", *t["quarter_end_date"][3:]]),
            "'31/12/2024' in column 'quarter_end_date' is not a YYYY-MM-DD date (row 3).",
        ),
        (lambda t: t.iloc[0:0], "is malformed: it has no rows."),
        (
            lambda t: t.assign(quarter_end_date=["2020/12/26", *t["quarter_end_date"][1:]]),
            "'2020/12/26' in column 'quarter_end_date' is not a YYYY-MM-DD date (row 2).",
        ),
        (lambda t: "", "cannot be read as CSV"),
    ],
    ids=[
        "missing-column",
        "bad-number",
        "blank-source",
        "bad-confidence",
        "bad-date",
        "no-rows",
        "slashed-date",
        "empty-file",
    ],
)
def test_corrupted_copy_raises_named_error(tmp_path, edit, message):
    name = "apple_greater_china_quarterly"
    folder = corrupted(tmp_path, name, edit)
    with pytest.raises(facts.FactsError) as raised:
        facts.load_table(name, folder)
    assert str(raised.value).startswith(f"Data file {name}.csv ({name}) ")
    assert message in str(raised.value)


def test_an_unknown_table_is_named():
    with pytest.raises(facts.FactsError, match=r"^There is no curated table called 'no_such_table'\.$"):
        facts.load_table("no_such_table")


def test_missing_and_binary_files_are_named(tmp_path):
    folder = tmp_path / "facts"
    folder.mkdir()
    with pytest.raises(facts.FactsError, match=r"fx_rates\.csv .* is missing"):
        facts.load_table("fx_rates", folder)
    (folder / "fx_rates.csv").write_bytes(b"\xff\xfe\x00garbage\x00")
    with pytest.raises(facts.FactsError, match=r"fx_rates\.csv"):
        facts.load_table("fx_rates", folder)


def test_low_confidence_rows_are_filtered_or_labelled():
    table = facts.load_table("valuation_context")
    assert "low" not in set(facts.verified_only(table)["confidence"])
    labelled = facts.label_unverified(table)
    assert set(labelled.loc[labelled["confidence"] == "low", "status"]) == {"unverified"}


# ----------------------------------------------------------------------------------------- data integrity


def test_idc_shares_are_percentages_that_fit_in_a_market():
    idc = facts.load_table("china_smartphone_share_idc")
    assert idc["value"].between(0, 100).all()
    totals = idc.groupby("period")["value"].sum()
    assert (totals <= 100.6).all(), totals[totals > 100.6]
    ranked = idc.dropna(subset=["rank"])
    assert not ranked.duplicated(["period", "rank"]).any()
    assert set(idc["tracker"]) == {"IDC"}, "other trackers must never be mixed into the IDC series"


def test_other_trackers_never_claim_to_be_idc():
    other = facts.load_table("china_smartphone_share_other_trackers")
    assert "IDC" not in set(other["tracker"])
    assert other["value"].dropna().between(0, 100).all()


def test_apple_greater_china_totals_reconcile_with_quarters():
    apple = facts.load_table("apple_greater_china_quarterly")
    quarters = apple[apple["fiscal_quarter"] != "FY total"]
    totals = apple[apple["fiscal_quarter"] == "FY total"].set_index("fiscal_year")["value"]
    sums = quarters.groupby("fiscal_year")["value"].sum()
    for year, total in totals.items():
        assert sums[year] == pytest.approx(total, abs=0.0015), year
    with_prior = quarters.dropna(subset=["prior_year_value_usd_bn"])
    recomputed = (with_prior["value"] / with_prior["prior_year_value_usd_bn"] - 1) * 100
    assert (recomputed - with_prior["yoy_change_pct"]).abs().max() < 0.06
    assert quarters["quarter_end_date"].is_monotonic_increasing


def test_capex_ranges_contain_their_midpoints():
    capex = facts.load_table("hyperscaler_capex")
    ranged = capex.dropna(subset=["value_low", "value_high"])
    assert (ranged["value_low"] <= ranged["value"]).all()
    assert (ranged["value"] <= ranged["value_high"]).all()
    assert (capex["unit"] == "USD billions").all()


def test_fx_rates_are_plausible_usd_cny():
    fx = facts.load_table("fx_rates")
    assert fx["value"].between(6.0, 8.0).all()
    assert (fx["pair"] == "USD/CNY").all()


def test_benchmark_scores_are_in_range():
    for name in ("qwen25max_benchmarks", "qwen3_benchmarks", "deepseek_v3_reported_benchmarks"):
        table = facts.load_table(name)
        percent = table[~table["unit"].str.contains("Elo|rating", case=False) & (table["benchmark"] != "CodeForces")]
        assert percent["value"].between(0, 100).all(), name


def test_arena_scores_and_prices_are_positive():
    assert facts.load_table("lmarena_snapshots")["value"].between(1000, 1600).all()
    assert (facts.load_table("api_prices")["value"] > 0).all()
    assert (facts.load_table("training_cost_comparisons")["value"] > 0).all()


def test_alibaba_quarters_are_dated_at_quarter_ends():
    ali = facts.load_table("alibaba_quarterly")
    assert ali["calendar_quarter_end"].dt.is_quarter_end.all()


def test_exact_event_dates_match_their_labels():
    for name in ("apple_china_events", "apple_partner_search", "deepseek_timeline", "market_moves", "qwen_ecosystem",
                 "valuation_context"):  # fmt: skip
        table = facts.load_table(name)
        dated = table.dropna(subset=["date"])
        assert (dated["date"].dt.strftime("%Y-%m-%d") == dated["date_label"]).all(), name


def test_partner_search_dates_known_only_to_the_month_are_never_an_event_day():
    search = facts.load_table("apple_partner_search")
    months = search[search["date_label"].str.fullmatch(r"\d{4}-\d{2}")]
    assert len(months) >= 4  # 2024-12, 2025-03, 2025-06, 2025-09, 2025-11, 2025-12 in the fact sheet
    assert months["date"].isna().all()
    days = search[~search.index.isin(months.index)]
    assert days["date"].notna().all()
    assert (search["category"] == "apple_partner_search").all()


def test_segment_rows_keep_release_dates_as_dates_and_growth_only_rows_without_a_value():
    segments = facts.load_table("alibaba_segments")
    releases = segments[segments["unit"] == "date"]
    assert len(releases) == segments["alibaba_fiscal_quarter"].nunique()
    assert releases["value"].isna().all()
    assert releases["release_date"].notna().all()
    lag = releases["release_date"] - releases["calendar_quarter_end"]
    assert lag.between(pd.Timedelta(days=30), pd.Timedelta(days=90)).all()
    assert segments.loc[segments["unit"] != "date", "release_date"].isna().all()
    growth_only = segments[segments["value"].isna() & (segments["unit"] != "date")]
    assert len(growth_only) == 2
    assert growth_only["yoy_change_pct"].notna().all()
    assert segments["calendar_quarter_end"].dt.is_quarter_end.all()


def test_the_re_segmented_commerce_series_never_share_a_quarter():
    segments = facts.load_table("alibaba_segments")
    old = segments[segments["metric"].str.startswith("Taobao and Tmall Group")]["calendar_quarter_end"]
    new = segments[segments["metric"].str.startswith("Alibaba China E-commerce Group")]["calendar_quarter_end"]
    assert len(old)
    assert len(new)
    assert old.max() < new.min()


def test_press_notes_sit_beside_the_rows_they_qualify():
    notes = {name: facts.load_table(name)["press_note"].dropna() for name in TABLES}
    written = {name: list(column[column != ""]) for name, column in notes.items() if (column != "").any()}
    assert sorted(written) == ["alibaba_segments", "deepseek_timeline", "lmarena_snapshots"]
    assert sum(len(v) for v in written.values()) == 4
    assert all(note.startswith("Press vs source: ") for v in written.values() for note in v)


def figures_in(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def test_every_number_in_a_press_note_is_in_the_tables():
    """A press-vs-source note restates the data: each figure it gives (bar the press's own words, quoted, and
    dates, times and model names) is a value, growth rate or board position in the tables, or a figure in the
    notes of the row it stands beside."""
    known: set[str] = set()
    notes: list[tuple[str, str]] = []
    for name in TABLES:
        loaded = facts.load_table(name)
        for column in ("value", "yoy_change_pct"):
            if column in loaded:
                numbers = pd.to_numeric(loaded[column], errors="coerce").dropna().abs()
                known |= {f"{v:g}" for v in numbers} | {f"{v:.1f}" for v in numbers} | {f"{v:.3f}" for v in numbers}
        if "list_position" in loaded:
            known |= set(loaded["list_position"].dropna().astype(str))
        noted = loaded[loaded["press_note"].fillna("") != ""]
        notes += [(name, note, figures_in(own)) for note, own in zip(noted["press_note"], noted["notes"].fillna(""))]
    assert len(notes) == 4
    months = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    for name, note, in_its_row in notes:
        ours = re.sub(r"(?<!\w)'[^']*'(?!\w)", "", note)  # the press's words, quoted
        ours = re.sub(rf"\b\d{{1,2}} (?:{months})(?: \d{{4}})?|\b\d{{1,2}}:\d\d|\b\d{{1,2}}(?:st|nd|rd|th)\b", "", ours)
        ours = re.sub(r"\S*[A-Za-z]\S*\d\S*|\S*\d\S*[A-Za-z]\S*", "", ours)  # Qwen2.5-Max, UTC+8, Grok-3
        for figure in figures_in(ours):
            assert figure in known | in_its_row, (name, figure, note)
