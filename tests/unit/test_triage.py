"""Red-flag rules: the shipped data, the highest-level-wins result, validation and the session gate."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_back import paths
from tui_back.data_files import builtin_rules, load_rules
from tui_back.domain.records import Clearance, SymptomCheck
from tui_back.domain.triage import (
    CLEARANCE_DAYS,
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
    {f"E{n}": EMERGENCY for n in range(1, 13)}
    | {f"U{n}": SAME_DAY for n in range(1, 12)}
    | {f"S{n}": SOON for n in range(1, 9)}
)
TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
EMERGENCY_ORDER = ["E1", "E2", "E3", "E4", "E5", "E6", "E12", "E7", "E8", "E9", "E10", "E11"]


def decide(quick, checks, today=TODAY, now=NOW, clearances=()):
    return gate_decision(quick, checks, today, RULES, now_utc=now, clearances=clearances)


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
    assert "review" in RULES.levels[SOON].advice and "nothing steps up" in RULES.levels[SOON].advice
    assert "with care" in RULES.levels[NONE].advice and "spreads" in RULES.levels[NONE].advice


def test_no_rule_text_promises_the_pain_will_go_away():
    texts = [f.text for f in RULES.items] + [t.advice for t in RULES.levels.values()]
    assert not any("will go away" in text.lower() or "cure" in text.lower() for text in texts)


def test_checklist_groups_put_emergency_items_first():
    groups = RULES.groups()
    assert [text.level for text, _ in groups] == [EMERGENCY, SAME_DAY, SOON]
    assert [flag.id for flag in groups[0][1]] == EMERGENCY_ORDER
    assert all(text.heading for text, _ in groups)
    assert [f.id for f in RULES.emergency_items] == EMERGENCY_ORDER


# -- assessing --------------------------------------------------------------------------------


@pytest.mark.parametrize("item_id", sorted(EXPECTED))
def test_each_item_alone_gives_its_level(item_id):
    result = RULES.assess([item_id])
    assert result.level == EXPECTED[item_id]
    assert [flag.id for flag in result.reasons] == [item_id]
    own = RULES.item(item_id).advice
    assert result.advice == " ".join((RULES.levels[EXPECTED[item_id]].advice, *((own,) if own else ())))


def test_nothing_ticked_is_exercise_with_care():
    result = RULES.assess([])
    assert result.level == NONE and result.reasons == ()
    assert not result.blocks_session and not result.gentle_only


@pytest.mark.parametrize(
    ("ticked", "level", "reasons"),
    [
        (["S1", "U2"], SAME_DAY, ["U2"]),
        (["S1", "S7", "U5", "E5"], EMERGENCY, ["E5"]),
        (["U2", "U1", "S2"], SAME_DAY, ["U1", "U2"]),
        (["U9", "U1", "S2"], EMERGENCY, ["U1", "U9"]),
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
    assert not RULES.assess(["S3"]).blocks_session and not RULES.assess(["S3"]).gentle_only
    assert RULES.assess(["S1"]).gentle_only and RULES.assess(["S3", "S5"]).gentle_only


@given(st.sets(st.sampled_from(sorted(EXPECTED))))
def test_result_is_at_least_the_most_urgent_ticked_level(ticked):
    expected = max((EXPECTED[i] for i in ticked), key=rank, default=NONE)
    result = RULES.assess(sorted(ticked, reverse=True)).level
    assert result == expected or (result == EMERGENCY and any(c.applies(ticked) for c in RULES.combos))


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
        outcome = decide([item_id], [])
        assert not outcome.allowed and not outcome.gentle_only and outcome.level == EMERGENCY
        assert "local emergency number" in outcome.message and RULES.item(item_id).short in outcome.message
        assert item_id not in outcome.message.split(), "no internal code in what the user reads"


def test_emergency_answer_blocks_even_after_a_clean_full_check():
    outcome = decide(["E5"], [check(TODAY, NONE)])
    assert not outcome.allowed


def test_clean_answer_with_no_history_allows_any_routine():
    outcome = decide([], [])
    assert outcome.allowed and not outcome.gentle_only and outcome.level == NONE


def test_same_day_result_from_today_blocks_whatever_came_after():
    checks = [
        check(TODAY, SAME_DAY, ("U1",), hour=8),
        check(TODAY, NONE, hour=9),
        check(TODAY, NONE, kind="quick", hour=10),
    ]
    outcome = decide([], checks)
    assert not outcome.allowed and outcome.level == SAME_DAY
    assert "doctor today" in outcome.message and "fever or feeling unwell" in outcome.message


def test_emergency_result_from_earlier_today_blocks():
    outcome = decide([], [check(TODAY, EMERGENCY, ("E1", "S1"), kind="quick", hour=7)])
    assert not outcome.allowed and outcome.level == EMERGENCY
    assert RULES.item("E1").short in outcome.message and RULES.item("S1").short not in outcome.message
    assert outcome.open_items == ("E1",)


@pytest.mark.parametrize("level", [SAME_DAY, EMERGENCY])
@pytest.mark.parametrize("days", [1, 3, 30, 400])
def test_a_serious_result_is_never_downgraded_by_the_calendar(level, days):
    item = "U5" if level == SAME_DAY else "E6"
    outcome = decide([], [check(TODAY - timedelta(days=days), level, (item,)), check(TODAY, NONE)])
    assert not outcome.allowed and not outcome.gentle_only and outcome.level == level
    assert RULES.levels[level].advice in outcome.message and outcome.open_items == (item,)
    assert "within the next few days" not in outcome.message
    assert "seen you about this" in outcome.message and "seen you about this" in outcome.until


def clear(item, seen_on, at=NOW):
    return Clearance(item, seen_on, at)


def test_a_recorded_all_clear_lifts_a_serious_result():
    old = check(TODAY - timedelta(days=2), EMERGENCY, ("E6", "U5"))
    blocked = decide([], [old], clearances=[clear("E6", TODAY)])
    assert not blocked.allowed and blocked.level == SAME_DAY and blocked.open_items == ("U5",)
    outcome = decide([], [old], clearances=[clear("E6", TODAY), clear("U5", TODAY)])
    assert outcome.allowed and not outcome.gentle_only


def test_an_all_clear_covers_only_checks_saved_before_it_for_emergency_items():
    clearance = clear("E6", TODAY - timedelta(days=5), at=NOW - timedelta(days=5))
    later = check(TODAY - timedelta(days=1), EMERGENCY, ("E6",))
    assert not decide([], [later], clearances=[clearance]).allowed


def test_an_all_clear_covers_later_same_day_and_soon_ticks_for_twelve_weeks():
    clearance = clear("U5", TODAY - timedelta(days=CLEARANCE_DAYS), at=NOW - timedelta(days=CLEARANCE_DAYS))
    later = check(TODAY, SAME_DAY, ("U5",))
    assert decide([], [later], clearances=[clearance]).allowed
    expired = clear("U5", TODAY - timedelta(days=CLEARANCE_DAYS + 1), at=NOW - timedelta(days=CLEARANCE_DAYS + 1))
    assert not decide([], [later], clearances=[expired]).allowed
    assert not decide([], [later], clearances=[clear("U1", TODAY, at=NOW - timedelta(days=1))]).allowed


def test_an_item_corrected_within_its_check_does_not_count():
    corrected = SymptomCheck(TODAY, NOW, (), NONE, kind="quick", corrected=("E3",))
    assert decide([], [corrected]).allowed
    partly = SymptomCheck(TODAY, NOW, ("S1",), SOON, corrected=("E3",))
    assert decide([], [partly]).gentle_only


def test_an_unknown_item_of_an_older_file_fails_closed_at_its_saved_level():
    outcome = decide([], [check(TODAY - timedelta(days=1), SAME_DAY, ("U99",))])
    assert not outcome.allowed and "U99" not in outcome.message and "earlier checklist" in outcome.message


def test_soon_result_allows_the_gentle_routine_only():
    outcome = decide([], [check(TODAY, SOON, ("S1",))])
    assert outcome.allowed and outcome.gentle_only and outcome.level == SOON
    assert "Gentle routines only" in outcome.message and "desk routine" in outcome.message


def test_soon_result_lasts_fourteen_days():
    last_day = TODAY - timedelta(days=RECENT_DAYS - 1)
    assert decide([], [check(last_day, SOON, ("S1",))]).gentle_only
    expired = TODAY - timedelta(days=RECENT_DAYS)
    assert not decide([], [check(expired, SOON, ("S1",))]).gentle_only


def test_a_later_clean_full_check_lifts_the_gentle_limit():
    checks = [check(TODAY - timedelta(days=3), SOON, ("S1",)), check(TODAY - timedelta(days=1), NONE)]
    assert not decide([], checks).gentle_only


def test_a_later_clean_quick_check_does_not_lift_it():
    checks = [check(TODAY - timedelta(days=3), SOON, ("S1",)), check(TODAY, NONE, kind="quick")]
    assert decide([], checks).gentle_only


def test_checks_are_ordered_by_date_and_time_not_by_list_order():
    checks = [check(TODAY, NONE, hour=11), check(TODAY, SOON, ("S5",), hour=8)]
    assert not decide([], checks).gentle_only
    checks = [check(TODAY, SOON, ("S5",), hour=11), check(TODAY, NONE, hour=8)]
    assert decide([], checks).gentle_only


# -- what a "soon" result asks for (H15) -------------------------------------------------------


def test_only_new_sciatica_and_severe_pain_keep_sessions_gentle():
    assert {flag.id for flag in RULES.at_level(SOON) if flag.gentle_only} == {"S1", "S5", "S7"}


@pytest.mark.parametrize("item_id", ["S2", "S3", "S4", "S6", "S8"])
def test_other_soon_items_hold_levels_and_ask_for_a_review_with_any_routine(item_id):
    outcome = decide([], [check(TODAY - timedelta(days=2), SOON, (item_id,))])
    assert outcome.allowed and not outcome.gentle_only and outcome.level == SOON
    assert "review" in outcome.message and "nothing steps up" in outcome.message


def test_pregnancy_surgery_and_osteoporosis_get_their_own_advice_with_sources():
    osteoporosis, pregnancy = RULES.item("S3"), RULES.item("S8")
    assert "Royal Osteoporosis Society" in osteoporosis.advice and "strength" in osteoporosis.advice
    assert any("Royal Osteoporosis Society" in source for source in osteoporosis.sources)
    assert "midwife" in pregnancy.advice and "lying flat on your back" in pregnancy.advice
    assert "surgical team" in pregnancy.advice
    assert any("Pelvic, Obstetric" in source for source in pregnancy.sources)
    assert pregnancy.advice in decide([], [check(TODAY, SOON, ("S8",))]).message
    assert osteoporosis.advice in RULES.assess(["S3"]).advice


def test_a_soon_check_with_an_item_the_rules_no_longer_know_stays_gentle():
    outcome = decide([], [check(TODAY, SOON, ("S99",))])
    assert outcome.allowed and outcome.gentle_only


# -- time fails closed ------------------------------------------------------------------------


@pytest.mark.parametrize("level", [SOON, SAME_DAY])
@pytest.mark.parametrize("ahead", [timedelta(hours=14), timedelta(days=1), timedelta(days=40)])
def test_a_check_dated_after_now_counts_as_now(level, ahead):
    item = "S1" if level == SOON else "U1"
    future = SymptomCheck(TODAY + ahead // timedelta(days=1) * timedelta(days=1), NOW + ahead, (item,), level)
    outcome = decide([], [future])
    if level == SOON:
        assert outcome.allowed and outcome.gentle_only
    else:
        assert not outcome.allowed


def test_a_later_full_check_in_the_past_does_not_hide_a_future_dated_one():
    future = check(TODAY + timedelta(days=2), SOON, ("S1",))
    assert decide([], [future, check(TODAY, NONE, hour=11)]).gentle_only


def test_fourteen_days_hold_by_utc_time_or_calendar_date_whichever_is_longer():
    # Saved on the 9th local time in a zone far east (UTC still the 8th): the local date says 13 days ago.
    east = SymptomCheck(TODAY - timedelta(days=13), datetime(2026, 11, 8, 11, tzinfo=timezone.utc), ("S1",), SOON)
    assert decide([], [east]).gentle_only
    # The date says 14 days ago, but by UTC it is 13 days 23 hours: still held.
    west = SymptomCheck(TODAY - timedelta(days=14), NOW - timedelta(days=13, hours=23), ("S1",), SOON)
    assert decide([], [west]).gentle_only
    old = SymptomCheck(TODAY - timedelta(days=14), NOW - timedelta(days=14, hours=1), ("S1",), SOON)
    assert not decide([], [old]).gentle_only


def test_the_gentle_limit_says_until_when_in_the_app_date_style():
    outcome = decide([], [check(TODAY - timedelta(days=3), SOON, ("S1",))])
    assert "until 3 Dec 2026" in outcome.until and "until 3 Dec 2026" in outcome.message
    assert "19 Nov 2026" in outcome.message and "2026-11" not in outcome.message


# -- combinations -----------------------------------------------------------------------------


@pytest.mark.parametrize("risk", ["U3"])
@pytest.mark.parametrize("sign", ["S1", "E5", "E6", "E12", "U9", "E1", "E2", "E3", "E4"])
def test_cancer_history_with_any_nerve_walking_or_bladder_sign_is_an_emergency(risk, sign):
    result = RULES.assess([risk, sign])
    assert result.level == EMERGENCY and {f.id for f in result.reasons} >= {risk, sign}
    assert [c.id for c in result.combos] in (["cancer-nerves"], ["cancer-nerves", "infection-legs"])


@pytest.mark.parametrize("risk", ["U1", "U8"])
@pytest.mark.parametrize("sign", ["S1", "E5", "E6", "E12", "U9"])
def test_infection_risk_with_new_leg_symptoms_is_an_emergency(risk, sign):
    result = RULES.assess([risk, sign])
    assert result.level == EMERGENCY and "infection-legs" in [c.id for c in result.combos]


def test_risk_factors_alone_stay_at_their_own_level():
    assert RULES.assess(["U3"]).level == SAME_DAY and RULES.assess(["U1", "U8"]).level == SAME_DAY
    assert RULES.assess(["S1", "U9"]).level == SAME_DAY and RULES.assess(["U3", "U5"]).level == SAME_DAY


@given(st.sets(st.sampled_from(sorted(EXPECTED))), st.sampled_from(sorted(EXPECTED)))
def test_ticking_one_more_item_never_lowers_the_level(ticked, extra):
    assert rank(RULES.assess(sorted(ticked | {extra})).level) >= rank(RULES.assess(sorted(ticked)).level)


@pytest.mark.parametrize("item_id", ["E10", "E11", "E12"])
def test_aorta_and_walking_signs_are_emergencies(item_id):
    assert RULES.assess([item_id]).level == EMERGENCY


def test_the_emergency_card_says_do_not_drive_and_name_cauda_equina():
    advice = RULES.levels[EMERGENCY].advice
    assert "Do not drive yourself" in advice and "cauda equina syndrome" in advice


def test_new_items_carry_their_sources():
    assert any("aortic aneurysm" in s for s in RULES.item("E10").sources)
    assert any("cauda equina" in s.lower() for s in RULES.item("E12").sources)
    assert "numbness" in RULES.item("S1").text and "both" in RULES.item("E5").text
    assert "65 or over" in RULES.item("U11").text and "pulsing" in RULES.item("U10").text


def test_every_emergency_item_has_a_one_line_gate_label_and_other_words():
    for flag in RULES.emergency_items:
        assert len(flag.short) <= 50, flag.id
        assert flag.reask and flag.reask != flag.text, flag.id


def test_a_combo_naming_an_unknown_item_is_refused():
    document = minimal()
    document["combo"] = [
        {"id": "c", "level": "emergency", "any_of": ["X2"], "with_any": ["Q"], "text": "t", "sources": ["A"]}
    ]
    error = _broken_doc(document)
    assert (error.item, error.field) == ("combo 'c'", "with_any") and "unknown item id 'Q'" in str(error)


def _broken_doc(document) -> DataError:
    with pytest.raises(DataError) as info:
        parse_rules(document, "rules.toml")
    return info.value


@pytest.mark.parametrize("item_id", ["S2", "S3", "S4", "S6", "S8"])
def test_lasting_traits_are_asked_as_not_yet_checked(item_id):
    text = RULES.item(item_id).text
    assert "checked it yet" in text or "looked into it yet" in text or "has not said" in text
