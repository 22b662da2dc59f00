"""Chapter 2 arithmetic: ticker groups for the event study, the training-cost claim, API prices, takeaways."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from explainer.story import eventstudy

GROUPS: dict[str, list[str]] = {
    "US AI hardware": ["NVDA", "AVGO", "TSM", "ASML"],
    "US hyperscalers": ["MSFT", "GOOGL", "AMZN", "META"],
    "Apple": ["AAPL"],
    "China AI": ["BABA", "9988.HK", "BIDU", "0700.HK"],
    "Benchmarks": ["^GSPC", "^IXIC", "^HSI"],
}
US_AI = GROUPS["US AI hardware"] + GROUPS["US hyperscalers"]
CHINA_AI = GROUPS["China AI"]
GROUP_OF = {symbol: group for group, symbols in GROUPS.items() for symbol in symbols}


def event_study(
    closes: eventstudy.Closes, event_date: pd.Timestamp, before: int, after: int, benchmark: str,
    symbols: list[str] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """The shared event-study table (for ``symbols``, default every ticker) with each ticker's group attached."""
    table = eventstudy.event_table(closes, event_date, before, after, benchmark, symbols)
    table["group"] = [GROUP_OF.get(s) for s in table["symbol"]]
    return table


def group_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Mean cumulative and abnormal return per group (equal weight, missing values left out), best first."""
    members: dict[str, list[tuple[float, float]]] = {}
    for group, cumulative, abnormal in zip(table["group"], table["cumulative_return"], table["abnormal_return"]):
        if group != "Benchmarks":
            members.setdefault(group, []).append((cumulative, abnormal))
    means = {group: [_mean(column) for column in zip(*rows)] for group, rows in members.items()}
    summary = pd.DataFrame.from_dict(means, orient="index", columns=["cumulative_return", "abnormal_return"])
    return summary.rename_axis("group").sort_values("cumulative_return", ascending=False)


def _mean(values: tuple[float, ...]) -> float:
    known = [v for v in values if v == v]  # NaN is not equal to itself
    return sum(known) / len(known) if known else float("nan")


def divergence(closes: pd.DataFrame, event_date: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """US-AI and China-AI baskets (equal weight, 100 at the last close before the event) to ``end``.

    Each basket is computed on the days every member traded, so a holiday in one market is a missing point,
    not a filled one.
    """
    base = closes.index[closes.index < event_date][-1]
    parts = []
    for name, members in (("US AI (hardware + hyperscalers)", US_AI), ("China AI", CHINA_AI)):
        present = [m for m in members if m in closes]
        if not present:
            continue
        indexed = eventstudy.index_to(closes[present], base).loc[:end]
        series = eventstudy.basket(indexed)
        parts.append(pd.DataFrame({"date": series.index, "basket": name, "index": series.to_numpy()}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["date", "basket", "index"])


@dataclass(frozen=True)
class CostRow:
    model: str
    basis: str
    cost_usd_m: float
    detail: str


def cost_rows(costs: pd.DataFrame) -> pd.DataFrame:
    """The rows the cost comparison uses: two GPU-hour counts and two published cost estimates."""
    hours = costs["model"].isin(["DeepSeek-V3", "Llama 3.1 405B"]) & costs["unit"].str.contains("GPU-hours")
    estimates = costs["model"].isin(["GPT-4", "Gemini Ultra"]) & (costs["metric"] == "estimated training compute cost")
    return costs[hours | estimates]


def training_costs(costs: pd.DataFrame, dollars_per_gpu_hour: float) -> pd.DataFrame:
    """Final-run GPU-hours × a rental rate for DeepSeek-V3 and Llama 3.1 405B, beside published estimates."""
    rows = []
    for _, row in cost_rows(costs).iterrows():
        if "GPU-hours" in row["unit"]:
            gpu = row["unit"].split()[1]
            rows.append(
                CostRow(row["model"], "GPU-hours × your rate", row["value"] * dollars_per_gpu_hour,
                        f"{row['value']:.3f} M {gpu} hours")
            )  # fmt: skip
        else:
            rows.append(CostRow(row["model"], "published estimate", row["value"], row["source"]))
    return pd.DataFrame([r.__dict__ for r in rows])


API_KINDS = {"input (cache miss)": "input", "input": "input", "output": "output"}


def api_prices(prices: pd.DataFrame) -> pd.DataFrame:
    """List prices per 1M tokens for DeepSeek, OpenAI and Anthropic models (discount and low rows left out)."""
    rows = prices[
        prices["provider"].isin(["DeepSeek", "OpenAI", "Anthropic"])
        & prices["price_type"].isin(list(API_KINDS))
        & ~prices["source"].str.contains("discount")
        & (prices["confidence"] != "low")
    ]
    return rows.assign(kind=rows["price_type"].map(API_KINDS))[
        ["provider", "model", "kind", "value", "as_of", "source", "source_ref", "confidence", "verification"]
    ]


def price_ratio(prices: pd.DataFrame, expensive: str, cheap: str, kind: str) -> float:
    """How many times ``expensive``'s price is ``cheap``'s for one kind of token."""

    def price(model: str) -> float:
        return float(prices[(prices["model"].str.startswith(model)) & (prices["kind"] == kind)]["value"].iloc[0])

    return price(expensive) / price(cheap)
