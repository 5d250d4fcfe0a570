"""A compact drop-down choice: one line until it is opened, its list built the first time it opens.

Textual's `Select` is six widgets each (the value, two arrows, the hidden list and their
containers), which made the library pane slow to appear and slow to restyle. This is one widget
until it is used, with the same keys: enter, space, up or down open the list; up/down and enter
pick; typing jumps to a matching entry; escape closes it. A click opens it too.
"""

from __future__ import annotations

import time
from typing import Generic, Hashable, Sequence, TypeVar

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

ValueType = TypeVar("ValueType", bound=Hashable)

SEARCH_PAUSE_S = 0.7
"""Typing after a pause this long starts a new search."""


class DropdownList(OptionList):
    """The open list. It tells its dropdown to close on escape, on a pick and when it loses focus."""

    BINDINGS = [Binding("escape", "close", "Close menu", show=False)]

    class Closed(Message):
        def __init__(self, lost_focus: bool) -> None:
            super().__init__()
            self.lost_focus = lost_focus

    def __init__(self, options: list[Option]) -> None:
        super().__init__(*options, compact=True)
        self._query = ""
        self._typed_at = 0.0

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return character is not None and character.isprintable()

    async def _on_key(self, event: events.Key) -> None:
        if event.character is None or not event.is_printable:
            return
        event.stop()
        event.prevent_default()
        now = time.monotonic()
        self._query = (self._query if now - self._typed_at < SEARCH_PAUSE_S else "") + event.character.lower()
        self._typed_at = now
        matches = [
            (str(option.prompt).lower().find(self._query), index)
            for index, option in enumerate(self.options)
            if self._query in str(option.prompt).lower()
        ]
        if matches:
            self.highlighted = min(matches)[1]

    def action_close(self) -> None:
        self.post_message(self.Closed(lost_focus=False))

    def _on_blur(self, _: events.Blur) -> None:
        self.post_message(self.Closed(lost_focus=True))


class Dropdown(Generic[ValueType], Widget, can_focus=True):
    """`value` is None for "any" (the prompt), else one of the choices' values."""

    DEFAULT_CSS = """
    Dropdown {
        width: 1fr;
        height: 1;
        background: $surface;
        color: $foreground 50%;
        pointer: pointer;
        &.-has-value { color: $foreground; }
        &:focus { background-tint: $foreground 5%; }
        & > DropdownList {
            display: none;
            overlay: screen;
            constrain: none inside;
            offset-y: 1;
            width: 1fr;
            height: auto;
            max-height: 12;
            background: $surface;
        }
        &.-expanded > DropdownList { display: block; }
    }
    """
    BINDINGS = [Binding("enter,down,space,up", "open", "Show menu", show=False)]

    value: var[ValueType | None] = var(None, init=False)
    expanded: var[bool] = var(False, init=False)

    class Changed(Message):
        def __init__(self, dropdown: Dropdown, value: object) -> None:
            super().__init__()
            self.dropdown = dropdown
            self.value = value

        @property
        def control(self) -> Dropdown:
            return self.dropdown

    def __init__(
        self, choices: Sequence[tuple[str, ValueType]], *, prompt: str, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.prompt = prompt
        self.choices = list(choices)
        self._labels = {value: label for label, value in self.choices}
        self._values: list[ValueType | None] = [None] + [value for _, value in self.choices]
        """The value of each line of the open list: the first line is the prompt, "any"."""

    def render(self) -> Content:
        label = self.prompt if self.value is None else self._labels[self.value]
        arrow = "▲" if self.expanded else "▼"
        return Content(label).truncate(max(0, self.size.width - 3), pad=True) + Content.styled(
            f" {arrow} ", "$foreground 50%"
        )

    def validate_value(self, value: ValueType | None) -> ValueType | None:
        if value is not None and value not in self._labels:
            raise ValueError(f"{value!r} is not one of this dropdown's choices")
        return value

    def watch_value(self, value: ValueType | None) -> None:
        self.set_class(value is not None, "-has-value")
        self.post_message(self.Changed(self, value))

    def watch_expanded(self, expanded: bool) -> None:
        self.set_class(expanded, "-expanded")

    async def action_open(self) -> None:
        lists = self.query(DropdownList)
        if lists:
            choices = lists.first()
        else:
            choices = DropdownList(
                [Option(Content.styled(self.prompt, "dim"))] + [Option(label) for label, _ in self.choices]
            )
            await self.mount(choices)
        choices.highlighted = self._values.index(self.value)
        self.expanded = True
        choices.focus(scroll_visible=False)

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        if self.expanded:
            self.expanded = False
            self.focus()
        else:
            await self.action_open()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.value = self._values[event.option_index]
        self.expanded = False
        self.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    def on_dropdown_list_closed(self, event: DropdownList.Closed) -> None:
        event.stop()
        self.expanded = False
        if not event.lost_focus:
            self.focus()
