"""The Symptoms pane: the red-flag checklist, a result banner that updates as you tick, and history.

The checklist and the banner are also used by the pre-session gate (`tui_back.ui.gate`), so the
emergency message looks the same wherever it appears. Saved checks are read and saved through the
journal in worker threads: the pane starts with no history shown and fills it in once read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_back.data_files import builtin_rules
from tui_back.domain.day_text import day_text
from tui_back.domain.records import SymptomCheck
from tui_back.domain.triage import EMERGENCY, LEVELS, SOON, GateOutcome, RedFlag, Rules, TriageResult
from tui_back.journal import JournalError, SavedCheck
from tui_back.ui import keys
from tui_back.ui.journal_access import context_of, in_thread, journal_of
from tui_back.ui.messages import CheckSaved

DISCLAIMER = "This is not medical advice and cannot diagnose."
KEELE_URL = "https://startback.hfac.keele.ac.uk/"
START_BACK_PURPOSE = (
    "Nine questions on how much back pain affects you: take the score to your physio. tui-back never scores it."
)
HISTORY_SHOWN = 4
"""Earlier checks listed under the last one."""


class TickItem:
    """A tick box and its text, wrapped so that later lines start under the text, not the box.

    A Rich renderable, which is what an `OptionList` prompt can be; the text is wrapped by cell
    width, so wide characters line up too.
    """

    MARK_STYLE = Style(bold=True)

    def __init__(self, ticked: bool, text: str) -> None:
        self.mark = "[x]" if ticked else "[ ]"
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = Segment(" " * (len(self.mark) + 1))
        for number, line in enumerate(Content(self.text).wrap(max(1, options.max_width - len(self.mark) - 1))):
            if number:
                yield indent
            else:
                yield Segment(self.mark, self.MARK_STYLE)
                yield Segment(" ")
            yield Segment(line.plain)
            yield Segment.line()


class Checklist(OptionList):
    """Tick boxes with headings; long items wrap under their box instead of being cut off.

    Ticks show as "[x]" so they never rely on colour. Space or enter toggles the highlighted item.
    """

    BINDINGS = keys.bindings("checklist-tick")

    class UntickAsked(Message):
        """The user wants to untick `item_id` in a list that asks before unticking (the gate)."""

        def __init__(self, checklist: Checklist, item_id: str) -> None:
            super().__init__()
            self.checklist = checklist
            self.item_id = item_id

        @property
        def control(self) -> Checklist:
            return self.checklist

    class Changed(Message):
        def __init__(self, checklist: Checklist, ticked: tuple[str, ...]) -> None:
            super().__init__()
            self.checklist = checklist
            self.ticked = ticked

        @property
        def control(self) -> Checklist:
            return self.checklist

    def __init__(
        self,
        groups: Sequence[tuple[str, Sequence[RedFlag]]],
        *,
        ticked: Iterable[str] = (),
        short: bool = False,
        ask_before_untick: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`short`: show each item's one-line wording; `ask_before_untick`: post `UntickAsked`
        instead of unticking, so the owner can ask the question again first."""
        self.short = short
        self.ask_before_untick = ask_before_untick
        self._flags = [flag for _, flags in groups for flag in flags]
        self._ticked: set[str] = set(ticked) & {flag.id for flag in self._flags}
        options: list[Option] = []
        for heading, flags in groups:
            if heading:
                options.append(Option(Text(heading.upper(), style="bold underline"), disabled=True))
            options.extend(Option(self._prompt(flag), id=flag.id) for flag in flags)
        super().__init__(*options, id=id, classes=classes)

    def _prompt(self, flag: RedFlag) -> TickItem:
        return TickItem(flag.id in self._ticked, flag.short if self.short else flag.text)

    @property
    def ticked(self) -> tuple[str, ...]:
        """Ticked item ids in checklist order."""
        return tuple(flag.id for flag in self._flags if flag.id in self._ticked)

    def set_ticked(self, item_ids: Iterable[str]) -> None:
        known = {flag.id for flag in self._flags}
        ticked = set(item_ids) & known
        changed = self._ticked ^ ticked
        self._ticked = ticked
        self._redraw(changed)

    def toggle(self, item_id: str) -> None:
        self._ticked ^= {item_id}
        self._redraw({item_id})

    def _redraw(self, item_ids: set[str]) -> None:
        """Redraw only the items whose tick changed: replacing a prompt re-measures the list."""
        for flag in self._flags:
            if flag.id in item_ids:
                self.replace_option_prompt(flag.id, self._prompt(flag))
        self.post_message(self.Changed(self, self.ticked))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        if self.ask_before_untick and event.option.id in self._ticked:
            self.post_message(self.UntickAsked(self, event.option.id))
        else:
            self.toggle(event.option.id)


