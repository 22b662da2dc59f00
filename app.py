"""Router: page config, the shared sidebar controls, and navigation over the story's pages."""

from pathlib import Path

import streamlit as st

from explainer import ui
from explainer.chapters import CHAPTERS, HOME

ICON = Path(__file__).parent / "assets" / "icon.png"  # a local file: a material icon would be fetched from a CDN

st.set_page_config(page_title="Apple × Alibaba: the China AI story", page_icon=str(ICON), layout="wide")

home = st.Page(HOME.path, title=HOME.title, icon=HOME.icon, default=True)
chapters = [st.Page(c.path, title=c.title, icon=c.icon) for c in CHAPTERS]
navigation = st.navigation({"Start": [home], "Chapters": chapters} if chapters else [home])

ui.price_mode_control()
navigation.run()
