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
