"""Property-based hostile input: any URL query on any page leaves it running, with nothing echoed as HTML."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.apptest import all_text, run_app, widget_value
from tests.test_links import LINKS

MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "' OR 1=1 --"]
values = st.one_of(
    st.text(max_size=80),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(MARKUP),
    st.text(alphabet="9x-", min_size=2000, max_size=4000),
    st.lists(st.one_of(st.text(max_size=20), st.sampled_from(MARKUP)), min_size=1, max_size=4),
)


def queries(page: str):
    keys = st.one_of(st.sampled_from([*LINKS[page], "prices", "present"]), st.text(min_size=1, max_size=60))
    return st.dictionaries(keys, values, max_size=6)


@pytest.mark.parametrize("page", list(LINKS))
def test_any_query_leaves_the_page_running_and_echoes_nothing(page):
    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(query=queries(page))
    def check(query):
        at = run_app(page, query=query)
        assert not at.exception
        shown = all_text(at)
        for markup in ("<script", "onerror", "javascript:"):
            assert markup not in shown
        assert widget_value(at, "prices") in ("auto", "offline")

    check()
