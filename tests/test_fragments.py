"""Sections rerun on their own, a run of them at a time (an ``st.fragment`` each): a section that reads a
control another section shows must be in that section's run, or moving the control would leave it stale.
Checked for every chapter at the defaults and with each control, alone, at each of its edges (controls that
appear only after another setting included), from the declarations the page draws."""

from __future__ import annotations

import pytest

from explainer.app.page import plan_runs
from explainer.story.outline import STORY
from tests.controls import edges
from tests.test_specs import context_of


def owners_and_readers(chapter, context, overrides: dict) -> tuple[dict, dict, list]:
    """At these settings: which section shows each control, which controls each section reads, and every
    control shown."""
    chosen: dict = {}
    owner, reads, shown_all = {}, {}, []
    for section in chapter.sections:
        shown, chosen, read = section.settings_and_reads(
            context, lambda row: [overrides.get(c.key, c.default) for c in row], chosen
        )
        owner.update({control.key: section.key for control in shown if control.key not in owner})
        reads[section.key] = read
        shown_all += shown
    return owner, reads, shown_all


@pytest.mark.parametrize("chapter", STORY, ids=lambda c: c.path)
def test_every_section_reruns_with_the_section_showing_each_control_it_reads(chapter):
    context = context_of(chapter)
    plan = plan_runs(chapter.sections, context)
    run_of = {section.key: number for number, run in enumerate(plan.runs) for section in run}
    assert [s.key for run in plan.runs for s in run] == [s.key for s in chapter.sections]  # all, in order
    page_wide = {control.key for control in plan.page_wide}
    owner, reads, shown = owners_and_readers(chapter, context, {})
    settings = [{}] + [
        {control.key: tuple(edge.value) if isinstance(edge.value, list) else edge.value}
        for control in shown
        for edge in edges(control)
    ]
    checked = 0
    for overrides in settings:
        owner, reads, _ = owners_and_readers(chapter, context, overrides)
        for section, keys in reads.items():
            for key in keys:
                if key in page_wide:  # drawn above the sections: moving it reruns the whole page
                    continue
                assert run_of[owner[key]] == run_of[section], (
                    f"{section} reads {key}, which {owner[key]} shows, in another run ({overrides})"
                )
                checked += 1
    assert checked >= len(shown)


def test_a_control_read_by_the_sections_after_it_reruns_them_and_one_read_apart_is_page_wide():
    """The capex chapter's exchange rate is shown by *same frame* and read by the two sections right after
    it: the three rerun together. Microsoft's measure is read by the first and the third section, with one
    between that does not read it: it is drawn above the sections, so each of the others reruns alone."""
    chapter = next(c for c in STORY if c.path == "pages/capex_race.py")
    plan = plan_runs(chapter.sections, context_of(chapter))
    assert [[s.key for s in run] for run in plan.runs] == [
        ["us_wave"], ["guidance"], ["same_frame", "alibaba_quarters", "what_it_buys"], ["verdict"]
    ]
    assert [control.key for control in plan.page_wide] == ["msft_measure"]
    assert plan.interactive == (True, False, True, True)  # the guidance path has no control: never reruns alone
