"""The story as slides, built from the outline: a title slide per chapter with its question, then one slide
per finding (each figure, and each row of metrics, on a slide of its own), and a closing slide with every
chapter's takeaways. Speaker notes are what the section already says in small print: its caveat, its
notes (press-vs-source notes among them), warnings, and the figure's source line with its confidence labels.
No Streamlit here: the app draws these, and the deck download writes them to one HTML file."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from explainer.charts.figure import Figure
from explainer.story.outline import Chapter
from explainer.story.section import Metric, Result, Section

TITLE, METRICS, FIGURE, CLOSING = "title", "metrics", "figure", "closing"


@dataclass(frozen=True)
class Slide:
    """One screen: its kind, the chapter it belongs to, its headline, and what it shows."""

    kind: str
    chapter: str  # the chapter's navigation title
    headline: str
    section: str = ""
    figure: Figure | None = None
    metrics: tuple[Metric, ...] = ()
    takeaways: tuple[str, ...] = ()
    source: str = ""
    notes: tuple[str, ...] = ()
    closing: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (chapter heading, its takeaways) on the last slide


def _speaker_notes(section: Section, result: Result, source: str = "") -> tuple[str, ...]:
    found = [section.caveat, result.warning or "", result.notice or "", *result.notes, source]
    return tuple(dict.fromkeys(note for note in found if note))


def chapter_slides(chapter: Chapter, built: Sequence[tuple[Section, Result]]) -> list[Slide]:
    """A chapter's title slide, then each section's metric row and figures, one slide each; a section's
    takeaways go on its last slide."""
    slides = [Slide(TITLE, chapter.title, chapter.heading or chapter.title, takeaways=(chapter.question,))]
    for section, result in built:
        heading = section.heading or (slides[-1].section if len(slides) > 1 else chapter.heading)
        own: list[Slide] = []
        if result.metrics:
            # A metric row's source line is among its notes; the rest are fine print for the speaker.
            source = next((note for note in result.notes if note.startswith("Source")), "")
            own.append(Slide(METRICS, chapter.title, heading, heading, metrics=result.metrics, source=source,
                             notes=tuple(n for n in _speaker_notes(section, result) if n != source)))  # fmt: skip
        for figure in result.figures:
            own.append(Slide(FIGURE, chapter.title, figure.title, heading, figure=figure, source=figure.source,
                             notes=_speaker_notes(section, result, figure.source)))  # fmt: skip
        if own and result.takeaways:
            own[-1] = dataclasses.replace(own[-1], takeaways=tuple(result.takeaways))
        slides += own
    return slides


def deck(story: Sequence[tuple[Chapter, Sequence[tuple[Section, Result]]]]) -> list[Slide]:
    """Every chapter's slides in reading order, and a closing slide with each chapter's takeaways."""
    slides = [slide for chapter, built in story for slide in chapter_slides(chapter, built)]
    closing = tuple(
        (chapter.heading or chapter.title, tuple(t for _, result in built for t in result.takeaways))
        for chapter, built in story
    )
    slides.append(Slide(CLOSING, story[-1][0].title, "What the story adds up to", closing=closing))
    return slides


def clamp(requested: int, count: int) -> int:
    """The slide to open for a requested number (1-based): the nearest that exists."""
    return min(max(requested, 1), count)
