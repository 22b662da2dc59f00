"""Chapter 5: what the market now pays for Alibaba's AI, and what the parts could be worth."""

from explainer.app.page import draw_chapter
from explainer.story.outline import RERATING

draw_chapter(RERATING)
