"""The settings screen (putting settings into effect lives in `tui_back.ui.settings_apply`).

The screen edits the same config.toml a user can edit by hand: what it saves is checked by the same
`parse_settings` and written by `save_settings` (atomic, 0600), so the file and the screen can never
disagree about what is valid. Yes/no settings are checkboxes with a mark drawn only when ticked
(`TickBox`), so they read the same under NO_COLOR.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tui_back import paths
from tui_back.config import (
    DEFAULT_THEME,
    FREEZES_RANGE,
    WEEKDAYS,
    WEEKLY_TARGET_RANGE,
    Settings,
    parse_settings,
)
from tui_back.context import AppContext
from tui_back.domain.validation import DataError
from tui_back.ui import keys
from tui_back.ui.settings_apply import routine_choices, save_and_apply
from tui_back.ui.tickbox import TickBox

LABELS = {
    "theme": "Theme",
    "bell": "Bell in a session (off: no cues at all)",
    "cue_countdown": "  Count the last 3 s of a hold (1 bell each)",
    "cue_hold_end": "  End of a hold (2 bells)",
    "cue_switch": "  Switch sides (3 bells)",
    "cue_session_end": "  End of the session (4 bells)",
    "cue_reps": "  Each paced rep (1 bell)",
    "notifications": "Desktop notifications (OSC 9/777) after each exercise",
    "rest_days": "Planned rest days",
    "freezes_per_month": f"Flare-up freezes a month ({FREEZES_RANGE[0]}-{FREEZES_RANGE[1]})",
    "weekly_target": f"Sessions a week target ({WEEKLY_TARGET_RANGE[0]}-{WEEKLY_TARGET_RANGE[1]})",
    "default_routine": "Routine offered first",
    "low_bandwidth": "Low bandwidth: no animations (full effect next start)",
    "ascii": "ASCII symbols only (full effect next start)",
}


CUES = ("cue_countdown", "cue_hold_end", "cue_switch", "cue_session_end", "cue_reps", "notifications")
"""The cue switches, each a tick box under the bell's, and the notifications'."""


def _number(text: str) -> Any:
    """An integer if `text` is one, else the text, for `parse_settings` to reject by name."""
    try:
        return int(text.strip())
    except ValueError:
        return text


class SettingsScreen(ModalScreen[Settings | None]):
    """Edits config.toml; dismisses with the saved `Settings`, or None when cancelled."""

    DEFAULT_CSS = """
    SettingsScreen { align: center middle; }
    SettingsScreen > Vertical {
        width: 100%; max-width: 78; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    SettingsScreen #settings-form { height: auto; max-height: 1fr; }
    SettingsScreen .row { height: auto; }
    SettingsScreen .row > Label { width: 32; }
    SettingsScreen .row > Select, SettingsScreen .row > Input { width: 1fr; }
    SettingsScreen #set-rest-days { height: auto; }
    SettingsScreen #set-rest-days Checkbox { width: auto; margin-right: 1; }
    SettingsScreen .muted { color: $text-muted; }
    SettingsScreen #settings-warning, SettingsScreen #settings-error { color: $text-error; }
    SettingsScreen #settings-buttons { height: auto; align-horizontal: right; }
    SettingsScreen #settings-buttons Button { margin-left: 1; }
    """
    BINDINGS = keys.bindings("settings-save", "settings-cancel")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.path = paths.config_file(ctx.config_dir)
        self.original = ctx.settings
        self._original_theme = ""

    def compose(self) -> ComposeResult:
        settings = self.original
        routines = routine_choices(self.ctx)
        if settings.default_routine not in {""} | {routine_id for _, routine_id in routines}:
            routines.append((f"{settings.default_routine} (not found)", settings.default_routine))
        themes = sorted(self.app.available_themes)
        with Vertical():
            save, cancel = (escape(keys.key_text(self.app, key_id)) for key_id in ("settings-save", "settings-cancel"))
            yield Static(f"[b]Settings[/b]  [dim]{save} save, {cancel} cancel[/dim]")
            yield Static(f"Saved in {self.path}", classes="muted", markup=False)
            if self.ctx.settings_error:
                yield Static(
                    f"What the file gets wrong was ignored; saving replaces it.\n{self.ctx.settings_error}",
                    id="settings-warning",
                    markup=False,
                )
            with VerticalScroll(id="settings-form"):
                with Horizontal(classes="row"):
                    yield Label(LABELS["theme"])
                    yield Select(
                        [(name, name) for name in themes],
                        value=settings.theme if settings.theme in themes else DEFAULT_THEME,
                        allow_blank=False,
                        compact=True,
                        id="set-theme",
                    )
                yield TickBox(LABELS["bell"], settings.bell, compact=True, id="set-bell", classes="row")
                for cue in CUES:
                    yield TickBox(LABELS[cue], getattr(settings, cue), compact=True, id=f"set-{cue}", classes="row")
                yield Label(LABELS["rest_days"])
                with Horizontal(id="set-rest-days", classes="row"):
                    for day in WEEKDAYS:
                        yield TickBox(day.title(), day in settings.rest_days, compact=True, id=f"set-rest-{day}")
                with Horizontal(classes="row"):
                    yield Label(LABELS["freezes_per_month"])
                    yield Input(str(settings.freezes_per_month), type="integer", compact=True, id="set-freezes")
                with Horizontal(classes="row"):
                    yield Label(LABELS["weekly_target"])
                    yield Input(str(settings.weekly_target), type="integer", compact=True, id="set-weekly")
                with Horizontal(classes="row"):
                    yield Label(LABELS["default_routine"])
                    yield Select(
                        [("The last one used", ""), *routines],
                        value=settings.default_routine,
                        allow_blank=False,
                        compact=True,
                        id="set-routine",
                    )
                yield TickBox(
                    LABELS["low_bandwidth"],
                    settings.low_bandwidth,
                    compact=True,
                    id="set-low-bandwidth",
                    classes="row",
                )
                yield TickBox(LABELS["ascii"], settings.ascii, compact=True, id="set-ascii", classes="row")
                remapped = ", ".join(f"{k} = {v}" for k, v in sorted(settings.keymap.items())) or "none"
                yield Static(
                    f"Key remapping ([keymap] in the file, kept as it is): {remapped}", classes="muted", markup=False
                )
            yield Static("", id="settings-error", markup=False)
            with Horizontal(id="settings-buttons"):
                yield Button("Save", variant="primary", compact=True, id="settings-save-button")
                yield Button("Cancel", compact=True, id="settings-cancel-button")

    def on_mount(self) -> None:
        self._original_theme = self.app.theme
        self.query_one("#set-theme", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """Preview a theme as soon as it is picked; cancelling puts the old one back."""
        if event.select.id == "set-theme" and isinstance(event.value, str):
            self.app.theme = event.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "settings-save-button":
            self.action_save()
        else:
            self.action_cancel()

    def _document(self) -> dict[str, Any]:
        """The form as a config.toml document, so the file's own validation checks it."""

        def ticked(widget_id: str) -> bool:
            return self.query_one(f"#{widget_id}", Checkbox).value

        return {
            "theme": self.query_one("#set-theme", Select).value,
            "bell": ticked("set-bell"),
            **{cue: ticked(f"set-{cue}") for cue in CUES},
            "rest_days": [day for day in WEEKDAYS if ticked(f"set-rest-{day}")],
            "freezes_per_month": _number(self.query_one("#set-freezes", Input).value),
            "weekly_target": _number(self.query_one("#set-weekly", Input).value),
            "default_routine": self.query_one("#set-routine", Select).value,
            "low_bandwidth": ticked("set-low-bandwidth"),
            "ascii": ticked("set-ascii"),
            "keymap": dict(self.original.keymap),
        }

    def action_save(self) -> None:
        try:
            settings = parse_settings(self._document(), str(self.path))
        except DataError as exc:
            label = LABELS.get(exc.field or "", exc.field or "")
            self.query_one("#settings-error", Static).update(f"{label}: {exc.problem}")
            return
        try:
            save_and_apply(self.app, self.ctx, settings)
        except OSError as exc:
            self.query_one("#settings-error", Static).update(f"Could not save {self.path}: {exc.strerror}")
            return
        self.app.notify(f"Saved to {self.path}", title="Settings", markup=False)
        self.dismiss(self.ctx.settings)

    def action_cancel(self) -> None:
        self.app.theme = self._original_theme
        self.dismiss(None)
