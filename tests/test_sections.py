"""Every section function with the real tables and the committed prices: the numbers in each title, metric
and takeaway are recomputed here straight from the tables, so a section that misreads its data fails."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from explainer.charts import builders, fmt
from explainer.data import facts, prices
from explainer.story import headline
from explainer.story.reference import SELL_OFF
from explainer.story.section import Result
from explainer.story.sections import apple_china, capex_race, deepseek_shock, home, qwen_benchmarks, rerating


def table(name: str) -> pd.DataFrame:
    return facts.load_table(name)


def closes(symbols, basis: str = "adjusted") -> pd.DataFrame:
    return prices.load_prices(tuple(symbols), "offline").closes(basis)


def figure(result: Result, key: str):
    (found,) = [f for f in result.figures if f.key == key]
    return found


def close_on(series: pd.Series, day: str) -> float:
    return float(series.dropna().loc[:day].iloc[-1])


# ---------------------------------------------------------------------------------------------- home
def test_headline_numbers_come_from_the_tables_and_prices():
    result = home.headline_numbers(
        table("china_smartphone_share_idc"), table("lmarena_snapshots"), table("hyperscaler_capex"),
        table("china_tech_capex_other"), table("fx_rates"), closes(home.TICKERS),
    )  # fmt: skip
    values = {m.label: m.value for m in result.metrics}
    idc = table("china_smartphone_share_idc")
    apple_2024 = idc[(idc["period"] == "2024") & (idc["vendor"] == "Apple") & (idc["period_type"] == "year")]
    assert values["Apple, China share 2024"] == f"{apple_2024['value'].iloc[0]:.1f}%"
    nvda = closes(["NVDA"])["NVDA"].dropna()
    day = nvda.loc["2025-01-27"] / nvda.loc[:"2025-01-26"].iloc[-1] - 1
    assert values[f"NVIDIA on {SELL_OFF:%-d %b %Y}"] == f"{day:+.1%}"
    baba = closes(["BABA"])["BABA"].dropna()
    assert values["BABA since 2025 began"] == f"{baba.iloc[-1] / close_on(baba, '2024-12-31') - 1:+.0%}"
    assert result.notes[0].startswith("Sources:") or "Source" in result.notes[0]


@pytest.mark.parametrize("width_px", [320, 470, 640, 900, 1400])
def test_the_story_s_event_numbers_never_overlap_on_the_timeline(width_px):
    """The real events over the home timeline's whole period, at plot widths from a phone's to a wide
    screen's: no two number labels overlap, and every event's number is in exactly one label."""
    events = headline.story_events(table("apple_china_events"), table("deepseek_timeline")).dropna(subset=["date"])
    events = events.sort_values("date", kind="stable").reset_index(drop=True)
    events.insert(0, "n", range(1, len(events) + 1))
    baba = closes(["BABA"], "traded")["BABA"].dropna()
    start, end = builders.extent(baba.index.to_series(), events["date"])
    placed = builders.event_labels(events, start, end, width_px)
    for left, right in zip(placed.itertuples(), placed.iloc[1:].itertuples()):
        assert left.right_px + builders.EVENT_LABEL_GAP_PX <= right.left_px, (left.label, right.label)
    assert [n for numbers in placed["numbers"] for n in numbers] == list(events["n"])
    assert len(placed) > 1


def test_the_story_in_dates_draws_the_period_and_says_when_it_is_too_short():
    traded = closes(home.TICKERS, "traded")
    events = pd.DataFrame({"date": pd.to_datetime(["2025-01-27"]), "event": ["x"], "category": ["c"], "source": ["s"]})
    drawn = home.story_in_dates(traded, events, "Source: prices", (dt.date(2025, 1, 2), dt.date(2025, 3, 31)))
    data = figure(drawn, "timeline").data
    assert data["date"].min() >= pd.Timestamp("2025-01-02")
    assert data["date"].max() <= pd.Timestamp("2025-03-31")
    assert data.loc[data["date"] == "2025-01-27", "n"].iloc[0] == 1
    short = home.story_in_dates(traded, events, "Source: prices", (dt.date(2025, 1, 4), dt.date(2025, 1, 5)))
    assert not short.figures
    assert "BABA has 0 closes" in short.notice


# ---------------------------------------------------------------------------------------------- chapter 1
def test_share_title_names_apples_last_three_idc_ranks():
    idc = table("china_smartphone_share_idc")
    others, greater_china = table("china_smartphone_share_other_trackers"), table("apple_greater_china_quarterly")
    result = apple_china.share_by_vendor(idc, others, greater_china, "annual", (2019, 2025), "none")
    apple_rows = idc[(idc["vendor"] == "Apple") & (idc["period_type"] == "year")].sort_values("period").tail(3)
    expected = ", ".join(f"#{r:.0f} in {p}" for p, r in zip(apple_rows["period"], apple_rows["rank"]))
    assert figure(result, "china_share").title == f"Apple's IDC rank in China: {expected}"
    assert "fell" in result.takeaways[0]


def test_a_tracker_without_data_for_the_view_says_so():
    idc, others = table("china_smartphone_share_idc"), table("china_smartphone_share_other_trackers")
    result = apple_china.share_by_vendor(idc, others, table("apple_greater_china_quarterly"), "annual", (2019, 2019),
                                         "Omdia")  # fmt: skip
    assert "Omdia published no Apple share for annual periods in 2019–2019" in result.notice


def test_revenue_intro_names_the_lowest_quarter_in_the_table():
    greater_china = table("apple_greater_china_quarterly")
    result = apple_china.greater_china_revenue(greater_china, table("china_smartphone_share_idc"), "quarterly")
    charted = greater_china[greater_china["fiscal_year"] >= "FY2021"]
    assert f"${charted['value'].min():.1f} bn" in result.intro
    assert figure(result, "greater_china_revenue").title.startswith("Greater China sales fell to a trough in")


def test_what_moved_it_title_is_each_lines_move_to_the_common_end():
    prices_named = closes(apple_china.TICKERS).rename(columns=apple_china.PRICE_NAMES)
    window = (dt.date(2025, 1, 2), dt.date(2025, 6, 30))
    result = apple_china.what_moved_it(prices_named, table("apple_china_events"), "Source: prices", window)
    title = figure(result, "what_moved_it").title
    apple = prices_named["Apple"].dropna()
    move = (close_on(apple, "2025-06-30") / close_on(apple, "2025-01-02") - 1) * 100
    assert f"Apple {move:+.0f}%" in title


def test_what_if_metric_adds_revenue_per_point_times_points():
    greater_china, idc = table("apple_greater_china_quarterly"), table("china_smartphone_share_idc")
    none = apple_china.what_if(greater_china, idc, 0.0, 100)
    two = apple_china.what_if(greater_china, idc, 2.0, 50)
    base = float(re.search(r"\$([\d,.]+) bn", none.metrics[0].value)[1].replace(",", ""))
    implied = float(re.search(r"\$([\d,.]+) bn", two.metrics[0].value)[1].replace(",", ""))
    assert implied > base
    assert not none.metrics[0].arrow
    assert two.metrics[0].arrow


# ---------------------------------------------------------------------------------------------- chapter 2
def test_the_week_takeaway_is_nvidias_close_to_close_move():
    moves = table("market_moves")
    result = deepseek_shock.the_week(table("deepseek_timeline"), moves, closes(["NVDA"]))
    nvda = closes(["NVDA"])["NVDA"].dropna()
    assert f"**{nvda.loc['2025-01-27'] / nvda.loc[:'2025-01-26'].iloc[-1] - 1:+.1%}**" in result.takeaways[0]
    erased = moves[moves["name"].str.contains("erased in one day")]["value"].iloc[0]
    assert f"${erased:.0f} bn" in result.takeaways[0]
    assert figure(result, "deepseek_week").data["date"].is_monotonic_increasing


def test_who_lost_title_names_the_worst_and_best_day_zero():
    symbols = deepseek_shock.TICKERS
    all_closes = closes(symbols)
    names = {s: s for s in symbols}
    result = deepseek_shock.who_lost(all_closes, names, {}, "Source: p", ("Apple", "China AI"), SELL_OFF, 5, 10,
                                     "^GSPC")  # fmt: skip
    day0 = {}
    for symbol in ("AAPL", "BABA", "9988.HK", "BIDU", "0700.HK"):
        series = all_closes[symbol].dropna()
        day0[symbol] = series.loc["2025-01-27":].iloc[0] / series.loc[:"2025-01-26"].iloc[-1] - 1
    worst = min(day0, key=day0.get)
    assert figure(result, "event_window").title.startswith(f"{worst} {day0[worst]:+.1%}")
    assert {"event_window", "abnormal_returns"} == {f.key for f in result.figures}
    assert deepseek_shock.who_lost(all_closes, names, {}, "", (), SELL_OFF, 5, 10, "^GSPC").notice


def test_divergence_title_is_each_baskets_last_index():
    all_closes = closes(deepseek_shock.TICKERS)
    result = deepseek_shock.the_divergence(all_closes, "Source: p", dt.date(2025, 12, 31))
    data = figure(result, "divergence").data
    china = data[data["basket"] == "China AI"]["index"].iloc[-1]
    assert f"China AI {china - 100:+.0f}%" in figure(result, "divergence").title


def test_cost_title_is_gpu_hours_times_the_rate():
    costs = table("training_cost_comparisons")
    result = deepseek_shock.the_cost_claim(costs, 3.0, False)
    hours = costs[costs["unit"].str.contains("GPU-hours")].set_index("model")["value"]
    title = figure(result, "training_costs").title
    assert title == (f"At $3.00/GPU-hour DeepSeek-V3's final run costs ${hours['DeepSeek-V3'] * 3:,.1f} M, "
                     f"Llama 3.1 405B's ${hours['Llama 3.1 405B'] * 3:,.1f} M")  # fmt: skip
    assert f"{hours['Llama 3.1 405B'] / hours['DeepSeek-V3']:.1f}× cheaper" in result.takeaways[0]


def test_price_of_use_title_is_the_output_price_ratio():
    api = table("api_prices")
    result = deepseek_shock.the_price_of_use(api)

    def output_price(model: str) -> float:
        rows = api[api["model"].str.startswith(model) & (api["price_type"] == "output") & (api["confidence"] != "low")]
        return float(rows[~rows["source"].str.contains("discount")]["value"].iloc[0])

    assert f"{output_price('o1') / output_price('deepseek-reasoner'):.0f}×" in figure(result, "api_prices").title


# ---------------------------------------------------------------------------------------------- chapter 3
def test_vendor_scores_count_the_benchmarks_where_qwen_is_best():
    q25 = table("qwen25max_benchmarks")
    instruct = q25[(q25["model_kind"] == "instruct") & (q25["confidence"] != "low")]
    models, benchmarks = tuple(instruct["model"].unique()), tuple(instruct["benchmark"].unique())
    result = qwen_benchmarks.vendor_scores(instruct, "q25", "Blog (x)", "Qwen2.5-Max", models, benchmarks, "score",
                                           False)  # fmt: skip
    best = instruct.groupby("benchmark")["value"].max()
    qwen = instruct[instruct["model"] == "Qwen2.5-Max"].set_index("benchmark")["value"]
    wins = int((qwen == best[qwen.index]).sum())
    assert figure(result, "q25_scores").title == (
        f"Qwen2.5-Max is best on {wins} of {len(best)} benchmarks in its own table"
    )
    assert qwen_benchmarks.vendor_scores(instruct, "q25", "B (x)", "Qwen2.5-Max", (), (), "score", False).notice


def test_harness_title_counts_the_shared_cells_where_the_two_tables_differ():
    q25, ds = table("qwen25max_benchmarks"), table("deepseek_v3_reported_benchmarks")
    result = qwen_benchmarks.whose_harness(q25, ds, "instruct")
    pairs = figure(result, "harness").data
    spread = pairs.groupby(["model", "benchmark"])["value"].agg(lambda v: v.max() - v.min())
    assert set(pairs["publisher"].str.split(" \\(").str[0]) == {"Qwen blog chart", "DeepSeek-V3 README"}
    expected = f"disagree on {int((spread > 0).sum())} of {len(spread)} shared cells"
    assert expected in figure(result, "harness").title
    assert f"differ on {int((spread > 0).sum())} of {len(spread)} cells" in result.takeaways[0]


def test_arena_takeaway_reads_the_first_snapshot():
    arena = table("lmarena_snapshots")
    first = arena[arena["snapshot_date"] == arena["snapshot_date"].min()]
    qwen_row = first[first["model"] == "Qwen2.5-Max"].iloc[0]
    result = qwen_benchmarks.the_crowd(arena, "2025-08-02")
    assert f"**{qwen_row['value']:.0f}**" in result.takeaways[0]
    assert f"{first['value'].max() - qwen_row['value']:.0f} points behind" in result.takeaways[0]


def test_adoption_title_is_the_first_and_last_derivative_count():
    ecosystem = table("qwen_ecosystem")
    result = qwen_benchmarks.adoption(ecosystem)
    derivatives = ecosystem[ecosystem["metric"].str.contains("derivative", case=False)].dropna(subset=["date"])
    derivatives = derivatives.sort_values("date")
    title = figure(result, "adoption").title
    assert f"> {derivatives['value'].iloc[0]:,.0f}" in title
    assert f"> {derivatives['value'].iloc[-1]:,.0f}" in title


def test_market_reading_title_is_each_alibaba_lines_window_return():
    price_set = prices.load_prices(qwen_benchmarks.TICKERS, "offline")
    t = {name: table(name) for name in ("deepseek_timeline", "qwen_ecosystem", "market_moves")}
    releases = qwen_benchmarks.qwen.launches(t["deepseek_timeline"], t["qwen_ecosystem"], t["market_moves"])
    launch = releases["launch"].iloc[0]
    result = qwen_benchmarks.market_reading(price_set.closes("adjusted"), price_set.info, "Source: p", releases, launch,
                                            2, 5, "^HSI")  # fmt: skip
    rows = result.details.table.data
    hk = rows[(rows["release"] == launch) & (rows["symbol"] == "9988.HK")]["cumulative_return"].iloc[0]
    assert f"Hong Kong shares {hk:+.1%}" in figure(result, "qwen_market").title


# ---------------------------------------------------------------------------------------------- chapter 4
def test_us_wave_title_sums_the_latest_actual_year():
    spend = table("hyperscaler_capex")
    measure = list(capex_race.capex.MICROSOFT_MEASURES)[1]
    annual = capex_race.capex.annual(spend, measure)
    result = capex_race.us_wave(annual, "grouped", (2022, 2025))
    total = annual[(annual["year"] == 2025) & (annual["kind"] == "actual")]["value"].sum()
    assert figure(result, "us_capex").title == f"The US four spent ${total:,.0f} bn in 2025"


def test_guidance_title_is_the_largest_rise_from_first_guidance_to_actual():
    spend = table("hyperscaler_capex")
    result = capex_race.guidance_moved(spend)
    path = figure(result, "guidance_path").data
    rise = {company: rows["value"].iloc[-1] - rows["value"].iloc[0] for company, rows in path.groupby("company")}
    steepest = max(rise, key=rise.get)
    assert figure(result, "guidance_path").title == (
        f"{steepest}'s 2025 plan rose most, by ${rise[steepest]:,.0f} bn from first guidance to actual"
    )
    press = spend[spend["fiscal_period"].str.contains("as of Feb 2025")]["value"].iloc[0]
    assert f'"more than ${press:,.0f} bn"' in result.text


def test_same_frame_converts_the_plan_at_the_chosen_rate():
    t = {n: table(n) for n in capex_race.TABLES}
    measure = list(capex_race.capex.MICROSOFT_MEASURES)[1]
    annual = capex_race.capex.annual(t["hyperscaler_capex"], measure)
    result = capex_race.same_frame(annual, t["alibaba_quarterly"], t["china_tech_capex_other"], t["fx_rates"], 7.0)
    plan = t["china_tech_capex_other"]
    plan = plan[(plan["company"] == "Alibaba") & plan["metric"].str.contains("3-year")]["value"].iloc[0]
    assert figure(result, "same_frame").title.startswith(f"Alibaba's plan is ${plan / 7.0 / 3:,.1f} bn a year")


def test_alibaba_quarters_title_is_the_peak_at_the_rate():
    ali = table("alibaba_quarterly")
    result = capex_race.alibaba_quarters(ali, 7.2)
    peak = ali[ali["metric"] == "Capital expenditure"]["value"].max() / 7.2
    assert f"${peak:,.1f} bn" in figure(result, "alibaba_quarters").title


def test_what_it_buys_reads_the_latest_cloud_quarter_and_free_cash_flow():
    ali = table("alibaba_quarterly")
    result = capex_race.what_it_buys(ali, 7.0)
    cloud = ali[(ali["metric"] == "Cloud Intelligence Group revenue") & (ali["unit"] == "CNY billions")]
    assert result.metrics[0].value == f"${cloud['value'].iloc[-1] / 7.0:,.2f} bn"
    fcf = ali[ali["metric"] == "Free cash flow"]["value"].iloc[-1]
    assert fcf < 0
    assert f"free cash flow was −${-fcf / 7.0:,.1f} bn" in result.takeaways[0]


def test_market_verdict_title_is_the_largest_abnormal_return():
    result = capex_race.market_verdict(table("hyperscaler_capex"), closes(capex_race.TICKERS), "Source: p", 3)
    data = figure(result, "verdict").data
    assert f"{data['abnormal_return'].max():+.1%}" in figure(result, "verdict").title
    no_index = capex_race.market_verdict(table("hyperscaler_capex"), closes(["MSFT"]), "Source: p", 3)
    assert no_index.warning
    assert not no_index.figures


# ---------------------------------------------------------------------------------------------- chapter 5
def test_the_path_title_is_alibabas_move_from_the_start():
    all_closes = closes(rerating.TICKERS)
    result = rerating.the_path(all_closes, pd.DataFrame(columns=["date", "event", "source", "confidence"]),
                               "Source: p", dt.date(2025, 1, 2))  # fmt: skip
    title = figure(result, "rerating_path").title
    common_end = pd.Timestamp(re.search(r"to (\d\d \w+ \d{4})", title)[1])
    baba = all_closes["BABA"].dropna()
    move = (close_on(baba, str(common_end.date())) / close_on(baba, "2025-01-02") - 1) * 100
    assert f"Alibaba's ADS {move:+.0f}%" in title


def test_the_swing_metrics_and_their_empty_states():
    baba = closes(["BABA"])
    result = rerating.the_swing(baba, dt.date(2025, 1, 13), dt.date(2025, 3, 7))
    series = baba["BABA"].dropna()
    assert result.metrics[0].value == f"{close_on(series, '2025-03-07') / close_on(series, '2025-01-13') - 1:+.1%}"
    assert rerating.the_swing(baba, dt.date(2025, 3, 7), dt.date(2025, 1, 13)).warning
    assert "fewer than two days" in rerating.the_swing(baba, dt.date(2025, 2, 8), dt.date(2025, 2, 9)).notice


def test_multiples_title_reads_the_first_and_latest_reported_pe():
    valuation, moves = table("valuation_context"), table("market_moves")
    result = rerating.multiples(valuation, moves)
    before = valuation[valuation["date_label"].str.contains("before rally") & (valuation["subject"] == "Alibaba")]
    pe = figure(result, "multiples").data
    latest = pe[pe["subject"].str.startswith("Alibaba") & (pe["confidence"] != "low")]["value"].iloc[-1]
    title = figure(result, "multiples").title
    assert title == f"Alibaba's P/E went from ~{before['value'].iloc[0]:.0f}× before the rally to about {latest:.0f}×"
    caps = valuation[valuation["metric"] == "Market capitalisation"].sort_values("date")
    assert f"to {fmt.usd_bn(caps['value'].iloc[-1])} by {caps['date'].iloc[-1]:%d %b %Y}" in result.takeaways[0]


def test_sum_of_parts_per_ads_is_the_total_over_ads_equivalents():
    valuation = table("valuation_context")
    traded = closes(["BABA"], "traded")["BABA"]
    result = rerating.sum_of_parts(valuation, traded, 15.0, 10.0, 20.0, 4.0, 7.8)
    cap = valuation[valuation["metric"] == "Market capitalisation"].sort_values("date").iloc[-1]
    ads_bn = cap["value"] / close_on(traded, str(cap["date"].date()))
    assert result.metrics[0].value == f"${(15.0 * 10.0 + 20.0 * 4.0) / ads_bn:,.2f}"
    assert "cloud is 35% of that value" in result.takeaways[0]


def test_every_section_of_the_outline_builds_at_its_defaults():
    """The outline's sections, each at its declared defaults, give a result with something to show."""
    from explainer.story.outline import STORY
    from explainer.story.section import Context

    for chapter in STORY:
        context = Context({n: table(n) for n in chapter.tables}, prices.load_prices(chapter.tickers, "offline"))
        chosen: dict = {}
        for section in chapter.sections:
            _, chosen = section.settings(context, lambda row: [c.default for c in row], chosen)
            result = section.build(context, chosen)
            assert result.figures or result.metrics, (chapter.path, section.key)
            for shown in result.figures:
                assert shown.source.startswith("Source"), (section.key, shown.source)
                # Read out by screen readers: what it shows and its finding, numbers included.
                description = shown.spec(arrow=False)["description"]
                assert description.startswith(f"Chart: {shown.subtitle.rstrip('.')}. Finding: {shown.title}")
                assert set(re.findall(r"\d+", shown.title)) <= set(re.findall(r"\d+", description))


