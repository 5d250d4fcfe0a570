"""The exercise library: search, filters and a detail view, all from the keyboard.

Typing in the list jumps to the search box, so "type to search" works wherever the focus is.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.widgets import Checkbox, Input, OptionList, Select
from textual.widgets.option_list import Option

from tui_back.domain.catalogue import CATEGORIES, POSITIONS, Exercise
from tui_back.domain.dosage_text import dosage_ranges, dosage_summary
from tui_back.domain.progression import Ladder
from tui_back.domain.validation import DataError
from tui_back.ui import keys
from tui_back.ui.journal_access import context_of
from tui_back.ui.text_view import TextView
from tui_back.ui.tickbox import TickBox


def variants_text(ladder: Ladder) -> list[str]:
    """The ladder's variants, each with the levels that use it and its own steps ("Knees-down plank")."""
    lines: list[str] = []
    for key, variant in ladder.variants.items():
        numbers = [str(n) for n, level in enumerate(ladder.levels, start=1) if level.variant == key]
        start = " (new users start here)" if ladder.levels[ladder.start].variant == key else ""
        lines += ["", f"{variant.name}: levels {', '.join(numbers)} of {len(ladder.levels)}{start}"]
        lines += [f"{n}. {step}" for n, step in enumerate(variant.steps, start=1)]
    return lines


def detail_text(exercise: Exercise, ladder: Ladder | None = None) -> str:
    """The detail view as plain text (no markup, so user-written entries render as typed); `ladder`
    adds the variants its levels do instead of the steps above."""
    d = exercise.dosage
    lines = [exercise.name.upper()]
    if exercise.aliases:
        lines.append(f"Also called: {', '.join(exercise.aliases)}")
    lines.append(
        f"{exercise.category} | {POSITIONS[exercise.position]}"
        + (" | each side" if exercise.per_side else "")
        + (" | suits a flare-up" if exercise.acute_ok else " | not during a flare-up")
    )
    if exercise.muscles:
        lines.append(f"Targets: {', '.join(exercise.muscles)}")
    lines.append(f"Equipment: {', '.join(exercise.equipment) or 'none'}")
    lines += ["", f"Dose: {dosage_summary(d)}" + (" (each side)" if exercise.per_side else "")]
    if dosage_ranges(d):
        lines.append(f"Sources give: {dosage_ranges(d)}")
    if d.note:
        lines.append(f"Why: {d.note}")
    if exercise.drawing_start:
        lines += ["", "Start:", exercise.drawing_start, "End:", exercise.drawing_end]
    lines += ["", "How:"] + [f"{n}. {step}" for n, step in enumerate(exercise.steps, start=1)]
    if exercise.easier:
        lines.append(f"Easier: {exercise.easier}")
    if exercise.harder:
        lines.append(f"Harder: {exercise.harder}")
    if ladder is not None and ladder.variants:
        lines += variants_text(ladder)
    if exercise.cautions:
        lines += ["", "Take care:"] + [f"- {c}" for c in exercise.cautions]
    lines += ["", "Sources:"] + [f"- {s}" for s in exercise.sources or ("Your own exercise",)]
    return "\n".join(lines)


class ExerciseList(OptionList):
    """The list; a letter that is not bound to a key sends the user to the search box with that letter."""

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isalpha() and event.key not in self.screen.active_bindings:
            event.stop()
            search = self.screen.query_one("#lib-search", Input)
            search.focus()
            search.insert_text_at_cursor(event.character)


