"""Chapter 4: how Alibaba's AI spending compares with the US giants', and what each gets back for it."""

from explainer.app.page import draw_chapter
from explainer.story.outline import CAPEX_RACE

draw_chapter(CAPEX_RACE)