@pytest.mark.parametrize("name", ["market_moves", "valuation_context"])
def test_a_fact_asked_for_by_name_and_missing_says_which_table_and_row(name):
    with pytest.raises(facts.FactsError, match=f"The table {name} has no row where name contains 'nothing'"):
        facts.row(table(name).assign(name="x"), contains={"name": "nothing"})


def test_a_section_reads_only_its_own_controls_and_the_shared_ones_it_declares():
    """Its output is cached by these settings alone, so a slider elsewhere on the page leaves it cached."""
    from explainer.story.outline import CAPEX_RACE
    from explainer.story.section import Context

    context = Context({n: table(n) for n in CAPEX_RACE.tables}, prices.load_prices(CAPEX_RACE.tickers, "offline"))
    chosen: dict = {}
    reads = {}
    for section in CAPEX_RACE.sections:
        _, chosen = section.settings(context, lambda row: [c.default for c in row], chosen)
        reads[section.key] = section.reads(context, chosen)
    assert reads["us_wave"] == ("capex_layout", "capex_years", "msft_measure")
    assert reads["guidance"] == ()
    assert reads["same_frame"] == ("msft_measure", "usd_cny")
    assert reads["alibaba_quarters"] == reads["what_it_buys"] == ("usd_cny",)
    assert reads["verdict"] == ("verdict_after",)


