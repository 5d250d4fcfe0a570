"""The education cards: the shipped file validates, every card names its sources, and a broken
entry is reported with its card and field."""

from __future__ import annotations

import copy
import re

import pytest

from tui_back import paths
from tui_back.data_files import builtin_education, read_toml
from tui_back.domain.education import START_BACK_ID, card_text, parse_education
from tui_back.domain.validation import DataError

SHIPPED = paths.builtin_data_dir() / "education.toml"
TOPICS = ("common", "keep-active", "bed-rest", "hurt-not-harm", "pacing", "sleep", "improvement", "flare-up")
"""The cards NICE NG59 1.2.1 and the safety review ask for (hazard H21)."""


@pytest.fixture
def document() -> dict:
    return copy.deepcopy(read_toml(SHIPPED))


def test_the_shipped_cards_cover_every_topic_in_order():
    education = builtin_education()
    assert tuple(card.id for card in education.cards) == TOPICS


def test_every_card_and_the_start_back_line_name_a_defined_source():
    education = builtin_education()
    for card in (*education.cards, education.start_back):
        assert card.sources and all(name.strip() for name in card.sources), card.id
        assert card.paragraphs and all(card.paragraphs), card.id
        assert card_text(card).splitlines()[-len(card.sources) :] == [f"- {name}" for name in card.sources]
    assert any("NG59" in name and "1.2.1" in name for name in education.get("keep-active").sources)
    assert any(name.startswith("NHS: ") for card in education.cards for name in card.sources)


def test_the_flare_up_plan_says_what_to_do_how_long_and_when_to_check():
    text = " ".join(builtin_education().get("flare-up").paragraphs)
    for words in ("Gentle routine", "desk routine", "short walks", "24 to 72 hours", "for a week", "symptom check"):
        assert words in text
    assert "symptom check" in " ".join(builtin_education().get("hurt-not-harm").paragraphs)


def test_the_start_back_line_says_what_it_is_for_and_that_the_app_never_scores_it():
    line = builtin_education().start_back
    assert line.id == START_BACK_ID and len(line.paragraphs) == 1
    assert "how much back pain is affecting you" in line.paragraphs[0]
    assert "Take the score to your physiotherapist" in line.paragraphs[0]
    assert "never asks it, scores it or acts on it" in line.paragraphs[0]


def test_card_text_names_the_card_then_its_paragraphs_then_its_sources():
    card = builtin_education().get("bed-rest")
    lines = card_text(card).splitlines()
    assert lines[0] == "AVOID BED REST" and lines[2] == card.paragraphs[0]
    assert "Sources:" in lines


def test_no_card_shows_an_internal_code_or_a_markup_tag_and_all_read_in_ascii():
    for card in (*builtin_education().cards, builtin_education().start_back):
        text = card_text(card)
        assert not re.search(r"\b[EUS]\d\b", text) and "[/" not in text
        assert text.isascii(), card.id  # the same in ASCII mode and a terminal that is not UTF-8


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["card"][1].pop("sources"), "card 'keep-active': field 'sources': is required"),
        (lambda d: d["card"][1].update(sources=[]), "card 'keep-active': field 'sources': must not be empty"),
        (lambda d: d["card"][2].update(sources=["NOPE"]), "card 'bed-rest': field 'sources': unknown source"),
        (lambda d: d["card"][0].update(text=[]), "card 'common': field 'text': must not be empty"),
        (lambda d: d["card"][0].update(text=["  "]), "card 'common': field 'text': must be a list of non-empty texts"),
        (lambda d: d["card"][0].update(colour="red"), "card 'common': field 'colour': is not a known field"),
        (lambda d: d["card"].append(dict(d["card"][0])), "card 'common': field 'id': appears twice"),
        (lambda d: d["card"][0].update(id=START_BACK_ID), "is the id of the STarT Back line"),
        (lambda d: d["start_back"].update(sources=["NOPE"]), "start_back: field 'sources': unknown source key"),
        (lambda d: d.pop("start_back"), "[start_back] is required"),
        (lambda d: d.update(card=[]), "[card] must not be empty"),
    ],
)
def test_a_broken_entry_names_its_card_and_field(document, change, problem):
    change(document)
    with pytest.raises(DataError) as raised:
        parse_education(document, "education.toml")
    assert problem in str(raised.value)
