"""Red-flag rules: the shipped data, the highest-level-wins result, validation and the session gate."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_back import paths
from tui_back.data_files import builtin_rules, load_rules
from tui_back.domain.records import SymptomCheck
from tui_back.domain.triage import (
    EMERGENCY,
    NONE,
    RECENT_DAYS,
    SAME_DAY,
    SOON,
    gate_decision,
    parse_rules,
    rank,
)
from tui_back.domain.validation import DataError

RULES = builtin_rules()
EXPECTED = (
    {f"E{n}": EMERGENCY for n in range(1, 10)}
    | {f"U{n}": SAME_DAY for n in range(1, 10)}
    | {f"S{n}": SOON for n in range(1, 9)}
)
TODAY = date(2026, 11, 22)


def check(day: date, level: str, items: tuple[str, ...] = (), kind: str = "full", hour: int = 9) -> SymptomCheck:
    at = datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)
    return SymptomCheck(local_date=day, at_utc=at, items=items, level=level, kind=kind)


# -- the shipped rules ------------------------------------------------------------------------


def test_every_item_of_the_clinical_table_is_present_at_its_level():
    assert {flag.id: flag.level for flag in RULES.items} == EXPECTED


def test_every_item_has_wording_a_short_label_and_full_source_names():
    for flag in RULES.items:
        assert len(flag.text) > 20 and flag.short, flag.id
        assert flag.sources and all(len(name) > 15 for name in flag.sources), flag.id


def test_each_level_has_advice_with_sources():
    for level in (NONE, SOON, SAME_DAY, EMERGENCY):
        text = RULES.levels[level]
        assert text.headline and text.advice and text.sources, level


def test_advice_says_what_to_do_in_region_neutral_words():
    emergency = RULES.levels[EMERGENCY]
    assert "EMERGENCY" in emergency.headline
    assert "local emergency number" in emergency.advice and "emergency department" in emergency.advice
    assert "999" not in emergency.advice and "911" not in emergency.advice
    assert "doctor today" in RULES.levels[SAME_DAY].advice and "No exercise" in RULES.levels[SAME_DAY].advice
    assert "Gentle routine only" in RULES.levels[SOON].advice
    assert "with care" in RULES.levels[NONE].advice and "spreads" in RULES.levels[NONE].advice


def test_no_rule_text_promises_the_pain_will_go_away():
    texts = [f.text for f in RULES.items] + [t.advice for t in RULES.levels.values()]
    assert not any("will go away" in text.lower() or "cure" in text.lower() for text in texts)


def test_checklist_groups_put_emergency_items_first():
    groups = RULES.groups()
    assert [text.level for text, _ in groups] == [EMERGENCY, SAME_DAY, SOON]
    assert [flag.id for flag in groups[0][1]] == [f"E{n}" for n in range(1, 10)]
    assert all(text.heading for text, _ in groups)
    assert [f.id for f in RULES.emergency_items] == [f"E{n}" for n in range(1, 10)]


# -- assessing --------------------------------------------------------------------------------


@pytest.mark.parametrize("item_id", sorted(EXPECTED))
def test_each_item_alone_gives_its_level(item_id):
    result = RULES.assess([item_id])
    assert result.level == EXPECTED[item_id]
    assert [flag.id for flag in result.reasons] == [item_id]
    assert result.advice == RULES.levels[EXPECTED[item_id]].advice


def test_nothing_ticked_is_exercise_with_care():
    result = RULES.assess([])
    assert result.level == NONE and result.reasons == ()
    assert not result.blocks_session and not result.gentle_only


@pytest.mark.parametrize(
    ("ticked", "level", "reasons"),
    [
        (["S1", "U2"], SAME_DAY, ["U2"]),
        (["S1", "S7", "U5", "E5"], EMERGENCY, ["E5"]),
        (["U9", "U1", "S2"], SAME_DAY, ["U1", "U9"]),
        (["S8", "S1"], SOON, ["S1", "S8"]),
        (["E9", "E1", "E1"], EMERGENCY, ["E1", "E9"]),
    ],
)
def test_highest_level_wins_and_reasons_are_the_items_at_that_level(ticked, level, reasons):
    result = RULES.assess(ticked)
    assert result.level == level
    assert [flag.id for flag in result.reasons] == reasons


def test_blocking_and_gentle_flags_follow_the_level():
    assert RULES.assess(["E3"]).blocks_session and RULES.assess(["U3"]).blocks_session
    assert not RULES.assess(["S3"]).blocks_session and RULES.assess(["S3"]).gentle_only


@given(st.sets(st.sampled_from(sorted(EXPECTED))))
def test_result_is_the_most_urgent_ticked_level(ticked):
    expected = max((EXPECTED[i] for i in ticked), key=rank, default=NONE)
    assert RULES.assess(sorted(ticked, reverse=True)).level == expected


def test_an_unknown_item_is_refused():
    with pytest.raises(KeyError):
        RULES.assess(["Z9"])


def test_unknown_level_name_is_refused():
    with pytest.raises(ValueError, match="unknown triage level"):
        rank("later")


# -- validation -------------------------------------------------------------------------------


def minimal() -> dict:
    level = {"heading": "H", "headline": "Head", "advice": "Do this.", "sources": ["A"]}
    return {
        "sources": {"A": "Source A, a full name"},
        "level": {
            "emergency": dict(level),
            "same-day": dict(level),
            "soon": dict(level),
            "none": {"headline": "Fine", "advice": "Go gently.", "sources": ["A"]},
        },
        "item": [
            {"id": "X1", "level": "emergency", "text": "An emergency sign", "short": "x1", "sources": ["A"]},
            {"id": "X2", "level": "same-day", "text": "A same-day sign", "short": "x2", "sources": ["A"]},
            {"id": "X3", "level": "soon", "text": "A soon sign", "short": "x3", "sources": ["A"]},
        ],
    }


def test_a_minimal_document_loads():
    rules = parse_rules(minimal(), "rules.toml")
    assert rules.assess(["X2", "X3"]).level == SAME_DAY
    assert rules.item("X1").sources == ("Source A, a full name",)


def _broken(change) -> DataError:
    document = copy.deepcopy(minimal())
    change(document)
    with pytest.raises(DataError) as info:
        parse_rules(document, "rules.toml")
    return info.value


@pytest.mark.parametrize(
    ("change", "item", "field", "words"),
    [
        (lambda d: d["item"][0].update(colour="red"), "item 'X1'", "colour", "not a known field"),
        (lambda d: d["item"][1].update(level="urgent"), "item 'X2'", "level", "must be one of"),
        (lambda d: d["item"][1].update(level="none"), "item 'X2'", "level", "must be one of"),
        (lambda d: d["item"][2].pop("text"), "item 'X3'", "text", "is required"),
        (lambda d: d["item"][2].update(short="  "), "item 'X3'", "short", "non-empty"),
        (lambda d: d["item"][0].update(sources=[]), "item 'X1'", "sources", "must not be empty"),
        (lambda d: d["item"][0].update(sources=["B"]), "item 'X1'", "sources", "unknown source key 'B'"),
        (lambda d: d["item"][2].update(id="X1"), "item 'X1'", "id", "appears twice"),
        (lambda d: d["level"]["soon"].pop("advice"), "level 'soon'", "advice", "is required"),
        (lambda d: d["level"]["soon"].pop("heading"), "level 'soon'", "heading", "is required"),
        (lambda d: d["level"]["none"].update(sources=["C"]), "level 'none'", "sources", "unknown source key"),
    ],
)
def test_bad_entries_name_file_item_and_field(change, item, field, words):
    error = _broken(change)
    assert (error.source, error.item, error.field) == ("rules.toml", item, field)
    assert words in str(error) and "rules.toml" in str(error) and item in str(error)


@pytest.mark.parametrize(
    ("change", "item", "words"),
    [
        (lambda d: d["level"].pop("same-day"), "level 'same-day'", "is missing"),
        (lambda d: d["level"].update(later=d["level"]["soon"]), "level 'later'", "unknown level"),
        (lambda d: d.__setitem__("item", d["item"][:2]), "level 'soon'", "no [[item]] has this level"),
    ],
)
def test_missing_or_unknown_levels_are_named(change, item, words):
    error = _broken(change)
    assert error.item == item and words in str(error)


def test_unknown_top_level_key_and_bad_sources_are_refused():
    assert "unknown top-level key 'items'" in str(_broken(lambda d: d.update(items=[])))
    assert "[sources]" in str(_broken(lambda d: d.update(sources={"A": 3})))


def test_a_file_that_is_not_toml_names_the_file(tmp_path):
    bad = tmp_path / "red_flags.toml"
    bad.write_text("[[item]\nid = 'X'\n")
    with pytest.raises(DataError, match=r"red_flags\.toml.*not valid TOML"):
        load_rules(bad)


def test_the_shipped_file_is_the_one_the_app_loads():
    assert load_rules(paths.builtin_data_dir() / "red_flags.toml") == RULES


# -- the session gate -------------------------------------------------------------------------


def test_any_emergency_answer_at_the_gate_blocks():
    for item_id in (f"E{n}" for n in range(1, 10)):
        outcome = gate_decision([item_id], [], TODAY, RULES)
        assert not outcome.allowed and not outcome.gentle_only and outcome.level == EMERGENCY
        assert "local emergency number" in outcome.message and RULES.item(item_id).label in outcome.message


def test_emergency_answer_blocks_even_after_a_clean_full_check():
    outcome = gate_decision(["E5"], [check(TODAY, NONE)], TODAY, RULES)
    assert not outcome.allowed


def test_clean_answer_with_no_history_allows_any_routine():
    outcome = gate_decision([], [], TODAY, RULES)
    assert outcome.allowed and not outcome.gentle_only and outcome.level == NONE


def test_same_day_result_from_today_blocks_whatever_came_after():
    checks = [
        check(TODAY, SAME_DAY, ("U1",), hour=8),
        check(TODAY, NONE, hour=9),
        check(TODAY, NONE, kind="quick", hour=10),
    ]
    outcome = gate_decision([], checks, TODAY, RULES)
    assert not outcome.allowed and outcome.level == SAME_DAY
    assert "doctor today" in outcome.message and "U1 fever" in outcome.message


def test_emergency_result_from_earlier_today_blocks():
    outcome = gate_decision([], [check(TODAY, EMERGENCY, ("E1", "S1"), kind="quick", hour=7)], TODAY, RULES)
    assert not outcome.allowed and outcome.level == EMERGENCY
    assert "E1" in outcome.message and "S1" not in outcome.message


def test_same_day_result_from_yesterday_leaves_the_gentle_routine():
    outcome = gate_decision([], [check(TODAY - timedelta(days=1), SAME_DAY, ("U5",))], TODAY, RULES)
    assert outcome.allowed and outcome.gentle_only


def test_soon_result_allows_the_gentle_routine_only():
    outcome = gate_decision([], [check(TODAY, SOON, ("S1",))], TODAY, RULES)
    assert outcome.allowed and outcome.gentle_only and outcome.level == SOON
    assert "Gentle routine only" in outcome.message


def test_soon_result_lasts_fourteen_days():
    last_day = TODAY - timedelta(days=RECENT_DAYS - 1)
    assert gate_decision([], [check(last_day, SOON, ("S4",))], TODAY, RULES).gentle_only
    expired = TODAY - timedelta(days=RECENT_DAYS)
    assert not gate_decision([], [check(expired, SOON, ("S4",))], TODAY, RULES).gentle_only


def test_a_later_clean_full_check_lifts_the_gentle_limit():
    checks = [check(TODAY - timedelta(days=3), SOON, ("S1",)), check(TODAY - timedelta(days=1), NONE)]
    assert not gate_decision([], checks, TODAY, RULES).gentle_only


def test_a_later_clean_quick_check_does_not_lift_it():
    checks = [check(TODAY - timedelta(days=3), SOON, ("S1",)), check(TODAY, NONE, kind="quick")]
    assert gate_decision([], checks, TODAY, RULES).gentle_only


def test_checks_are_ordered_by_date_and_time_not_by_list_order():
    checks = [check(TODAY, NONE, hour=11), check(TODAY, SOON, ("S2",), hour=8)]
    assert not gate_decision([], checks, TODAY, RULES).gentle_only
    checks = [check(TODAY, SOON, ("S2",), hour=11), check(TODAY, NONE, hour=8)]
    assert gate_decision([], checks, TODAY, RULES).gentle_only


def test_checks_dated_after_today_are_ignored():
    outcome = gate_decision([], [check(TODAY + timedelta(days=1), SAME_DAY, ("U1",))], TODAY, RULES)
    assert outcome.allowed and not outcome.gentle_only