# ---------------------------------------------------------------------------------------------- the threads
def day_move(series: pd.Series, day: str) -> tuple[float, str]:
    """A listing's close-to-close move on ``day``, and the previous close's date, from the raw prices."""
    traded = series.dropna()
    position = traded.index.get_loc(pd.Timestamp(day))
    return float(traded.iloc[position] / traded.iloc[position - 1] - 1), str(traded.index[position - 1].date())


def test_why_alibaba_measures_the_reaction_of_alibabas_two_listings_to_the_report():
    """The 11 Feb 2025 report (US time): the NYSE ADS reacts that day, the Hong Kong line on 12 Feb; each move
    is recomputed from the price data, less the Hang Seng's over the same two closes."""
    search = table("apple_partner_search")
    prices_now = closes([*apple_china.PARTNER_LISTINGS, "^HSI"])
    result = apple_china.why_alibaba(search, prices_now, partner_info(), "Source: prices", "2025-02-11", "Hang Seng")
    hsi = prices_now["^HSI"]
    expected = {}
    for symbol, day in (("BABA", "2025-02-11"), ("9988.HK", "2025-02-12")):
        move, before = day_move(prices_now[symbol], day)
        expected[symbol] = move - (close_on(hsi, day) / close_on(hsi, before) - 1)
    drawn = figure(result, "partner_reaction").data.set_index("listing")
    assert drawn.loc["Alibaba (NYSE ADS)", "session"] == pd.Timestamp("2025-02-11")
    assert drawn.loc["Alibaba (Hong Kong)", "session"] == pd.Timestamp("2025-02-12")
    assert drawn.loc["Alibaba (NYSE ADS)", "abnormal"] == pytest.approx(expected["BABA"])
    assert drawn.loc["Alibaba (Hong Kong)", "abnormal"] == pytest.approx(expected["9988.HK"])
    assert f"**{expected['9988.HK']:+.1%}**" in result.takeaways[0]
    assert f"NYSE ADS {expected['BABA']:+.1%} (11 Feb)" in result.takeaways[0]
    # "The market noticed" is measured: the move against the listing's usual one-day abnormal move.
    hk, bench = prices_now["9988.HK"].dropna(), hsi.dropna()
    bench_on_hk_days = bench.reindex(hk.index.union(bench.index)).ffill().reindex(hk.index)
    typical = (hk.pct_change() - bench_on_hk_days.pct_change()).dropna().std()
    size = abs(expected["9988.HK"]) / typical
    assert f"{size:.1f}× a typical day ({typical:.1%}, one s.d.)" in result.takeaways[0]
    assert result.takeaways[0].startswith("The market noticed" if size >= 2 else "The market barely moved")


