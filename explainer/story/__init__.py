"""Story layer: the chapter computations, the sections and the outline. Plain functions of plain values and
tables; nothing here imports Streamlit."""
