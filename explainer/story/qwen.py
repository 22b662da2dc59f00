"""Chapter 3 arithmetic: vendor benchmark tables with their caveats, the Arena ranking, adoption, launches."""

from __future__ import annotations

import pandas as pd

from explainer.data.facts import label_unverified

QWEN_BLOG = "Qwen blog chart"
DEEPSEEK_README = "DeepSeek-V3 README"
# The same model under the names each vendor's table uses (GPT-4o is left out on purpose: Qwen tested the
# 2024-08-06 snapshot, DeepSeek the 2024-05-13 one, so they are different models).
DEEPSEEK_NAMES = {
    "DeepSeek-V3": "DeepSeek-V3",
    "Claude-3.5-Sonnet-1022": "Claude-3.5-Sonnet-1022",
    "Llama-3.1-405B-Inst": "Llama-3.1-405B-Inst",
    "DeepSeek-V3-Base": "DeepSeek-V3-Base",
    "LLaMA-3.1-405B-Base": "Llama-3.1-405B (base)",
    "Qwen2.5-72B-Base": "Qwen2.5-72B (base)",
}
ORGANISATION = {
    "Qwen": "Alibaba",
    "DeepSeek": "DeepSeek",
    "Claude": "Anthropic",
    "GPT": "OpenAI",
    "OpenAI": "OpenAI",
    "Llama": "Meta",
    "LLaMA": "Meta",
    "Gemini": "Google",
    "Grok": "xAI",
}


def organisation(model: str) -> str:
    """Who made a model, from its name (for the shared company colours)."""
    return next((org for prefix, org in ORGANISATION.items() if model.startswith(prefix)), "Other")


def scores(table: pd.DataFrame, models: list[str], benchmarks: list[str], include_unverified: bool) -> pd.DataFrame:
    """Selected cells of a vendor table, each labelled reported or unverified, with the gap to the best.

    ``low``-confidence cells are left out unless ``include_unverified``; when kept they carry the status
    ``unverified`` that the chart draws differently. The best model per benchmark is found among the cells
    shown, so the gap is always to something on the chart.
    """
    chosen = table[table["model"].isin(models) & table["benchmark"].isin(benchmarks)]
    if not include_unverified:
        chosen = chosen[chosen["confidence"] != "low"]
    chosen = label_unverified(chosen)
    best = chosen.groupby("benchmark")["value"].transform("max")
    return chosen.assign(
        gap=chosen["value"] - best,
        organisation=chosen["model"].map(organisation),
    )[["benchmark", "model", "organisation", "value", "gap", "status", "confidence", "verification", "source"]]


def harness_comparison(qwen_table: pd.DataFrame, deepseek_table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The same model and benchmark as published by Qwen and by DeepSeek, as two separate series.

    ``kind`` is 'instruct' or 'base' (DeepSeek calls instruct models 'chat'). Where DeepSeek reports two
    metrics for a benchmark, both are kept, each named.
    """
    ds = deepseek_table[deepseek_table["model_kind"] == ("chat" if kind == "instruct" else "base")]
    ds = ds[ds["model"].isin(DEEPSEEK_NAMES)].assign(model=lambda t: t["model"].map(DEEPSEEK_NAMES))
    qw = label_unverified(qwen_table[qwen_table["model_kind"] == kind])
    common = set(zip(ds["model"], ds["benchmark"])) & set(zip(qw["model"], qw["benchmark"]))

    def keep(frame: pd.DataFrame) -> pd.Series:
        return pd.Series([pair in common for pair in zip(frame["model"], frame["benchmark"])], index=frame.index)

    ds, qw = ds[keep(ds)], qw[keep(qw)]
    several = ds.duplicated(["model", "benchmark"], keep=False)
    ds_series = DEEPSEEK_README + ds["metric"].where(several, "").map(lambda m: f" ({m})" if m else "")
    columns = ["model", "benchmark", "publisher", "value", "status", "source", "confidence", "verification"]
    return pd.concat(
        [qw.assign(publisher=QWEN_BLOG)[columns], ds.assign(publisher=ds_series, status="reported")[columns]],
        ignore_index=True,
    )


def arena_ranking(arena: pd.DataFrame, snapshot: pd.Timestamp) -> pd.DataFrame:
    """The models recorded at one Arena snapshot, best first, with their rank among those recorded."""
    rows = arena[arena["snapshot_date"] == snapshot].sort_values("value", ascending=False)
    return rows.assign(rank_shown=range(1, len(rows) + 1))[
        ["model", "organization", "value", "votes", "list_position", "rank_shown", "snapshot_date", "source",
         "confidence", "verification"]
    ]  # fmt: skip


def adoption(ecosystem: pd.DataFrame) -> pd.DataFrame:
    """Dated adoption counts (downloads, derivative models, API customers) as points, with their sources."""
    described = ecosystem["metric"] + " " + ecosystem["unit"]
    counted = ecosystem[described.str.contains("download|derivative|customers")]
    counted = counted.dropna(subset=["date"])
    kind = (counted["metric"] + " " + counted["unit"]).str.extract(r"(download|derivative|customers)", expand=False)
    labels = {"download": "Downloads", "derivative": "Derivative models", "customers": "API customers"}
    return counted.assign(series=kind.map(labels), lower_bound=counted["unit"].str.contains(r"\(>\)"))[
        ["date", "series", "metric", "value", "unit", "lower_bound", "source", "confidence", "verification"]
    ]


def launches(timeline: pd.DataFrame, ecosystem: pd.DataFrame, moves: pd.DataFrame) -> pd.DataFrame:
    """Qwen release dates found in the tables: Qwen2.5-Max (timeline), Qwen3 (its blog date), QwQ-32B."""
    rows = []
    for _, row in timeline[timeline["item"].str.contains("Qwen")].dropna(subset=["date"]).iterrows():
        rows.append({"date": row["date"], "launch": "Qwen2.5-Max", "source": row["source"],
                     "press_note": row["press_note"]})  # fmt: skip
    qwen3 = ecosystem[ecosystem["metric"].str.startswith("Qwen3")].dropna(subset=["date"])
    if len(qwen3):
        first = qwen3.loc[qwen3["date"].idxmin()]
        rows.append({"date": first["date"], "launch": "Qwen3", "source": first["source"],
                     "press_note": first["press_note"]})  # fmt: skip
    for _, row in moves[moves["name"].str.contains("QwQ")].dropna(subset=["date"]).iterrows():
        rows.append({"date": row["date"], "launch": "QwQ-32B", "source": row["source"],
                     "press_note": row["press_note"]})  # fmt: skip
    return pd.DataFrame(rows).sort_values("date").reset_index(drop=True)


def chart_footnotes(table: pd.DataFrame) -> list[str]:
    """The footnotes of the vendor's chart as the fact sheet recorded them in its notes, once each."""
    found = table["notes"].str.extractall(r"[Ff]ootnote[^:]*:\s*(?P<text>[^;]+?)(?:;|\.\s|$)")["text"]
    return list(dict.fromkeys(text.strip().rstrip(".") for text in found))