def partner_info():
    return prices.load_prices((*apple_china.PARTNER_LISTINGS, "^HSI"), "offline").info


def test_the_partner_search_title_says_only_what_its_rows_say():
    """First Baidu, Alibaba chosen on the reference date, and no launch in mainland China by the last report."""
    shown = apple_china.partner_search(table("apple_partner_search"))
    assert "Baidu" in shown.iloc[0]["event"]
    chosen = shown[shown["date"] == apple_china.ALIBABA_CHOSEN]
    assert chosen["event"].str.contains("Alibaba").any()
    last = shown.iloc[-1]["event"]
    assert re.search(r"not (officially launched|available).*mainland China|mainland China.*not", last)


def test_the_partner_search_draws_month_only_reports_as_months_and_never_as_event_days():
    search = table("apple_partner_search")
    shown = apple_china.partner_search(search)
    months = shown[shown["precision"] == "month"]
    assert set(months["date_label"]) == set(search.loc[search["date"].isna(), "date_label"])
    assert (months["start"] == pd.to_datetime(months["date_label"] + "-01")).all()
    assert (months["end"] == months["start"] + pd.offsets.MonthEnd(0)).all()
    # Report days, where reactions are measured, are only the exactly dated ones.
    assert set(apple_china.report_days(search)) == set(search["date"].dropna().dt.strftime("%Y-%m-%d"))
    result = apple_china.why_alibaba(search, closes([*apple_china.PARTNER_LISTINGS, "^HSI"]), partner_info(),
                                     "Source: prices", "2025-02-11", "Hang Seng")  # fmt: skip
    strip = figure(result, "partner_search")
    assert len(strip.data) == len(search)
    assert f"{len(search)} reports" in strip.title
    low = search[search["confidence"] == "low"]
    assert shown.loc[shown["confidence"] == "low", "status"].eq("unverified").all()
    assert len(low) == shown["event"].str.endswith("(unverified)").sum()


