"""Slide mode: the story one finding per screen. AppTest opens every slide by its number; the browser steps
with the keyboard, checks that no slide scrolls at 1280×720 or 1920×1080 (a screenshot of each is saved),
and opens the downloaded deck offline."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from explainer.app import handout
from explainer.app import slides as slide_mode
from explainer.story import slides
from explainer.story.outline import STORY
from tests.apptest import charts, figure_key, run_app
from tests.browser import ARTIFACTS, wait_for_app

OFFLINE = {"present": "slides", "prices": "offline"}


@pytest.fixture(scope="module")
def deck() -> list[slides.Slide]:
    """The deck at the defaults, built straight from the outline (what the app should show)."""
    story = [(c, [(s, r) for s, _, _, r in handout.linked_results(c, {"prices": ["offline"]})[1]]) for c in STORY]
    return slides.deck(story)


def open_slide(number: int | str):
    at = run_app(None, {**OFFLINE, "slide": str(number)})
    assert not at.exception
    return at


def test_every_slide_shows_its_headline_and_at_most_one_chart_and_every_figure_is_on_exactly_one(deck):
    shown: Counter[str] = Counter()
    for number, expected in enumerate(deck, start=1):
        at = open_slide(number)
        assert at.title[0].value == expected.headline, number
        drawn = charts(at)
        assert len(drawn) <= 1, number
        shown.update(figure_key(c) for c in drawn)
        assert at.query_params["slide"] == str(number)
    every_figure = Counter(s.figure.key for s in deck if s.figure is not None)
    assert shown == every_figure
    assert all(count == 1 for count in shown.values())
    story_figures = sum(len(r.figures) for c in STORY for _, _, _, r in handout.linked_results(c, {})[1])
    assert sum(shown.values()) == story_figures
    kinds = Counter(s.kind for s in deck)
    assert kinds[slides.TITLE] == len(STORY)
    assert kinds[slides.CLOSING] == 1


def test_next_and_previous_move_by_one_and_the_address_follows(deck):
    at = open_slide(5)
    at.button(key="_slide_next").click().run()
    assert at.query_params["slide"] == "6"
    assert at.title[0].value == deck[5].headline
    at.button(key="_slide_previous").click().run()
    at.button(key="_slide_previous").click().run()
    assert at.query_params["slide"] == "4"
    assert at.title[0].value == deck[3].headline
    at.button(key="_slide_last").click().run()
    assert at.query_params["slide"] == str(len(deck))
    assert at.button(key="_slide_next").disabled


@pytest.mark.parametrize(("asked", "opened"), [("999", "last"), ("0", "1"), ("-3", "1"), ("abc", "1")])
def test_a_slide_number_out_of_range_opens_the_nearest_slide_with_a_notice(deck, asked, opened):
    at = open_slide(asked)
    expected = len(deck) if opened == "last" else int(opened)
    assert at.query_params["slide"] == str(expected)
    assert at.title[0].value == deck[expected - 1].headline
    assert any(f"There is no slide '{asked}'" in toast.value for toast in at.toast)


def test_speaker_notes_carry_the_section_s_fine_print(deck):
    arena = next(n for n, s in enumerate(deck, start=1) if s.figure is not None and s.figure.key == "arena")
    at = run_app(None, {**OFFLINE, "slide": str(arena), "notes": "true"})
    notes = " ".join(c.value for c in at.caption)
    assert "Speaker notes" in notes
    assert "#8 in list order" in notes  # the press said seventh: the note says why
    without = " ".join(c.value for c in open_slide(arena).caption)
    assert "Speaker notes" not in without


def test_the_deck_file_holds_every_slide_and_no_network_address():
    link = (("prices", ("offline",)),)
    document = slide_mode.deck_html(link)
    assert document.count("<section>") == len(slides.deck(slide_mode._story(link)))
    assert "http://" not in document.split("<script>", 1)[0]
    assert 'src="http' not in document


# ---------------------------------------------------------------------------------------------- browser
@pytest.mark.xdist_group("browser")
def test_arrow_keys_step_the_slides_and_no_slide_scrolls(server, browser, deck):
    folder = ARTIFACTS / "slides"
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 720), (1920, 1080)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            page.goto(f"{server}/?present=slides&prices=offline&slide=1")
            wait_for_app(page)
            scrolling = []
            for number in range(1, len(deck) + 1):
                expect(page.get_by_role("heading", level=1).first).to_have_text(deck[number - 1].headline)
                if deck[number - 1].figure is not None:
                    page.wait_for_selector("[data-testid='stVegaLiteChart'] svg.marks")
                page.wait_for_timeout(150)
                size = page.evaluate(
                    "() => { const m = document.querySelector(\"[data-testid='stMain']\");"
                    " return [m.scrollHeight, m.clientHeight]; }"
                )
                if size[0] > size[1] + 1:
                    scrolling.append((number, size))
                page.screenshot(path=str(folder / f"{width}x{height}-{number:02d}.png"))
                if number < len(deck):
                    page.keyboard.press("ArrowRight")
                    page.wait_for_url(f"**slide={number + 1}*")
                    wait_for_app(page)
            assert not scrolling, f"slides taller than the {width}x{height} screen: {scrolling}"
            page.keyboard.press("ArrowLeft")
            page.wait_for_url(f"**slide={len(deck) - 1}*")
            wait_for_app(page)
            expect(page.get_by_role("heading", level=1).first).to_have_text(deck[-2].headline)
        finally:
            context.close()


@pytest.mark.xdist_group("browser")
def test_the_downloaded_deck_steps_with_the_arrow_keys_offline(browser, tmp_path):
    path = tmp_path / "deck.html"
    path.write_text(slide_mode.deck_html((("prices", ("offline",)),)))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(path.as_uri())
        shown = "() => [...document.querySelectorAll('section')].findIndex(s => s.classList.contains('shown'))"
        assert page.evaluate(shown) == 0
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert page.evaluate(shown) == 2
        page.keyboard.press("ArrowLeft")
        assert page.evaluate(shown) == 1
        page.keyboard.press("End")
        assert page.evaluate(shown) == page.evaluate("document.querySelectorAll('section').length") - 1
        page.wait_for_selector("section.shown")
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:", "about:"))] == []


def test_a_link_setting_no_slide_can_use_is_named_and_the_slides_show_their_defaults(deck):
    at = run_app(None, {**OFFLINE, "slide": "1", "usd_cny": "lots", "nonsense": "1"})
    assert not at.exception
    notice = " ".join(i.value for i in at.info)
    assert "could not use" in notice
    assert "`usd_cny`" in notice
    assert "`nonsense`" in notice
    assert at.title[0].value == deck[0].headline


def test_the_slides_use_the_settings_in_the_address(deck):
    """A view prepared in the pages (here the capex chapter's USD/CNY rate) is the view the slide shows."""
    number = next(n for n, s in enumerate(deck, start=1) if s.figure is not None and s.figure.key == "same_frame")
    default = open_slide(number).title[0].value
    at = run_app(None, {**OFFLINE, "slide": str(number), "usd_cny": "7.6"})
    prepared = at.title[0].value
    assert default == deck[number - 1].headline
    assert prepared != default
    plan = float(re.search(r"\$([\d.]+) bn a year", default).group(1))
    assert float(re.search(r"\$([\d.]+) bn a year", prepared).group(1)) == pytest.approx(plan * 7.1190 / 7.6, abs=0.06)


def test_go_live_on_the_last_slide_switches_this_session_to_live_prices(deck):
    at = open_slide(len(deck))
    at.button(key="_slides_live").click().run()
    assert not at.exception
    assert at.session_state["prices"] == "auto"
    assert not [b for b in at.button if b.key == "_slides_live"]  # now live: nothing to switch on


@pytest.mark.parametrize("asked", ["garbage", "auto,offline", ""])
def test_slides_start_from_the_cache_when_the_link_s_price_mode_is_unreadable(offline_yahoo, asked):
    at = run_app(None, {"present": "slides", "slide": "3", "prices": asked})
    assert not at.exception
    assert "cached snapshot" in " ".join(c.value for c in at.caption)
    assert offline_yahoo.calls == []  # no live attempt: the slides did not fall into auto mode
