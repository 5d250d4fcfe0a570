"""The built-in exercise catalogue: complete, safe in its wording, in our own words, and loaded strictly."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tui_back import paths
from tui_back.data_files import load_catalogue
from tui_back.domain.catalogue import Exercise
from tui_back.domain.validation import DataError

DATA = Path(__file__).resolve().parents[1] / "data"
BUILTIN = paths.builtin_data_dir() / "exercises.toml"

REQUIRED_IDS = (
    "glute-bridge", "bird-dog", "plank", "side-plank", "drawing-in", "core-engagement",
    "partial-crunch", "knee-to-chest", "knees-to-chest", "kneeling-back-stretch", "childs-pose",
    "pelvic-tilt", "hamstring-stretch", "cat-cow", "prone-extension", "knee-twist", "seated-twist",
    "dead-bug", "superman", "band-row", "wall-angels", "romanian-deadlift", "chest-supported-row",
    "walking",
)
GENTLE = {
    "pelvic-tilt", "knee-to-chest", "knee-twist", "drawing-in", "core-engagement", "cat-cow",
    "childs-pose", "kneeling-back-stretch", "glute-bridge", "hamstring-stretch", "walking",
    "seated-twist",
}
NOT_FOR_FLARE_UPS = {
    "romanian-deadlift", "band-row", "chest-supported-row", "superman", "plank", "side-plank",
    "dead-bug", "partial-crunch", "prone-extension",
}
PROMISES = re.compile(r"\bgo(es)? away\b|\bcured?\b|\bcures\b|\bpain[- ]free\b|\bguarantee|\beliminat", re.I)


@pytest.fixture(scope="module")
def builtin():
    return load_catalogue(BUILTIN)


def prose(exercise: Exercise) -> list[str]:
    """Every sentence a user reads about an exercise."""
    return [
        exercise.name, *exercise.steps, exercise.easier, exercise.harder, *exercise.cautions,
        exercise.dosage.note,
    ]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def shingles(text: str, size: int = 8) -> set[str]:
    run = words(text)
    return {
        hashlib.sha256(" ".join(run[i : i + size]).encode()).hexdigest()[:16]
        for i in range(len(run) - size + 1)
    }


def write(tmp_path: Path, text: str, name: str = "exercises.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the built-in content


def test_every_required_exercise_is_present(builtin):
    assert builtin.errors == ()
    missing = [i for i in REQUIRED_IDS if i not in builtin]
    assert missing == []


def test_every_exercise_is_complete(builtin):
    for e in builtin.exercises:
        assert 3 <= len(e.steps) <= 6, e.id
        assert e.sources and e.easier and e.harder and e.cautions and e.muscles, e.id
        assert e.dosage.note, e.id
        assert not e.user_defined, e.id


def test_drawings_are_small_and_pure_ascii(builtin):
    for e in builtin.exercises:
        for drawing in (e.drawing_start, e.drawing_end):
            lines = drawing.splitlines()
            assert 1 <= len(lines) <= 5, e.id
            assert max(len(line) for line in lines) <= 28, e.id
            assert drawing.isascii() and all(c == "\n" or 32 <= ord(c) < 127 for c in drawing), e.id
        assert e.drawing_start != e.drawing_end, e.id


def test_full_crunch_only_appears_as_a_cautioned_harder_option(builtin):
    crunch = builtin.get("partial-crunch")
    assert "full crunch" in crunch.harder.lower()
    assert "avoid in acute pain" in crunch.harder.lower()
    assert not crunch.acute_ok
    others = [e.id for e in builtin.exercises if e.id != "partial-crunch" and "crunch" in " ".join(prose(e)).lower()]
    assert others == []


def test_no_text_promises_pain_will_go_away(builtin):
    for e in builtin.exercises:
        for text in prose(e):
            assert not PROMISES.search(text), (e.id, text)


def test_promise_check_would_catch_an_overclaim():
    assert PROMISES.search("Your stiffness will go away.")
    assert PROMISES.search("This cures back pain.")
    assert not PROMISES.search("Keep the grip secure.")


def test_bird_dog_shows_the_disagreement_and_picks_the_shorter_hold(builtin):
    dosage = builtin.get("bird-dog").dosage
    assert dosage.hold_range is not None
    assert dosage.hold_range[0] <= 5 and dosage.hold_range[1] >= 15
    assert dosage.hold_s <= 10
    assert "5 s" in dosage.note and "15 s" in dosage.note


def test_flare_up_suitability_is_conservative(builtin):
    assert {e.id for e in builtin.exercises if e.acute_ok} >= GENTLE
    assert not [i for i in NOT_FOR_FLARE_UPS if builtin.get(i).acute_ok]


def test_prone_extension_warns_about_spreading_leg_symptoms(builtin):
    cautions = " ".join(builtin.get("prone-extension").cautions).lower()
    assert "leg" in cautions and "spread" in cautions


def test_positions_categories_and_sides(builtin):
    assert builtin.get("seated-twist").position == "seated"
    assert builtin.get("wall-angels").position == "standing"
    assert builtin.get("romanian-deadlift").position == "standing"
    walking = builtin.get("walking")
    assert (walking.category, walking.position) == ("cardio", "standing")
    assert (walking.dosage.hold_s, walking.dosage.reps) == (1200, 1)
    for per_side in ("knee-to-chest", "hamstring-stretch", "knee-twist", "seated-twist", "bird-dog", "side-plank"):
        assert builtin.get(per_side).per_side, per_side
    assert not builtin.get("knees-to-chest").per_side


def test_moving_exercises_are_paced_and_rests_stay_short(builtin):
    for e in builtin.exercises:
        assert e.dosage.rest_s <= 15, e.id
        if not e.dosage.is_hold:
            assert e.dosage.pace_s >= 2, e.id
    assert builtin.get("cat-cow").dosage.hold_s == 0
    assert builtin.get("cat-cow").dosage.pace_s == 4


def test_sources_are_titles_and_seeds_are_cited(builtin):
    cited = {title for e in builtin.exercises for title in e.sources}
    assert "5 Lower Back Exercises to Strengthen and Decrease Pain" in cited
    assert "Effective Exercises to Alleviate Lower Back Pain" in cited
    assert any(title.startswith("10 Essential Exercises") for title in cited)
    assert "Untitled article on strengthening and stretching the lower back" in cited
    assert "Untitled article on exercises to strengthen the lower back" in cited


def test_notes_name_sources_a_reader_can_find(builtin):
    """The "Why:" line is read by users: articles by title, never by file number or internal notes."""
    for e in builtin.exercises:
        note = e.dosage.note.lower()
        assert "seed" not in note and "clinical.md" not in note and "section 4" not in note, (e.id, note)


def test_steps_and_advice_are_in_our_own_words(builtin):
    """No run of 8 consecutive words may match any seed article (hashed in a fixture)."""
    lines = (DATA / "catalogue_seed_shingles.txt").read_text().splitlines()
    seed_shingles = {line for line in lines if line and not line.startswith("#")}
    assert len(seed_shingles) > 3000
    for e in builtin.exercises:
        for text in prose(e):
            assert not shingles(text) & seed_shingles, (e.id, text)


def test_overlap_check_detects_a_shared_run():
    text = "Lie face up with your knees bent and both feet resting on the floor."
    assert shingles(text) & shingles("Then " + text.lower())
    assert not shingles(text) & shingles("Lie face up with your knees together, then stand.")


# ---------------------------------------------------------------- validation


BROKEN = [
    ('category = "stretch"', 'category = "yoga"', "category"),
    ('position = "supine"', 'position = "upside-down"', "position"),
    ('steps = ["Lie down.", "Stretch gently.", "Relax."]\n', "", "steps"),
    ('steps = ["Lie down.", "Stretch gently.", "Relax."]', "steps = []", "steps"),
    ('name = "Test stretch"', 'name = "Test stretch"\ncolour = "red"', "colour"),
    ("rest_s = 10", "rest_s = 10\nrests = 5", "dosage.rests"),
    ("hold_range = [5, 15]", "hold_range = [15, 5]", "dosage.hold_range"),
    ("hold_s = 10", "hold_s = 20", "dosage.hold_s"),
    ('sources = ["demo"]', 'sources = ["nowhere"]', "sources"),
    ("acute_ok = true", 'acute_ok = "yes"', "acute_ok"),
]


def test_minimal_fixture_is_valid(tmp_path):
    catalogue = load_catalogue(write(tmp_path, (DATA / "catalogue_minimal.toml").read_text()))
    assert [e.id for e in catalogue.exercises] == ["test-stretch"]
    assert catalogue.get("test-stretch").sources == ("A demo article",)


@pytest.mark.parametrize(("old", "new", "field"), BROKEN, ids=[case[2] + ":" + case[1][:14] for case in BROKEN])
def test_errors_name_file_exercise_and_field(tmp_path, old, new, field):
    text = (DATA / "catalogue_minimal.toml").read_text()
    assert old in text
    path = write(tmp_path, text.replace(old, new))
    with pytest.raises(DataError) as caught:
        load_catalogue(path)
    message = str(caught.value)
    assert str(path) in message
    assert "exercise 'test-stretch'" in message
    assert f"field '{field}'" in message


def test_duplicate_id_is_named(tmp_path):
    text = (DATA / "catalogue_minimal.toml").read_text()
    block = text[text.index("[[exercise]]") :]
    path = write(tmp_path, text + "\n" + block)
    with pytest.raises(DataError) as caught:
        load_catalogue(path)
    assert str(path) in str(caught.value)
    assert (caught.value.item, caught.value.field) == ("exercise 'test-stretch'", "id")
    assert "twice" in str(caught.value)


def test_invalid_toml_names_the_file(tmp_path):
    path = write(tmp_path, '[[exercise]]\nid = "oops\n')
    with pytest.raises(DataError) as caught:
        load_catalogue(path)
    assert str(caught.value).startswith(str(path))
    assert "not valid TOML" in str(caught.value)


# ---------------------------------------------------------------- the user's own file


def user_file(ctx) -> Path:
    path = paths.user_exercises_file(ctx.data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_user_file_adds_and_replaces(ctx, builtin):
    user_file(ctx).write_text((DATA / "catalogue_user.toml").read_text(), encoding="utf-8")
    catalogue = ctx.catalogue
    assert catalogue.errors == ()
    assert len(catalogue.exercises) == len(builtin.exercises) + 1
    added = catalogue.get("desk-extension")
    assert added.user_defined and added.position == "standing"
    replaced = catalogue.get("pelvic-tilt")
    assert replaced.user_defined and replaced.name == "Pelvic tilt (my physio's version)"
    assert replaced.dosage.hold_s == 12
    assert catalogue.get("bird-dog") == builtin.get("bird-dog")


def test_broken_user_file_keeps_the_builtins_and_reports(ctx, builtin):
    path = user_file(ctx)
    path.write_text((DATA / "catalogue_user_broken.toml").read_text(), encoding="utf-8")
    catalogue = ctx.catalogue
    assert catalogue.exercises == builtin.exercises
    assert len(catalogue.errors) == 1
    error = catalogue.errors[0]
    assert str(path) in error and "exercise 'my-stretch'" in error and "field 'category'" in error


def test_user_file_not_in_utf8_is_reported_not_fatal(ctx, builtin):
    path = user_file(ctx)
    path.write_bytes('[[exercise]]\nid = "etirement"\nname = "\u00e9tirement"\n'.encode("latin-1"))
    catalogue = ctx.catalogue
    assert catalogue.exercises == builtin.exercises
    assert len(catalogue.errors) == 1 and str(path) in catalogue.errors[0]


# ---------------------------------------------------------------- filtering


def ids(exercises) -> set[str]:
    return {e.id for e in exercises}


def test_filter_by_text_searches_name_alias_and_muscle(builtin):
    assert ids(builtin.filter("hip bridge")) == {"glute-bridge"}
    assert ids(builtin.filter("adim")) == {"drawing-in"}
    assert ids(builtin.filter("RDL")) == {"romanian-deadlift"}
    assert ids(builtin.filter("quadratus")) == {"side-plank", "standing-side-bend"}
    assert ids(builtin.filter("bird")) == {"bird-dog"}
    assert "hamstring-stretch" in ids(builtin.filter("hamstrings"))
    assert builtin.filter("no such exercise") == []
    assert len(builtin.filter("")) == len(builtin.exercises)


def test_filter_by_category_position_and_flare_up(builtin):
    assert ids(builtin.filter(category="cardio")) == {"walking"}
    assert ids(builtin.filter(position="seated")) == {"seated-twist", "seated-pelvic-rock"}
    assert ids(builtin.filter(position="standing")) == {
        "band-row", "wall-angels", "romanian-deadlift", "walking", "standing-back-extension", "sit-to-stand",
        "standing-side-bend",
    }
    gentle = ids(builtin.filter(acute_only=True))
    assert gentle >= GENTLE and not gentle & NOT_FOR_FLARE_UPS
    assert ids(builtin.filter(category="stretch", position="supine", acute_only=True)) == {
        "knee-to-chest", "hamstring-stretch",
    }
    assert ids(builtin.filter("back", category="mobility", position="all-fours")) == {"cat-cow"}