def test_what_pays_for_the_ai_reads_commerce_and_cloud_profit_as_reported_and_marks_the_resegmentation():
    segments, quarterly = table("alibaba_segments"), table("alibaba_quarterly")
    result = rerating.what_pays(segments, quarterly)

    def value(metric: str, quarter: str) -> float:
        return float(segments[(segments["metric"] == metric) & (segments["alibaba_fiscal_quarter"] == quarter)]
                     ["value"].iloc[0])  # fmt: skip

    commerce = value("Alibaba China E-commerce Group adjusted EBITA", "FY2026 Q2")
    cloud = value("Cloud Intelligence Group adjusted EBITA", "FY2026 Q2")
    profit = figure(result, "segment_profit")
    assert profit.title == (f"Commerce still pays: RMB {commerce:.1f} bn of adjusted EBITA in FY2026 Q2, "
                            f"{commerce / cloud:.1f}× cloud's RMB {cloud:.1f} bn")  # fmt: skip
    # Points only: the old and new commerce series (and cloud's gappy quarters) are never joined by a line.
    marks = [layer["mark"]["type"] for layer in profit.spec(arrow=False)["layer"]]
    assert "line" not in marks
    assert "rule" in marks  # the re-segmentation
    old = profit.data[profit.data["series"].str.startswith("Taobao")]["quarter_end"]
    new = profit.data[profit.data["series"].str.startswith("China E-commerce")]["quarter_end"]
    assert old.max() < new.min()
    assert set(profit.data.loc[profit.data["confidence"] == "low", "status"]) == {"unverified"}
    income = figure(result, "group_income")
    assert "fell 85% to RMB 5.4 bn in FY2026 Q2" in income.title
    assert any(n.startswith("Press vs source: 'core commerce revenue") for n in result.notes)
    assert any("'operating income collapse'" in n for n in result.notes)


