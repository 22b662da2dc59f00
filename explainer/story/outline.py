"""The outline: the story's pages in reading order, each with its sections in reading order.

The router, the chapter links, presenter previous/next, the handout, the browser tests and slides read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.story.section import Section
from explainer.story.sections import apple_china, capex_race, deepseek_shock, home, qwen_benchmarks, rerating


@dataclass(frozen=True)
class Chapter:
    """One page: where it lives, its navigation title and question, and (once written as sections) its
    heading, lead, the tables and tickers it reads and its sections."""

    path: str
    title: str
    icon: str
    question: str
    heading: str = ""
    lead: str = ""
    tables: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    requires: tuple[str, ...] = ()  # tickers without whose prices the chapter cannot be drawn at all
    requires_note: str = ""


HOME = Chapter(
    "pages/home.py",
    "The story",
    ":material/home:",
    "How did AI put Alibaba inside Apple's China plan?",
    heading="Apple × Alibaba: the China AI story",
    lead="Apple lost its lead in China's smartphone market as Huawei came back and Apple Intelligence could not "
    "launch there without a local AI partner. "
    "In January 2025 DeepSeek showed that Chinese labs could build frontier-class models cheaply, the market "
    "repriced AI overnight, and Alibaba's Qwen emerged as the partner Apple chose. "
    "Alibaba is now spending like a hyperscaler, and investors have started to pay for its AI: "
    "this explainer shows how far each step went, with every number sourced.",
    tables=home.TABLES,
    tickers=home.TICKERS,
    sections=home.SECTIONS,
)
APPLE_CHINA = Chapter(
    "pages/apple_china.py",
    "1 · Apple's China share loss",
    ":material/smartphone:",
    "How much ground did Apple lose in China, to whom, and what did it cost?",
    heading="Apple's China share loss",
    lead="**How much ground did Apple lose in China, to whom, when, and what did it cost? And why, needing a local "
    "AI partner, did Apple choose Alibaba?**",
    tables=apple_china.TABLES,
    tickers=apple_china.TICKERS,
    sections=apple_china.SECTIONS,
)
DEEPSEEK_SHOCK = Chapter(
    "pages/deepseek_shock.py",
    "2 · The DeepSeek shock",
    ":material/bolt:",
    "What did a reported $5.6 M training run do to the market, and does the $5.6 M compare?",
    heading="The DeepSeek shock",
    lead="**What did a reported $5.6 M training run do to the market, who lost, who gained, and is the $5.6 M "
    "comparable to anything?**",
    tables=deepseek_shock.TABLES,
    tickers=deepseek_shock.TICKERS,
    sections=deepseek_shock.SECTIONS,
)
QWEN_BENCHMARKS = Chapter(
    "pages/qwen_benchmarks.py",
    "3 · Qwen benchmarks",
    ":material/leaderboard:",
    "Is Alibaba's Qwen really frontier-class, by whose measure, and how fast is it being adopted?",
    heading="Qwen against the field",
    lead="**Is Alibaba's Qwen really frontier-class, by whose measure, and how fast is it being adopted?** "
    "Benchmark tables are published by the model makers themselves: each is read here as *vendor-reported*, "
    "and no two vendors' tables are ever mixed into one series.",
    tables=qwen_benchmarks.TABLES,
    tickers=qwen_benchmarks.TICKERS,
    sections=qwen_benchmarks.SECTIONS,
)
CAPEX_RACE = Chapter(
    "pages/capex_race.py",
    "4 · The capex race",
    ":material/factory:",
    "How does Alibaba's AI spending compare with the US giants', and what does each get back for it?",
    heading="The capex race",
    lead="**How does Alibaba's AI spending compare with the US giants', and what does each get back for it?** "
    "Everything is in US dollars billions; each company's own definition of capex is kept and named.",
    tables=capex_race.TABLES,
    tickers=capex_race.TICKERS,
    sections=capex_race.SECTIONS,
)
RERATING = Chapter(
    "pages/rerating.py",
    "5 · The re-rating",
    ":material/trending_up:",
    "What does the market now pay for Alibaba's AI, and what could the parts be worth?",
    heading="The re-rating",
    lead="**Alibaba was priced like a ~10× earnings e-commerce company with cloud and AI valued near zero. How far "
    "has the re-rating gone, and what would the parts be worth under assumptions you can change?**",
    tables=rerating.TABLES,
    tickers=rerating.TICKERS,
    sections=rerating.SECTIONS,
    requires=("BABA",),
    requires_note="Alibaba's ADS prices are unavailable, so this chapter cannot be drawn.",
)
CHAPTERS: list[Chapter] = [APPLE_CHINA, DEEPSEEK_SHOCK, QWEN_BENCHMARKS, CAPEX_RACE, RERATING]
STORY = [HOME, *CHAPTERS]
