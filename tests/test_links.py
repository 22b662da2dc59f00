"""Links reopen the same view; settings a link cannot use are ignored with a notice, never echoed."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.apptest import all_text, run_app, widget_value

D = dt.date
# For each page: a link with a non-default value for every control, and the values the controls must show.
LINKS = {
    "pages/home.py": {"period": (["2025-01-02", "2025-06-30"], (D(2025, 1, 2), D(2025, 6, 30)))},
    "pages/apple_china.py": {
        "share_view": ("quarterly", "quarterly"),
        "share_years": (["2021", "2024"], (2021, 2024)),
        "tracker": ("Counterpoint", "Counterpoint"),
        "revenue_view": ("trailing four quarters", "trailing four quarters"),
        "price_window": (["2025-01-02", "2025-12-31"], (D(2025, 1, 2), D(2025, 12, 31))),
        "winback": ("1.5", 1.5),
        "carried": ("60", 60),
    },
    "pages/deepseek_shock.py": {
        "groups": (["Apple", "China AI"], ["Apple", "China AI"]),
        "event_date": ("2025-04-03", D(2025, 4, 3)),
        "before": ("3", 3),
        "after": ("20", 20),
        "benchmark": ("Hang Seng", "Hang Seng"),
        "divergence_end": ("2025-06-30", D(2025, 6, 30)),
        "gpu_rate": ("3.5", 3.5),
        "cost_log": ("true", True),
    },
    "pages/qwen_benchmarks.py": {
        "q25_kind": ("base", "base"),
        "q25_base_models": (["Qwen2.5-Max (base)", "DeepSeek-V3-Base"], ["Qwen2.5-Max (base)", "DeepSeek-V3-Base"]),
        "q25_base_benchmarks": (["MMLU", "BBH"], ["MMLU", "BBH"]),
        "q25_measure": ("gap to best", "gap to best"),
        "q25_unverified": ("true", True),
        "harness_kind": ("base", "base"),
        "arena_snapshot": ("2025-05-05", "2025-05-05"),
        "q3_models": (["Qwen3-235B-A22B", "DeepSeek-R1"], ["Qwen3-235B-A22B", "DeepSeek-R1"]),
        "q3_benchmarks": (["ArenaHard"], ["ArenaHard"]),
        "q3_measure": ("gap to best", "gap to best"),
        "launch": ("Qwen3", "Qwen3"),
        "launch_before": ("4", 4),
        "launch_after": ("12", 12),
        "launch_benchmark": ("S&P 500", "S&P 500"),
    },
    "pages/capex_race.py": {
        "capex_layout": ("stacked", "stacked"),
        "msft_measure": ("cash additions", "cash additions"),
        "capex_years": (["2023", "2025"], (2023, 2025)),
        "usd_cny": ("7.25", 7.25),
        "verdict_after": ("7", 7),
    },
    "pages/rerating.py": {
        "rerating_start": ("2025-06-02", D(2025, 6, 2)),
        "swing_from": ("2025-02-03", D(2025, 2, 3)),
        "swing_to": ("2025-09-30", D(2025, 9, 30)),
        "commerce_pe": ("12.5", 12.5),
        "cloud_ps": ("6", 6.0),
        "cloud_run_rate": ("25", 25.0),
        "commerce_earnings": ("20", 20.0),
        "hkd_per_usd": ("7.77", 7.77),
    },
}
FRAME = {"prices": ("offline", "offline")}
SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>"
LONG = "9" * 5000


@pytest.mark.parametrize("page", list(LINKS))
def test_a_link_reproduces_every_control(page):
    settings = {**LINKS[page], **FRAME}
    at = run_app(page, query={key: url for key, (url, _) in settings.items()})
    assert not at.exception
    for key, (_, expected) in settings.items():
        value = widget_value(at, key)
        assert value == (pytest.approx(expected) if isinstance(expected, float) else expected), key
    assert not any("could not use" in i.value for i in at.info)


_DEFAULTS: dict[str, dict] = {}


def page_defaults(page: str) -> dict:
    """The values a page's controls show when opened without settings (computed once per page)."""
    if page not in _DEFAULTS:
        _DEFAULTS[page] = values_shown(run_app(page), LINKS[page])
    return _DEFAULTS[page]


def values_shown(at, keys) -> dict:
    """Values of the controls among ``keys`` that the page shows (some appear only in another mode)."""
    shown = {}
    for key in keys:
        try:
            shown[key] = widget_value(at, key)
        except KeyError:
            continue
    return shown


def garbage_for(value) -> list[str]:
    """Values of the wrong type, out of range, very long, and HTML/script text, for one control."""
    return ["not-a-value", "-99999", LONG, SCRIPT] if not isinstance(value, list) else [SCRIPT, LONG]


@pytest.mark.parametrize("page", list(LINKS))
@pytest.mark.parametrize("kind", range(4), ids=["wrong-type", "out-of-range", "very-long", "html-script"])
def test_garbage_falls_back_to_defaults_with_a_notice(page, kind):
    default_values = page_defaults(page)
    query = {}
    for key, (url, _) in LINKS[page].items():
        options = garbage_for(url)
        query[key] = options[kind % len(options)]
    query["no_such_setting"] = SCRIPT
    query["x" * 300] = "1"
    at = run_app(page, query=query)
    assert not at.exception
    for key, default in default_values.items():
        assert widget_value(at, key) == default, key
    notices = [i.value for i in at.info if "could not use" in i.value]
    assert len(notices) == 1
    assert "an unrecognised setting" in notices[0]
    shown = all_text(at)
    assert "<script" not in shown
    assert "onerror" not in shown
    assert LONG not in shown


def test_presenter_mode_from_the_url_starts_offline_and_adds_chapter_links(offline_yahoo):
    at = run_app("pages/deepseek_shock.py", query={"present": "true"})
    assert not at.exception
    assert widget_value(at, "prices") == "offline"
    assert offline_yahoo.calls == []
    links = [link.label for link in at.get("page_link")]
    assert "← 1 · Apple's China share loss" in links
    assert "3 · Qwen benchmarks →" in links
    at.button(key="_go_live").click().run()
    assert widget_value(at, "prices") == "auto"
    at.button(key="_leave_presenter").click().run()
    assert widget_value(at, "present") is False


def test_switching_presenter_mode_on_goes_offline():
    at = run_app()
    at.toggle(key="present").set_value(True).run()
    assert widget_value(at, "prices") == "offline"


@pytest.mark.parametrize("page", list(LINKS))
def test_reset_puts_every_control_back_to_its_default(page):
    default_values = page_defaults(page)
    at = run_app(page, query={key: url for key, (url, _) in LINKS[page].items()})
    at.button(key="_reset_page").click().run()
    assert not at.exception
    for key, default in default_values.items():
        assert widget_value(at, key) == default, key


def test_share_box_holds_a_link_with_the_current_settings():
    at = run_app("pages/capex_race.py", query={"usd_cny": "7.25"})
    (link,) = [c.value for c in at.code]
    assert link.endswith("/capex_race?usd_cny=7.25")