def test_the_sum_of_the_parts_takes_its_commerce_earnings_from_the_segment_table_and_names_the_quarters():
    segments, fx = table("alibaba_segments"), table("fx_rates")
    rows = segments[segments["metric"] == "Alibaba China E-commerce Group adjusted EBITA"].dropna(subset=["value"])
    rates = [float(fx.loc[fx["date"] == day, "value"].iloc[0]) for day in rows["calendar_quarter_end"]]
    usd = sum(value / rate for value, rate in zip(rows["value"], rates))
    annual = usd * 4 / len(rows)  # the segment has fewer than four quarters: annualised, and said so
    controls = rerating.sum_of_parts_controls(table("valuation_context"), table("alibaba_quarterly"), fx, segments)
    (earnings,) = [c for c in controls if c.key == "commerce_earnings"]
    assert earnings.default == round(annual, 1)
    default = rerating.commerce_default(segments, fx)
    assert default.quarters == tuple(rows["alibaba_fiscal_quarter"])
    line = rerating.commerce_line(default, earnings.default)
    assert all(quarter in line for quarter in default.quarters)
    assert "annualise" in line
    assert "your assumption" not in line
    assert "is your assumption" in rerating.commerce_line(default, earnings.default + 5)


def test_results_release_dates_join_the_re_rating_events():
    t = {n: table(n) for n in ("apple_china_events", "deepseek_timeline", "market_moves", "china_tech_capex_other",
                               "alibaba_segments")}  # fmt: skip
    events = headline.story_events(t["apple_china_events"], t["deepseek_timeline"], t["market_moves"],
                                   t["china_tech_capex_other"], t["alibaba_segments"])  # fmt: skip
    results = events[events["category"] == headline.RESULTS]
    releases = t["alibaba_segments"].dropna(subset=["release_date"])
    assert set(releases["release_date"]) <= set(results["date"])
    assert not results.duplicated("date").any()