class LibraryPane(Vertical):
    """Search box, filters, the list and the detail; how many match shows in the pane's bottom border.

    Laid out as a grid: the search box and the filter row span both columns, the list and the
    detail share the row below.
    """

    _detail_of: str | None = None
    """The exercise whose detail is on screen."""

    DEFAULT_CSS = """
    LibraryPane {
        layout: grid;
        grid-size: 2 3;
        grid-columns: 26 1fr;
        grid-rows: 1 1 1fr;
        border-subtitle-color: $text-muted;
    }
    LibraryPane #lib-search, LibraryPane #lib-filters { column-span: 2; }
    LibraryPane #lib-filters Select { width: 1fr; }
    LibraryPane #lib-filters Checkbox { width: auto; border: none; padding: 0; height: 1; }
    LibraryPane ExerciseList { border: none; }
    LibraryPane #lib-detail { padding-left: 1; }
    """
    BINDINGS = keys.bindings("library-search", "library-read", "library-back", "library-cards")

    def compose(self) -> ComposeResult:
        exercises = context_of(self).catalogue.filter()
        self._detail_of = exercises[0].id if exercises else None
        yield Input(
            placeholder="Type to search name, alias, muscle", id="lib-search", compact=True, select_on_focus=False
        )
        with Horizontal(id="lib-filters"):
            categories = [(c.capitalize(), c) for c in CATEGORIES]
            yield Select(categories, prompt="Any category", id="lib-category", compact=True)
            yield Select(
                [(label.capitalize(), key) for key, label in POSITIONS.items()],
                prompt="Any position",
                id="lib-position",
                compact=True,
            )
            yield TickBox("Flare-up safe", id="lib-acute", compact=True)
        self.border_subtitle = self._count_text(len(exercises))
        yield ExerciseList(*self._options(exercises), id="lib-list", classes="-default-focus", markup=False)
        yield TextView(self._detail_text(exercises[0] if exercises else None), id="lib-detail")

    @property
    def shown(self) -> list[Exercise]:
        return context_of(self).catalogue.filter(
            text=self.query_one("#lib-search", Input).value,
            category=self.query_one("#lib-category", Select).selection,
            position=self.query_one("#lib-position", Select).selection,
            acute_only=self.query_one("#lib-acute", Checkbox).value,
        )

    @staticmethod
    def _options(exercises: list[Exercise]) -> list[Option]:
        return [Option(e.name, id=e.id) for e in exercises]

    def _count_text(self, shown: int) -> str:
        return f"{shown} of {len(context_of(self).catalogue.exercises)} exercises"

    def _detail_text(self, exercise: Exercise | None) -> str:
        if exercise is None:
            return "No exercise matches. Clear the search or filters."
        try:
            ladder = context_of(self).progressions.ladders.get(exercise.id)
        except DataError:
            ladder = None
        return detail_text(exercise, ladder)

    def refresh_list(self) -> None:
        exercises = self.shown
        option_list = self.query_one(ExerciseList)
        option_list.set_options(self._options(exercises))
        self.border_subtitle = self._count_text(len(exercises))
        if exercises:
            option_list.highlighted = 0
        self.show_detail(exercises[0] if exercises else None)

    def show_detail(self, exercise: Exercise | None) -> None:
        self._detail_of = exercise.id if exercise else None
        self.query_one("#lib-detail", TextView).update(self._detail_text(exercise))

    @on(Input.Changed, "#lib-search")
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filters_changed(self) -> None:
        self.refresh_list()

    @on(Input.Submitted, "#lib-search")
    def _search_done(self) -> None:
        self.query_one(ExerciseList).focus()

    @on(OptionList.OptionHighlighted, "#lib-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self._detail_of:
            self.show_detail(context_of(self).catalogue.get(event.option.id))

    @on(OptionList.OptionSelected, "#lib-list")
    def _selected(self) -> None:
        self.action_read()

    def action_search(self) -> None:
        self.query_one("#lib-search", Input).focus()

    def action_read(self) -> None:
        self.query_one("#lib-detail", TextView).focus()

    def action_back_to_list(self) -> None:
        self.query_one(ExerciseList).focus()

    def action_cards(self) -> None:
        from tui_back.ui.education_screen import open_cards

        open_cards(self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The cards key types a letter in the search box: not offered (nor shown) there."""
        return not (action == "cards" and isinstance(self.app.focused, Input))
