"""No secrets read or shipped, and HTML is only ever built from the project's own constants."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "explainer").rglob("*.py"))]


def calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def test_no_secrets_are_read_or_committed():
    for path in APP_FILES:
        assert "secrets" not in path.read_text(), f"{path.name} reads st.secrets"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "secrets.toml" not in tracked
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text()


def test_html_comes_only_from_module_constants():
    html_calls = 0
    for path in APP_FILES:
        tree = ast.parse(path.read_text())
        for call in calls(tree):
            for keyword in call.keywords:
                assert not (keyword.arg == "unsafe_allow_html" and getattr(keyword.value, "value", False)), path.name
                assert not (keyword.arg == "unsafe_allow_javascript" and getattr(keyword.value, "value", False))
            if isinstance(call.func, ast.Attribute) and call.func.attr == "html":
                html_calls += 1
                (argument,) = call.args
                assert isinstance(argument, ast.Name), f"{path.name}: st.html takes a named constant"
                assert argument.id.isupper(), f"{path.name}: st.html({argument.id}) is not a constant"
    assert html_calls >= 1  # the presenter stylesheet
