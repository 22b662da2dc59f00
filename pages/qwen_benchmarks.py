"""Chapter 3: is Alibaba's Qwen really frontier-class, by whose measure, and how fast is it being adopted?"""

from explainer.app.page import draw_chapter
from explainer.story.outline import QWEN_BENCHMARKS

draw_chapter(QWEN_BENCHMARKS)
