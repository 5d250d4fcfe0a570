"""Every key of tui-back in one table: the bindings, the Footer, the help screen and the hint lines.

Each `Key` has an id, its default keys (Textual's names, comma-separated), a description and the
group the help screen lists it under. Every class builds its `BINDINGS` from this table by id, and
the ids with an action are the ones a `[keymap]` entry in config.toml may name (`BINDING_IDS`).
A few rows are keys that Textual or a widget handles itself (moving focus, typing to search, the
command palette): they have no action, cannot be remapped, and are listed so the help is complete.

Keys are shown as users type them (`?`, `,`, `ctrl+p`, `esc`), through `App.get_key_display` and
the keymap the app was given, so a remapped key is shown as remapped everywhere. `KeyTableApp` is
the app side of that: it remembers its keymap and formats keys that way (the Footer too). Hint
lines are written when their widget is composed; the keymap is set before the first frame, and
the settings screen keeps it as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from msgspec import Struct
from textual.app import App
from textual.binding import Binding, BindingType, Keymap
from textual.keys import KEY_DISPLAY_ALIASES, format_key

EVERYWHERE = "Everywhere"
LIBRARY = "Library pane (1)"
TODAY = "Today pane (2)"
SESSION = "During a session"
SESSION_CHECK = "Symptom check (c during a session)"
SUMMARY = "After a session"
LEVEL_LIST = "Level list (in the Today pane)"
LEVELS_VIEW = "Levels view (l in the Today pane)"
SYMPTOMS = "Symptoms pane (3)"
SAFETY_CHECK = "Safety check (before each session)"
STREAK = "Streak pane (4)"
HISTORY = "History (y in the Streak pane)"
CARDS = "Back care cards (i in the Library pane)"
SETTINGS_SCREEN = "Settings screen"
DIALOGS = "Questions and help"
GROUPS = (
    EVERYWHERE, LIBRARY, TODAY, SESSION, SESSION_CHECK, SUMMARY, LEVEL_LIST, LEVELS_VIEW, SYMPTOMS, SAFETY_CHECK,
    STREAK, HISTORY, CARDS, SETTINGS_SCREEN, DIALOGS,
)  # fmt: skip


class Key(Struct, frozen=True):
    id: str
    keys: str
    """Default keys as Textual names them, several separated by commas ("escape,q")."""
    description: str
    """What the key does, shown in the Footer and the help."""
    group: str
    action: str = ""
    """The action bound; empty for keys Textual or a widget handles itself (not remappable)."""
    show: bool = True
    """Shown in the Footer."""
    priority: bool = False
    tooltip: str = ""
    hint: str = ""
    """The words for a hint line ("pause"); the description in lower case when empty."""
    help: str = ""
    """The help screen's text when the description alone would be unclear there."""
    shown_as: str = ""
    """What the help shows instead of the keys, for input that is not one key ("type letters")."""

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            priority=self.priority,
            tooltip=self.tooltip,
            id=self.id,
        )

    @property
    def hint_words(self) -> str:
        return self.hint or self.description.lower()

    @property
    def help_text(self) -> str:
        return self.help or self.description


