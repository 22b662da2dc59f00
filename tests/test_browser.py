"""Real-browser tests: what a person sees in Chromium when the app is started with `streamlit run`."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from explainer.story.outline import STORY
from tests.browser import ARTIFACTS, DRAWN_CHARTS_JS, drawn_charts, streamlit_server, url_path, wait_for_app

# One server and one browser per module: keep these on one worker (see scripts/test.sh).
pytestmark = pytest.mark.xdist_group("browser")
# Wait on what the page shows for up to 30 s (Playwright's default is 5 s): with both cores busy running the
# other tests, a chapter can take longer than that to draw, and a slow page is not a broken one.
expect.set_options(timeout=30_000)


PAGES = [(url_path(chapter), url_path(chapter) or "home") for chapter in STORY]


def is_external(url: str) -> bool:
    """Anything not served by the app itself: a meeting room without network must see the same page."""
    return not url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))


def is_failure(response) -> bool:
    """An error answer from the app, except Streamlit's own probes of /_stcore under a page's path."""
    probe = "/_stcore/health" in response.url or "/_stcore/host-config" in response.url
    return response.status >= 400 and not probe


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.mark.parametrize(("path", "name"), PAGES, ids=[name for _, name in PAGES])
def test_page_renders_without_exception_and_draws_its_charts(server, page, path, name):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: errors.append(f"external request {request.url}") if is_external(request.url) else None,
    )
    page.on(
        "response",
        lambda response: errors.append(f"{response.status} {response.url}") if is_failure(response) else None,
    )
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.goto(f"{server}/{path}")
    wait_for_app(page)
    page.wait_for_function(f"() => ({DRAWN_CHARTS_JS})() > 0", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    assert drawn_charts(page) >= 1
    expect(page.get_by_text("Prices: cached snapshot").first).to_be_visible()
    assert errors == []


def test_first_request_to_a_chapter_gets_the_router(browser):
    """A fresh server's first visitor arriving on a chapter link still gets the navigation and the price switch."""
    with streamlit_server() as fresh:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{fresh}/capex_race")
        wait_for_app(page)
        # The router reruns the page once (see ui.require_router): wait for what it draws, not for a moment.
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("The story")).to_have_count(1, timeout=30_000)
        expect(sidebar.get_by_text("5 · The re-rating")).to_have_count(1, timeout=30_000)
        expect(sidebar.get_by_text("offline")).to_have_count(1, timeout=30_000)
        expect(page.get_by_role("heading", name="The capex race")).to_have_count(1, timeout=30_000)
        page.close()


def test_presenter_mode_walks_the_chapters_in_order(server, page):
    """Each step waits for the page it asked for (its address and its own footer link), never for time."""
    page.goto(f"{server}/?present=true")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Apple × Alibaba: the China AI story")).to_be_visible()
    # Presenter mode's style sheet can arrive just after the heading: wait for what it hides to be hidden.
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stSlider")).not_to_have_count(0)
    expect(page.get_by_test_id("stSlider").first).to_be_hidden()
    for position, following in enumerate(STORY[1:], start=1):
        page.get_by_role("link", name=f"{following.title} →").click()
        page.wait_for_url(f"{server}/{url_path(following)}*")
        expect(page.get_by_role("link", name=f"← {STORY[position - 1].title}")).to_have_count(1)
        expect(page.get_by_text("(offline mode)").first).to_be_visible()
        wait_for_app(page)
    page.screenshot(path=str(ARTIFACTS / "presenter-last-chapter.png"))
    for position in reversed(range(len(STORY) - 1)):
        page.get_by_role("link", name=f"← {STORY[position].title}").click()
        page.wait_for_url(f"{server}/{url_path(STORY[position])}*")
        expect(page.get_by_role("link", name=f"{STORY[position + 1].title} →")).to_have_count(1)
        wait_for_app(page)
    expect(page.get_by_role("heading", name="Apple × Alibaba: the China AI story")).to_be_visible()


