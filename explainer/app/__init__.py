"""App layer: the Streamlit side (page frame, controls drawn from their declarations, presenting, handouts)."""
