"""The story's pages in reading order: the router, the home page's links and the chapter links use this list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    path: str
    title: str
    icon: str
    question: str


HOME = Chapter("pages/home.py", "The story", ":material/home:", "How did AI put Alibaba inside Apple's China plan?")
CHAPTERS: list[Chapter] = [
    Chapter(
        "pages/apple_china.py",
        "1 · Apple's China share loss",
        ":material/smartphone:",
        "How much ground did Apple lose in China, to whom, and what did it cost?",
    ),
    Chapter(
        "pages/deepseek_shock.py",
        "2 · The DeepSeek shock",
        ":material/bolt:",
        "What did a reported $5.6 M training run do to the market, and does the $5.6 M compare?",
    ),
    Chapter(
        "pages/qwen_benchmarks.py",
        "3 · Qwen benchmarks",
        ":material/leaderboard:",
        "Is Alibaba's Qwen really frontier-class, by whose measure, and how fast is it being adopted?",
    ),
    Chapter(
        "pages/capex_race.py",
        "4 · The capex race",
        ":material/factory:",
        "How does Alibaba's AI spending compare with the US giants', and what does each get back for it?",
    ),
    Chapter(
        "pages/rerating.py",
        "5 · The re-rating",
        ":material/trending_up:",
        "What does the market now pay for Alibaba's AI, and what could the parts be worth?",
    ),
]
STORY = [HOME, *CHAPTERS]
