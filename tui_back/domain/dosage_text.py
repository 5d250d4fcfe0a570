"""Dosage in words, shared by the CLI, the library detail and the Today plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_back.domain.catalogue import Dosage

if TYPE_CHECKING:
    from tui_back.domain.routines import PlannedExercise


def seconds_text(seconds: int) -> str:
    if seconds >= 120 and seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


def _span(span: tuple[int, int] | None, unit: str = "") -> str:
    if not span:
        return ""
    low, high = span
    return f"{low}{unit}" if low == high else f"{low}-{high}{unit}"


def dosage_summary(dosage: Dosage) -> str:
    """One line: "hold 8 s x 5 reps, 2 sets, rest 15 s"."""
    parts = [f"hold {seconds_text(dosage.hold_s)} x {dosage.reps} reps" if dosage.is_hold else f"{dosage.reps} reps"]
    if dosage.sets > 1:
        parts.append(f"{dosage.sets} sets")
    rests = dosage.sets > 1 or (dosage.is_hold and dosage.reps > 1)
    if dosage.rest_s and rests:
        parts.append(f"rest {seconds_text(dosage.rest_s)}")
    return ", ".join(parts)


def dosage_ranges(dosage: Dosage) -> str:
    """What the sources allow: "hold 5-15 s, reps 5-10"."""
    parts = []
    if dosage.hold_range:
        parts.append(f"hold {_span(dosage.hold_range)} s")
    if dosage.reps_range:
        parts.append(f"reps {_span(dosage.reps_range)}")
    if dosage.sets_range:
        parts.append(f"sets {_span(dosage.sets_range)}")
    return ", ".join(parts)


def dose_text(item: PlannedExercise) -> str:
    """The dose exactly as the session will run it."""
    dosage = item.dosage
    if dosage.is_hold:
        text = f"hold {seconds_text(dosage.hold_s)}" + (f" x {dosage.reps}" if dosage.reps > 1 else "")
        if dosage.reps > 1 and dosage.rest_s:
            text += f", rest {dosage.rest_s} s"
    else:
        text = f"{dosage.reps} reps, {dosage.pace_s} s each"
    if dosage.sets > 1:
        text += f"; {dosage.sets} sets" + (f", {dosage.rest_s} s apart" if dosage.rest_s else "")
    return text + ("; each side" if item.sides else "")
