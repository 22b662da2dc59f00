"""Home: the thesis, the headline numbers, and the story's timeline over Alibaba's share price; then the
chapters, and the whole story as one handout."""

import streamlit as st

from explainer.app import presenting
from explainer.app.page import draw_chapter
from explainer.story.outline import CHAPTERS, HOME

draw_chapter(HOME)

st.header("The chapters")
presenting.handout_button(st, HOME.title, whole_story=True)
for chapter in CHAPTERS:
    st.page_link(chapter.path, label=f"**{chapter.title}**: {chapter.question}", icon=chapter.icon)