KEYS: tuple[Key, ...] = (
    Key("pane-library", "1", "Library", EVERYWHERE, "show_pane('library')", show=False, help="Library pane"),
    Key("pane-today", "2", "Today", EVERYWHERE, "show_pane('today')", show=False, help="Today pane"),
    Key("pane-symptoms", "3", "Symptoms", EVERYWHERE, "show_pane('symptoms')", show=False, help="Symptoms pane"),
    Key("pane-streak", "4", "Streak", EVERYWHERE, "show_pane('streak')", show=False, help="Streak pane"),
    Key("help", "question_mark", "Help", EVERYWHERE, "help"),
    Key("palette", App.COMMAND_PALETTE_BINDING, "Command palette (jump to a pane, start a routine, ...)", EVERYWHERE),
    Key("settings", "comma", "Settings", EVERYWHERE, "settings"),
    Key("quit", "q", "Quit", EVERYWHERE, "quit", help="Quit (asks first if a session is running)"),
    Key("quit-now", "ctrl+q", "Quit", EVERYWHERE, "quit", show=False, priority=True, help="Quit, even from a text box"),
    Key("focus-next", "tab", "Next control", EVERYWHERE),
    Key("focus-previous", "shift+tab", "Previous control", EVERYWHERE),
    Key("library-type", "", "Search names, aliases and muscles", LIBRARY, shown_as="type letters"),
    Key(
        "library-search", "slash", "Search", LIBRARY, "search", tooltip="Type to search names, aliases and muscles"
    ),
    Key("library-read", "enter", "Read detail", LIBRARY, "read", show=False),
    Key("library-back", "escape", "Back to list", LIBRARY, "back_to_list", show=False),
    Key(
        "library-cards", "i", "About back pain", LIBRARY, "cards",
        help="Back care cards: keep active, hurt is not harm, a flare-up plan, when to get checked",
    ),
    Key("today-start", "enter", "Start", TODAY, "start"),
    Key("today-up", "up", "Previous routine", TODAY, "pick(-1)", show=False),
    Key("today-down", "down", "Next routine", TODAY, "pick(1)", show=False),
    Key("today-plan-down", "pagedown", "Scroll the plan down", TODAY, "scroll_plan(1)", show=False),
    Key("today-plan-up", "pageup", "Scroll the plan up", TODAY, "scroll_plan(-1)", show=False),
    Key("today-levels", "l", "Levels", TODAY, "levels", help="Every exercise's level, to hold or reset"),
    Key("today-pause", "space", "Pause", SESSION, "pause"),
    Key("today-hurts", "h", "This hurts", SESSION, "hurts"),
    Key("today-next", "n", "Next", SESSION, "next"),
    Key("today-back", "b", "Back", SESSION, "back"),
    Key("today-restart", "r", "Restart", SESSION, "restart"),
    Key("today-skip", "s", "Skip", SESSION, "skip", help="Skip this exercise"),
    Key("today-stop", "escape", "Stop", SESSION, "abandon", help="Stop the session (asks first)"),
    Key(
        "today-check", "c", "Symptom check", SESSION, "check",
        help="Pause and go through the symptom checklist (a warning sign saved stops the session)",
    ),
    Key(
        "check-close", "escape", "Back", SESSION_CHECK, "close", hint="back to the session",
        help="Back to the session without saving (space, s and c work as in the Symptoms pane)",
    ),
    Key("summary-ok", "enter", "OK", SUMMARY, "ok", help="Save the pain score; then back to the dashboard"),
    Key("summary-close", "escape", "Close", SUMMARY, "close", help="Skip the pain score; leave a failed save"),
    Key("progression-hold", "h", "Hold/release level", LEVEL_LIST, "hold", hint="hold or release"),
    Key("progression-reset", "r", "Reset level", LEVEL_LIST, "reset", hint="reset"),
    Key("levels-hold", "k", "Keep/release level", LEVELS_VIEW, "hold", help="Keep at this level, or release"),
    Key("levels-reset", "x", "Reset level", LEVELS_VIEW, "reset", help="Back to the starting level (asks first)"),
    Key("levels-close", "escape,l", "Close", LEVELS_VIEW, "close"),
    Key("checklist-tick", "space", "Tick", SYMPTOMS, "select"),
    Key("symptoms-save", "s", "Save check", SYMPTOMS, "save"),
    Key("symptoms-clear", "c", "Clear ticks", SYMPTOMS, "clear"),
    Key("gate-none", "n", "None of these", SAFETY_CHECK, "none"),
    Key("gate-confirm", "c", "Confirm ticked", SAFETY_CHECK, "confirm"),
    Key(
        "gate-acknowledge", "enter", "I have read this", SAFETY_CHECK, "acknowledge", show=False,
        help="I have read this (after a stop)",
    ),
    Key("gate-cancel", "escape", "Cancel", SAFETY_CHECK, "cancel"),
    Key(
        "gate-seen", "a", "I have been assessed", SAFETY_CHECK, "seen", hint="I have been seen about this",
        help="Record that a clinician saw you about a warning sign and said exercise is fine (after a stop)",
    ),
    Key("streak-report", "w", "Write report", STREAK, "write_report"),
    Key("streak-history", "y", "History", STREAK, "app.history", help="History: remove a session, excuse a day"),
    Key("history-remove", "delete,d", "Remove session", HISTORY, "remove", hint="remove (asks first)"),
    Key("history-excuse", "x", "Excuse a day", HISTORY, "excuse", hint="excuse a day"),
    Key("history-close", "escape", "Close", HISTORY, "close", hint="close"),
    Key("cards-choose", "up,down", "Choose a card", CARDS, hint="choose a card"),
    Key("cards-scroll-down", "pagedown", "Scroll the card down", CARDS, "scroll_card(1)", priority=True, hint="scroll"),
    Key("cards-scroll-up", "pageup", "Scroll the card up", CARDS, "scroll_card(-1)", priority=True, hint="scroll back"),
    Key("cards-close", "escape", "Close", CARDS, "close", hint="close"),
    Key("help-close", "escape,q,question_mark", "Close help", DIALOGS, "close"),
    Key("score-skip", "escape", "Skip", DIALOGS, "skip", help="Skip the pain question"),
    Key("morning-worse", "w", "Worse", DIALOGS, "answer('worse')", help="This morning: back worse than usual"),
    Key("morning-same", "s", "Same", DIALOGS, "answer('same')", help="This morning: back about as usual"),
    Key("morning-better", "b", "Better", DIALOGS, "answer('better')", help="This morning: back better than usual"),
    Key("morning-skip", "escape", "Skip", DIALOGS, "skip", help="Skip the next-morning question"),
    Key("dialog-cancel", "escape", "Cancel", DIALOGS, "cancel", show=False, help="Close a question without answering"),
    Key("dialog-yes", "y", "Yes", DIALOGS, "answer('yes')", help="Answer yes to a question"),
    Key("dialog-no", "n", "No", DIALOGS, "answer('no')", help="Answer no to a question"),
    Key("settings-save", "ctrl+s", "Save", SETTINGS_SCREEN, "save", help="Save the settings"),
    Key("settings-cancel", "escape", "Cancel", SETTINGS_SCREEN, "cancel", help="Close without saving"),
)
BY_ID: Mapping[str, Key] = {key.id: key for key in KEYS}
BINDING_IDS = frozenset(key.id for key in KEYS if key.action)
"""The ids a `[keymap]` entry may name."""


