"""The package shows its layers: imports point only downwards, the story never loads Streamlit, pages only
compose, and the one private-API workaround stays in its one function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explainer"
# What each layer may import from the package (besides itself and the package root).
ALLOWED = {"data": set(), "charts": set(), "story": {"charts", "data"}, "app": {"story", "charts", "data"}}


def imports(path: Path) -> list[str]:
    """The package modules a file imports at run time (imports for type checking only are left out)."""
    tree = ast.parse(path.read_text())
    checking_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in checking_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("explainer"):
            found += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("explainer")]
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_only_point_downwards(layer):
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imports(path):
            parts = name.split(".")
            target = parts[1] if len(parts) > 1 else ""
            if target in ALLOWED and target != layer:
                assert target in ALLOWED[layer], f"{path.relative_to(ROOT)} imports {name}"


def test_the_story_layer_never_loads_streamlit():
    code = "import sys, explainer.story.outline; print('streamlit' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_only_compose(page):
    text = page.read_text()
    assert len(text.splitlines()) < 150
    assert "pandas" not in text
    assert "import altair" not in text


def test_no_private_streamlit_api_outside_the_one_workaround():
    allowed = {("explainer/app/ui.py", "streamlit.runtime.pages_manager")}
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted(PACKAGE.rglob("*.py"))]:
        text = path.read_text()
        for private in ("streamlit.testing", "get_session_state", "streamlit.runtime", "._state"):
            where = (str(path.relative_to(ROOT)), private)
            if private in text and not any(where[0] == a and private in b for a, b in allowed):
                pytest.fail(f"{where[0]} uses {private}")
