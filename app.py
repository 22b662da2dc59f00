"""Router: page config, the shared sidebar controls, navigation, and the frame around every page
(notices for unusable link settings, the share link, presenter mode, previous/next chapter links)."""

from pathlib import Path

import streamlit as st

from explainer.app import controls, presenting, slides, ui
from explainer.story.outline import CHAPTERS, HOME

ICON = Path(__file__).parent / "assets" / "icon.png"  # a local file: a material icon would be fetched from a CDN

st.set_page_config(page_title="Apple × Alibaba: the China AI story", page_icon=str(ICON), layout="wide")

home = st.Page(HOME.path, title=HOME.title, icon=HOME.icon, default=True)
chapters = [st.Page(c.path, title=c.title, icon=c.icon) for c in CHAPTERS]
if slides.requested():  # ?present=slides: the whole story as slides, no page and no sidebar
    st.navigation([home, *chapters], position="hidden")
    slides.draw()
    st.stop()
navigation = st.navigation({"Start": [home], "Chapters": chapters} if chapters else [home])

snapshot = presenting.LinkSnapshot.take(navigation.title)
presenter = presenting.presenter_switch()
price_mode = ui.price_mode_control(default="offline" if presenting.presenting() else "auto")
controls.remember(controls.FRAME, {presenter.key: presenter, price_mode.key: price_mode})
controls.reset_button(st.sidebar, navigation.title)
slides.start_button(st.sidebar)
share_slot = st.sidebar.container()
presenting.share_box_at(navigation.url_path, share_slot.empty())  # sections redraw the link there
notice_slot = st.container()
presenting.presenter_styles()

navigation.run()

if snapshot.first_visit:
    presenting.show_ignored(presenting.ignored_settings(snapshot, controls.declared(navigation.title)), notice_slot)
presenting.refresh_share_box()
presenting.handout_button(share_slot, navigation.title)
presenting.chapter_footer(navigation.title)
