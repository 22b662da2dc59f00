"""Chapter 2: what a reported $5.6 M training run did to the market, and whether the $5.6 M compares."""

from explainer.app.page import draw_chapter
from explainer.story.outline import DEEPSEEK_SHOCK

draw_chapter(DEEPSEEK_SHOCK)
