"""Accessible and readable on a projector, checked in Chromium on every page, in the light and the dark theme,
at 1280×720 (a meeting-room projector) and 1920×1080: axe-core's WCAG 2 A and AA rules, nothing cut off with
an ellipsis or wider than its frame, chart text (which axe does not read) against WCAG AA contrast, event
numbers that never overlap, and every control reachable and operable from the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from explainer.story.outline import STORY
from tests.browser import ARTIFACTS, ROOT, url_path, wait_for_app

pytestmark = pytest.mark.xdist_group("browser")

AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Streamlit's own page navigation: it draws its links as <li> elements in a <div>, with no list around them
# (axe: "list", "listitem"), markup the app cannot change. Everything else on the page is scanned.
NOT_SCANNED = ["[data-testid='stSidebarNav']"]
THEMES = ("light", "dark")
SIZES = ((1280, 720), (1920, 1080))
# Widgets a viewer operates; a keyed element holding one of these is a control the keyboard must reach.
WIDGETS = ("stSlider", "stButtonGroup", "stCheckbox", "stSelectbox", "stDateInput", "stNumberInput",
           "stMultiSelect", "stDownloadButton", "stButton", "stSelectSlider")  # fmt: skip

ALL_CHARTS_DRAWN_JS = """() => { const charts = [...document.querySelectorAll("[data-testid='stVegaLiteChart']")];
    return charts.length > 0 && charts.every(c => c.querySelector('svg.marks')); }"""

# What the eye checks on a projector, measured in the page: the findings as readable sentences.
READABILITY_JS = r"""() => {
  const rgb = c => { const m = c.match(/^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i);
    if (m) return m.slice(1).map(h => parseInt(h, 16));
    const n = c.match(/rgba?\(([^)]+)\)/); return n ? n[1].split(',').slice(0, 3).map(Number) : null; };
  const linear = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = rgb(getComputedStyle(document.querySelector("[data-testid='stApp']")).backgroundColor);
  const found = [];
  for (const e of document.querySelectorAll('body *')) {
    const s = getComputedStyle(e);
    if (s.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1 && e.innerText.trim())
      found.push(`cut off with an ellipsis: "${e.innerText.trim().slice(0, 60)}"`);
  }
  document.querySelectorAll("[data-testid='stVegaLiteChart']").forEach((chart, i) => {
    const name = `chart ${i + 1}`;
    if (chart.scrollWidth > chart.parentElement.clientWidth + 1)
      found.push(`${name} is ${chart.scrollWidth} px wide in a ${chart.parentElement.clientWidth} px frame`);
    for (const t of chart.querySelectorAll('svg text')) {
      const text = t.textContent.trim();
      if (!text) continue;
      if (text.includes('\u2026')) found.push(`${name}: text clipped with an ellipsis: "${text}"`);
      const fill = rgb(t.getAttribute('fill') || getComputedStyle(t).fill);
      if (!fill) continue;
      const size = parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize);
      const weight = t.getAttribute('font-weight') || getComputedStyle(t).fontWeight;
      const bold = weight === 'bold' || Number(weight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      const contrast = ratio(fill, background);
      if (contrast < needed)
        found.push(`${name}: "${text.slice(0, 40)}" has contrast ${contrast.toFixed(2)} (needs ${needed})`);
    }
    const numbers = [...chart.querySelectorAll("[aria-roledescription='event number']")]
      .map(t => t.tagName === 'text' ? t : t.querySelector('text')).filter(Boolean)
      .map(t => [t.textContent, t.getBoundingClientRect()]);
    numbers.forEach(([a, p], j) => numbers.slice(j + 1).forEach(([b, q]) => {
      if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom)
        found.push(`${name}: event numbers ${a} and ${b} overlap`);
    }));
  });
  return found;
}"""

AXE_JS = """async ([exclude, tags]) => {
  const result = await axe.run({exclude: exclude.map(s => [s])}, {runOnly: {type: 'tag', values: tags}});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .flatMap(v => v.nodes.map(n => `${v.id} (${v.impact}): ${n.failureSummary.split('\\n').slice(1).join(' ')} `
                                   + `at ${n.target.join(' ')} — ${n.html.slice(0, 100)}`)); }"""


def open_drawn(page, url: str) -> None:
    """Open a page and wait until the script is done and every chart has painted."""
    page.goto(url)
    wait_for_app(page)
    page.wait_for_function(ALL_CHARTS_DRAWN_JS, timeout=60_000)
    page.wait_for_timeout(300)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_passes_axe_and_nothing_is_cut_off_or_unreadable(server, browser, theme, size):
    assert AXE.exists(), f"{AXE} is missing: scripts/test.sh installs it (npm ci --prefix tests/a11y)"
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=theme)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    try:
        for chapter in STORY:
            open_drawn(page, f"{server}/{url_path(chapter)}?prices=offline")
            background = page.evaluate(
                "getComputedStyle(document.querySelector(\"[data-testid='stApp']\")).backgroundColor"
            )
            assert background == ("rgb(255, 255, 255)" if theme == "light" else "rgb(15, 18, 22)"), background
            page.add_script_tag(path=str(AXE))
            found = page.evaluate(AXE_JS, [NOT_SCANNED, AXE_TAGS]) + page.evaluate(READABILITY_JS)
            page.screenshot(path=str(ARTIFACTS / f"a11y-{url_path(chapter) or 'home'}-{theme}-{width}x{height}.png"))
            if found:
                problems[chapter.path] = found
    finally:
        context.close()
    assert not problems, "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())


CONTROL_KEYS_JS = """(widgets) => [...document.querySelectorAll("[class*='st-key-']")]
    .filter(e => widgets.some(w => e.querySelector(`[data-testid='${w}']`) || e.dataset.testid === w))
    .map(e => e.className.match(/st-key-(\\S+)/)[1])"""
FOCUSED_KEY_JS = """() => { const e = document.activeElement && document.activeElement.closest("[class*='st-key-']");
    return e ? e.className.match(/st-key-(\\S+)/)[1] : null; }"""


@pytest.mark.parametrize("chapter", STORY, ids=lambda c: url_path(c) or "home")
def test_every_control_is_reached_with_tab_and_a_slider_moves_with_the_arrow_keys(server, browser, chapter):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_drawn(page, f"{server}/{url_path(chapter)}?prices=offline")
        expected = set(page.evaluate(CONTROL_KEYS_JS, list(WIDGETS)))
        assert len(expected) >= 4, expected  # the sidebar alone has four (presenter, prices, reset, handout)
        reached: set[str] = set()
        for _ in range(60 + 12 * len(expected)):
            page.keyboard.press("Tab")
            key = page.evaluate(FOCUSED_KEY_JS)
            if key:
                reached.add(key)
            if expected <= reached:
                break
        assert expected <= reached, f"not reached with Tab: {sorted(expected - reached)}"
        thumb = page.locator("[data-testid='stSlider'] input[type='range']").first  # every chapter has a slider
        before = thumb.input_value()
        thumb.focus()
        page.keyboard.press("ArrowLeft" if before == thumb.get_attribute("max") else "ArrowRight")
        expect(thumb).not_to_have_value(re.compile(f"^{re.escape(before)}$"))
        wait_for_app(page)
    finally:
        context.close()