class ResultBanner(Static):
    """The triage result in words; the emergency one is framed and shouted, never colour alone."""

    DEFAULT_CSS = """
    ResultBanner {
        height: auto;
        padding: 0 1;
        border: round $success;
        border-title-align: left;
    }
    ResultBanner.-soon { border: round $warning; }
    ResultBanner.-same-day { border: heavy $warning; border-title-style: bold; }
    ResultBanner.-emergency {
        border: double $error;
        background: $error 20%;
        border-title-style: bold;
    }
    """

    def show_result(self, result: TriageResult) -> None:
        parts: list[Content | str] = [Content.styled(result.headline, "bold"), "\n", result.advice]
        if result.reasons:
            parts += ["\n", Content.styled("Because of: ", "bold"), "; ".join(f.label for f in result.reasons)]
        for combo in result.combos:
            parts += ["\n", combo.text, "."]
        self._show(result.level, Content.assemble(*parts))

    def show_outcome(self, outcome: GateOutcome) -> None:
        """A gate decision that blocked a session; its message already starts with the headline."""
        headline, _, rest = outcome.message.partition("\n")
        self._show(outcome.level, Content.assemble(Content.styled(headline, "bold"), "\n", rest))

    def _show(self, level: str, content: Content) -> None:
        for name in LEVELS:
            self.set_class(name == level, f"-{name}", update=self.is_attached)  # mounting styles it
        self.border_title = "EMERGENCY" if level == EMERGENCY else "Result"
        self.update(content)


