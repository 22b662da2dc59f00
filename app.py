"""Router: page config, the shared sidebar controls, and navigation over the story's pages."""

import streamlit as st

from explainer import ui
from explainer.chapters import CHAPTERS, HOME

st.set_page_config(page_title="Apple × Alibaba: the China AI story", page_icon=":material/insights:", layout="wide")

home = st.Page(HOME.path, title=HOME.title, icon=HOME.icon, default=True)
chapters = [st.Page(c.path, title=c.title, icon=c.icon) for c in CHAPTERS]
navigation = st.navigation({"Start": [home], "Chapters": chapters} if chapters else [home])

ui.price_mode_control()
navigation.run()
