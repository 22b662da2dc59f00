"""The floor: a trivial Streamlit page (one slider, one small chart) measured in the same run as the app."""

import altair as alt
import pandas as pd
import streamlit as st

points = st.slider("Points", 10, 100, 50, key="points")
frame = pd.DataFrame({"x": range(points), "y": [i * i for i in range(points)]})
st.altair_chart(alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q"), key="floor_chart")