class SymptomsPane(Vertical):
    """Tick what applies now; the banner says what to do; `s` saves the check to your history."""

    DEFAULT_CSS = """
    SymptomsPane { height: 1fr; }
    SymptomsPane #symptoms-disclaimer { text-style: bold; height: auto; }
    SymptomsPane #symptoms-standing { height: auto; display: none; text-style: bold; }
    SymptomsPane #symptoms-standing.-shown { display: block; }
    SymptomsPane #symptoms-list { height: 1fr; min-height: 3; max-height: 100%; border: none; padding: 0; }
    SymptomsPane #symptoms-history { height: auto; max-height: 4; color: $text-muted; }
    SymptomsPane #symptoms-help { height: auto; color: $text-muted; }
    """
    BINDINGS = keys.bindings("symptoms-save", "symptoms-clear")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rules: Rules = builtin_rules()
        self._touched = False
        """Ticks changed since the pane opened (so today's saved ticks, read later, do not undo them)."""

    def compose(self) -> ComposeResult:
        checklist = Checklist([(text.heading, flags) for text, flags in self.rules.groups()], id="symptoms-list")
        banner = ResultBanner(id="symptoms-banner")
        banner.show_result(self.rules.assess(checklist.ticked))
        yield Static(DISCLAIMER, id="symptoms-disclaimer")
        yield Static("", id="symptoms-standing", markup=False)
        yield banner
        yield checklist
        yield Static("", id="symptoms-history")
        yield Static(
            Content.assemble(
                "STarT Back tool: ",
                Content.styled(KEELE_URL, f"link='{KEELE_URL}'"),
                f"\n{START_BACK_PURPOSE}",
            ),
            id="symptoms-help",
        )

    def on_mount(self) -> None:
        self._load()

    @work(group="symptoms-load")
    async def _load(self) -> None:
        """Show the saved checks, and tick what today's last full check ticked."""
        journal = journal_of(self)
        try:
            checks = await in_thread(self, journal.checks)
            standing = await in_thread(self, journal.gate_now)
        except JournalError as exc:
            self.query_one("#symptoms-history", Static).update(f"Your saved checks cannot be read right now: {exc}")
            return
        today = context_of(self).clock.today()
        today_full = [c for c in checks if c.kind == "full" and c.local_date == today]
        if today_full and not self._touched:
            self.query_one(Checklist).set_ticked(today_full[-1].items)
        self.show_history(checks)
        self.show_standing(standing)

    @property
    def result(self) -> TriageResult:
        return self.rules.assess(self.query_one(Checklist).ticked)

    def show_result(self) -> None:
        self.query_one(ResultBanner).show_result(self.result)

    def on_checklist_changed(self, event: Checklist.Changed) -> None:
        event.stop()
        self._touched = True
        self.show_result()
        self.call_after_refresh(event.checklist.scroll_to_highlight)

    def action_clear(self) -> None:
        self.query_one(Checklist).set_ticked(())

    @work(group="symptoms-save")
    async def action_save(self) -> None:
        result, journal = self.result, journal_of(self)
        check = journal.new_check(self.query_one(Checklist).ticked, "full")
        try:
            saved = await in_thread(self, lambda: journal.save_check(check))
        except JournalError as exc:
            self.notify(f"The check was not saved: {exc}", severity="error", timeout=15)
            return
        self.show_saved(saved)
        self.post_message(CheckSaved(saved))
        self.notify(f"Check saved: {result.headline}", severity="error" if result.blocks_session else "information")

    def show_saved(self, saved: SavedCheck) -> None:
        """A check was saved here or at the gate: its history, and what sessions may now do."""
        self.show_history(saved.checks)
        if saved.gate is not None:
            self.show_standing(saved.gate)

    def show_standing(self, outcome: GateOutcome) -> None:
        """Say what the saved checks allow now, so this pane never reads "fine" while the gate blocks."""
        line = self.query_one("#symptoms-standing", Static)
        held = outcome.allowed and not outcome.gentle_only and outcome.level == SOON
        line.set_class(not outcome.allowed or outcome.gentle_only or held, "-shown")
        if not outcome.allowed:
            headline = self.rules.levels[outcome.level].headline
            line.update(f"Sessions are blocked ({headline}), {outcome.until}.")
        elif outcome.gentle_only:
            line.update(f"Sessions: the Gentle routine only, {outcome.until}.")
        elif held:
            line.update("Book a review soon. Exercise levels are held (no step up) until a full checklist is clear.")
        else:
            line.update("")

    def show_history(self, checks: Sequence[SymptomCheck]) -> None:
        """Show the last saved check and a few before it (`checks` oldest first)."""
        self.query_one("#symptoms-history", Static).update(self._history(checks))

    def _history(self, checks: Sequence[SymptomCheck]) -> Content | str:
        if not checks:
            save = keys.key_text(self.app, "symptoms-save")
            return Content(f"No checks saved yet: tick what applies, then press {save}.")
        last, earlier = checks[-1], checks[-1 - HISTORY_SHOWN : -1]
        lines = [f"Last check {day_text(last.local_date)}: {self._summary(last)}"]
        if earlier:
            lines.append(
                "Before: "
                + " | ".join(f"{day_text(c.local_date)} {self._summary(c, items=False)}" for c in reversed(earlier))
            )
        return Content("\n".join(lines))

    def _summary(self, check: SymptomCheck, items: bool = True) -> str:
        text = check.level
        if check.items and items:
            text += f" ({'; '.join(self.rules.labels(check.items))})"
        if check.kind == "quick":
            text += ", quick"
        return text