def test_the_status_line_a_viewer_reads_names_the_cache_and_its_date(server, page):
    """Provenance as it reaches the screen: offline mode, the home page's BABA and NVDA prices."""
    from tests.provenance import cache_last_day

    page.goto(f"{server}/?prices=offline")
    wait_for_app(page)
    as_of = max(cache_last_day("BABA"), cache_last_day("NVDA"))
    expect(page.get_by_text(f"Prices: cached snapshot, as of {as_of} (offline mode)", exact=True)).to_be_visible()
    source = page.get_by_text("Source: Yahoo Finance daily bars (via yfinance), cached snapshot, as of ")
    expect(source).to_contain_text(f"as of {as_of} (series end between ")


def test_a_charts_data_button_downloads_its_csv_with_the_source_line(server, browser):
    """The CSV is written on the click (it is not sent with every rerun): the chart's rows, then its source."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/deepseek_shock?prices=offline&after=20")
    wait_for_app(page)
    chart = page.locator("[data-testid='stVegaLiteChart'][aria-label^='Chart: Prices indexed to 100']")
    frame = page.get_by_test_id("stVerticalBlock").filter(has=chart).last  # the chart's own frame
    with page.expect_download(timeout=60_000) as download:
        frame.get_by_role("button", name="Data (CSV)").click()
    assert download.value.suggested_filename == "event_window.csv"
    lines = download.value.path().read_text(encoding="utf-8").splitlines()
    context.close()
    assert lines[0] == "date,symbol,name,day,index"
    assert len({line.split(",")[0] for line in lines[1:-1]}) > 20 + 5  # the window asked for in the link
    assert lines[-1].startswith('"# Source: Yahoo Finance')


def test_handout_button_downloads_a_self_contained_page(server, browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/capex_race?usd_cny=7.3")
    wait_for_app(page)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Handout of this page (HTML)").click()
    document = download.value.path().read_text(encoding="utf-8")
    context.close()
    assert document.startswith("<!doctype html>")
    assert "<h1>The capex race</h1>" in document
    assert "vegaEmbed(" in document
    assert "7.3" in document


def test_a_slider_redraws_its_chart_and_the_share_link_and_takeaways_follow(server, page):
    """Moving a slider redraws the chart it drives, and the frame's share link and the page's takeaways show
    the new setting (they must stay so when sections come to rerun on their own, see docs/performance.md)."""
    page.goto(f"{server}/capex_race?prices=offline")
    wait_for_app(page)
    expect(page.get_by_text("Best reception:")).to_have_count(1)
    slider = page.get_by_role("slider", name="Trading days after each guidance statement")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("against the Nasdaq over 4", exact=False).first).to_be_visible()  # the title (wrapped)
    page.get_by_test_id("stSidebar").get_by_text("Share this view").click()
    expect(page.get_by_test_id("stSidebar").get_by_text("verdict_after=4", exact=False)).to_have_count(1)
    rate = page.get_by_role("slider", name="USD/CNY rate for every conversion on this page (CNY per USD)")
    rate.focus()
    page.keyboard.press("End")  # 7.6 CNY per USD: the rate is read by three sections and one takeaway
    expect(page.get_by_text("at 7.6000:", exact=False)).to_have_count(1)
    expect(page.get_by_test_id("stSidebar").get_by_text("usd_cny=7.6", exact=False)).to_have_count(1)


@pytest.mark.parametrize(("path", "name"), PAGES, ids=[name for _, name in PAGES])
def test_every_chart_is_described_for_a_screen_reader(server, page, path, name):
    """Each chart carries what it shows and its finding as its accessible name (role graphics-document)."""
    page.goto(f"{server}/{path}?prices=offline")
    wait_for_app(page)
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts.first).to_be_visible()
    labels = page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].map(chart =>
              (chart.closest('[aria-label]') || chart.querySelector('[aria-label][role=graphics-document]'))
              ?.getAttribute('aria-label') || '')"""
    )
    assert labels
    assert all(label.startswith("Chart: ") and "Finding: " in label for label in labels), labels
