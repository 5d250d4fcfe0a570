"""The back care cards: a list of titles and the chosen card's text, with its sources.

Opened from the Library pane (key `i`) and the command palette. The cards come from
`data/education.toml` through `tui_back.data_files.builtin_education`; the last entry of the list
says what the STarT Back questionnaire is for. Keyboard only: up and down choose a card, page up
and page down scroll it wherever the focus is (tab or enter also reach the text). On a wide screen the list
sits beside the text; otherwise above it, shorter on a short screen, so a card is readable at 60x20.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Container, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_back.domain.education import Card, Education, card_text
from tui_back.ui import keys
from tui_back.ui.text_view import TextView

DISCLAIMER = (
    "General information, not advice for your case; tui-back is not a medical device. Worried about a "
    "symptom? Close the cards ({close}) and press {symptoms} for the symptom check."
)
BOUND_KEYS = ("cards-scroll-down", "cards-scroll-up", "cards-close")


class EducationScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    EducationScreen { align: center middle; }
    EducationScreen > Vertical {
        width: 100%; max-width: 120; height: 100%; max-height: 46;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    EducationScreen #cards-disclaimer, EducationScreen #cards-keys { color: $text-muted; }
    EducationScreen #cards-body { height: 1fr; }
    EducationScreen #cards-list { height: auto; max-height: 10; border: none; padding: 0; }
    EducationScreen.-short #cards-list { max-height: 5; }
    EducationScreen #card-text { height: 1fr; margin-top: 1; }
    EducationScreen.-wide #cards-body { layout: horizontal; }
    EducationScreen.-wide #cards-list { width: 38; height: 1fr; max-height: 100%; }
    EducationScreen.-wide #card-text { margin-top: 0; margin-left: 2; }
    """
    BINDINGS = keys.bindings(*BOUND_KEYS)
    AUTO_FOCUS = "#cards-list"

    def __init__(self, education: Education) -> None:
        super().__init__()
        self.cards: tuple[Card, ...] = (*education.cards, education.start_back)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Back care cards", classes="title")
            disclaimer = DISCLAIMER.format(
                close=keys.key_text(self.app, "cards-close"), symptoms=keys.key_text(self.app, "pane-symptoms")
            )
            yield Static(disclaimer, id="cards-disclaimer", markup=False)
            with Container(id="cards-body"):
                yield OptionList(*(Option(card.title, id=card.id) for card in self.cards), id="cards-list")
                yield TextView(card_text(self.cards[0]), id="card-text")
            hint = keys.hint_line(self.app, ("cards-choose", *BOUND_KEYS), "   ")
            yield Static(hint, id="cards-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        view = self.query_one(TextView)
        text = card_text(self.cards[event.option_index])
        if text != view.text:
            view.update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(TextView).focus()

    @property
    def shown(self) -> Card:
        """The card whose text is on screen."""
        index = self.query_one(OptionList).highlighted or 0
        return self.cards[index]

    def action_scroll_card(self, pages: int) -> None:
        view = self.query_one(TextView)
        if pages > 0:
            view.scroll_page_down(animate=False)
        else:
            view.scroll_page_up(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)


def open_cards(app: App) -> None:
    """Show the cards over whatever is on screen, unless they already are; a broken shipped file is
    reported, not a crash."""
    from tui_back.data_files import builtin_education
    from tui_back.domain.validation import DataError

    if isinstance(app.screen, EducationScreen):
        return
    try:
        education = builtin_education()
    except DataError as exc:
        app.notify(str(exc), title="The cards cannot be shown", severity="error", markup=False)
        return
    app.push_screen(EducationScreen(education))
