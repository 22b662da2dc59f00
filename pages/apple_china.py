"""Chapter 1: how much ground Apple lost in China, to whom, when, and what it cost."""

from explainer.app.page import draw_chapter
from explainer.story.outline import APPLE_CHINA

draw_chapter(APPLE_CHINA)
