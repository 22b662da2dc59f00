"""Logic behind the "Apple × Alibaba: the China AI story" explainer: data, calculations and chart builders."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
