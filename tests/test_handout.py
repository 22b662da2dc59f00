"""The whole-story handout: every chapter's charts with their data and sources, rendered offline."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from playwright.sync_api import sync_playwright

from explainer.app import handout
from explainer.story.outline import STORY
from tests.browser import ARTIFACTS, CHROMIUM_FLAGS, chromium_path

# One server and one browser per module: keep these on one worker (see scripts/test.sh).
pytestmark = pytest.mark.xdist_group("browser")


class Parsed(HTMLParser):
    """Sections, chart specs and captions of a handout, read back from its HTML."""

    def __init__(self, document: str):
        super().__init__()
        self.sections: list[str] = []
        self.captions: list[str] = []
        self._in, self._text = None, []
        self.feed(document)
        self.specs = [json.loads(line.split(", ", 1)[1].rsplit(", {renderer", 1)[0])
                      for line in document.splitlines() if line.startswith("vegaEmbed(")]  # fmt: skip

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "figcaption"):
            self._in, self._text = tag, []

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == self._in:
            (self.sections if tag == "h1" else self.captions).append("".join(self._text))
            self._in = None


@pytest.fixture(scope="module")
def story() -> str:
    return handout.build("all", {"prices": ["offline"]})


def test_whole_story_has_every_chapter_with_charts_data_and_sources(story):
    parsed = Parsed(story)
    assert len(parsed.sections) == len(STORY)
    assert parsed.sections[1] == "Apple's China share loss"
    assert len(parsed.specs) == len(parsed.captions) >= 2 * len(STORY)
    for spec, caption in zip(parsed.specs, parsed.captions):
        assert caption.startswith("Source:")
        assert spec["usermeta"]["source"] == caption
        assert any(len(rows) > 0 for rows in spec["datasets"].values()), spec["usermeta"]["figure"]
    keys = {spec["usermeta"]["figure"] for spec in parsed.specs}
    assert {"timeline", "china_share", "event_window", "q25_scores", "us_capex", "rerating_path"} <= keys
    assert story.count("<h2>Takeaways</h2>") == len(STORY) - 1
    assert "Settings used" in story


def test_handout_renders_in_chromium_without_network(story):
    ARTIFACTS.mkdir(exist_ok=True)
    charts = len(Parsed(story).specs)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        context = browser.new_context(offline=True, viewport={"width": 1100, "height": 1400})
        page = context.new_page()
        requests, errors = [], []
        page.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.set_content(story, wait_until="load")
        page.wait_for_function(f"document.querySelectorAll('.chart svg.marks').length === {charts}", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "handout.png"))
        browser.close()
    assert requests == []
    assert errors == []


def test_settings_from_a_hostile_link_are_escaped():
    document = handout.build(["pages/capex_race.py"], {"usd_cny": ["7.3"], "junk": ["<script>alert(1)</script>"]})
    assert "alert(1)" not in document
    assert "7.3" in document


def test_page_handout_uses_the_links_settings_through_the_declarations():
    document = handout.build(["pages/rerating.py"], {"prices": ["offline"], "commerce_pe": ["12"], "cloud_ps": ["99"]})
    parsed = Parsed(document)
    assert parsed.sections == ["The re-rating"]
    assert "<tr><th>Commerce earnings multiple (×)</th><td>12.0</td></tr>" in document
    # A value the control cannot take is replaced by its default, as on the page.
    assert "<tr><th>Cloud revenue multiple (× sales) · your assumption</th><td>4.0</td></tr>" in document
