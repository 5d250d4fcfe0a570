"""Education cards: short self-management advice, each with its sources, and the STarT Back line.

The cards come from `data/education.toml` (NICE NG59 recommends information on the nature of back
pain and encouragement to keep to normal activities; hazard H21 of docs/SAFETY.md). Every card
must name at least one source that the file defines, so no advice is shown without saying where it
comes from. The text is the app's own wording; this module only checks it and lays it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from msgspec import Meta, Struct

from tui_back.domain.validation import DataError, NonEmptyTexts, Text, convert, reject_duplicates, source_names


class Card(Struct, frozen=True):
    id: str
    title: str
    paragraphs: tuple[str, ...]
    sources: tuple[str, ...]
    """The sources' full names, in the order the card lists them."""


class Education(Struct, frozen=True):
    cards: tuple[Card, ...]
    start_back: Card
    """What the STarT Back tool is for: one paragraph, shown after the cards."""

    def get(self, card_id: str) -> Card:
        for card in (*self.cards, self.start_back):
            if card.id == card_id:
                return card
        raise KeyError(card_id)


class CardTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[[card]]`."""

    id: Text
    title: Text
    text: NonEmptyTexts
    sources: NonEmptyTexts


class StartBackTable(Struct, frozen=True, forbid_unknown_fields=True):
    text: Text
    sources: NonEmptyTexts


class EducationFile(Struct, frozen=True, forbid_unknown_fields=True):
    sources: dict[str, Text]
    card: Annotated[tuple[CardTable, ...], Meta(min_length=1)]
    start_back: StartBackTable


START_BACK_ID = "start-back"
START_BACK_TITLE = "The STarT Back questionnaire"


def parse_education(document: Mapping[str, Any], source: str) -> Education:
    """The cards of a parsed education file; `DataError` naming the card and field if one is wrong."""
    parsed = convert(document, EducationFile, source, items={"card": "card"})
    reject_duplicates((table.id for table in parsed.card), source, "card")
    cards = tuple(
        Card(
            table.id.strip(),
            table.title.strip(),
            tuple(paragraph.strip() for paragraph in table.text),
            source_names(table.sources, parsed.sources, source, f"card '{table.id}'"),
        )
        for table in parsed.card
    )
    if any(card.id == START_BACK_ID for card in cards):
        raise DataError(source, "is the id of the STarT Back line; use another", f"card '{START_BACK_ID}'", "id")
    start_back = Card(
        START_BACK_ID,
        START_BACK_TITLE,
        (parsed.start_back.text.strip(),),
        source_names(parsed.start_back.sources, parsed.sources, source, "start_back"),
    )
    return Education(cards, start_back)


def card_text(card: Card) -> str:
    """The card as plain text: its title in capitals (so the card shown is named without colour),
    its paragraphs a blank line apart, then its sources."""
    lines = [card.title.upper(), ""]
    for paragraph in card.paragraphs:
        lines += [paragraph, ""]
    lines.append("Sources:" if len(card.sources) > 1 else "Source:")
    lines += [f"- {name}" for name in card.sources]
    return "\n".join(lines)