def bindings(*ids: str) -> list[BindingType]:
    """The `BINDINGS` of a class: the table's rows `ids`, in that order."""
    return [BY_ID[key_id].binding() for key_id in ids]


def typed(key: str) -> str:
    """A Textual key name as the user types it: `?` for question_mark, `esc` for escape."""
    *modifiers, name = key.split("+")
    if name == "escape":
        name = "esc"
    elif len(name) > 1 and name not in KEY_DISPLAY_ALIASES:
        symbol = format_key(name)
        if len(symbol) == 1:
            name = symbol
    return "+".join([*modifiers, name])


ReturnType = TypeVar("ReturnType")


class KeyTableApp(App[ReturnType]):
    """An app that remembers the keymap it was given and shows keys as they are typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keymap: dict[str, str] = {}
        """Binding id -> keys, as given to `set_keymap`/`update_keymap`."""

    def set_keymap(self, keymap: Keymap) -> None:
        self.keymap = dict(keymap)
        super().set_keymap(keymap)

    def update_keymap(self, keymap: Keymap) -> None:
        self.keymap = {**self.keymap, **keymap}
        super().update_keymap(keymap)

    def get_key_display(self, binding: Binding) -> str:
        return binding.key_display or typed(binding.key)


def current_keys(app: App, key_id: str) -> list[str]:
    """The keys bound to `key_id` now: the app's keymap entry if it has one, else the default."""
    key = BY_ID[key_id]
    keymap = app.keymap if isinstance(app, KeyTableApp) and key.action else {}
    return [name.strip() for name in keymap.get(key_id, key.keys).split(",") if name.strip()]


def key_text(app: App, key_id: str, joiner: str = " or ") -> str:
    """The keys of `key_id` as the app shows them ("esc or q"), or what stands for them."""
    key = BY_ID[key_id]
    if key.shown_as:
        return key.shown_as
    return joiner.join(app.get_key_display(key.binding().with_key(name)) for name in current_keys(app, key_id))


def hint_line(app: App, ids: Iterable[str], separator: str = "  ") -> str:
    """Keys and what they do, for a line under a widget: "space pause  h this hurts"."""
    return separator.join(f"{key_text(app, key_id)} {BY_ID[key_id].hint_words}" for key_id in ids)


def help_sections(app: App) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each group with its (keys, description) rows, keys as the app shows them."""
    return [
        (group, [(key_text(app, key.id, ", "), key.help_text) for key in KEYS if key.group == group])
        for group in GROUPS
    ]
