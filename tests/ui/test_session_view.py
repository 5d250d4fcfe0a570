"""Pieces of the running-session display that need no app."""

from tui_back.ui.session_view import drawing_text


def test_drawings_sit_side_by_side_with_labels():
    text = drawing_text(" o\n/|\\", "  o\n  |\n / \\")
    assert text.splitlines() == ["Start    End", " o         o", "/|\\        |", "          / \\"]


def test_no_drawing_no_text():
    assert drawing_text("", "") == ""


def test_steps_while_getting_ready_drawings_while_holding():
    from tui_back.clock import FakeClock
    from tui_back.context import build_context
    from tui_back.domain.routines import plan_routine
    from tui_back.domain.session import HOLD, READY, Session
    from tui_back.ui.session_view import how_text

    ctx = build_context("/nonexistent-data", "/nonexistent-config", FakeClock())
    routine = ctx.routines.get("daily")
    session = Session(plan_routine(routine, ctx.catalogue), ctx.clock)
    session.start()
    assert session.phase == READY
    first = session.exercise
    assert how_text(session).startswith("1. " + first.steps[0])
    session.next()
    assert session.phase == HOLD
    assert how_text(session).startswith("Start") and first.drawing_end.splitlines()[0].strip() in how_text(session)


def test_the_next_wake_up_is_when_the_shown_second_changes():
    from pytest import approx

    from tui_back.ui.session_screen import until_next_second

    assert until_next_second(5.0) == 1.0, "5.0 shows 0:05 for one more second"
    assert until_next_second(4.3) == approx(0.3), "4.3 shows 0:05; 0:04 from 4.0"
    assert until_next_second(0.5) == approx(0.5), "the end of the step"
    assert until_next_second(0.0) == 0.0
