"""The figures on the team's evaluation set stay at or above these thresholds.

Raise them when the geoparser improves; `python manage.py evaluate_geoparser`
prints the current figures.
"""
import pytest

from events.geoparser.evaluation import evaluate, load_items, parse_marked

THRESHOLDS = {
    "ar": {"precision": 0.97, "recall": 0.92, "f1": 0.95, "accuracy_161km": 0.97},
    "fr": {"precision": 0.97, "recall": 0.93, "f1": 0.95, "accuracy_161km": 0.97},
    "en": {"precision": 0.97, "recall": 0.93, "f1": 0.95, "accuracy_161km": 0.97},
}


@pytest.fixture(scope="module")
def figures(geoparser):
    items = load_items()
    result, _errors = evaluate(lambda text, language: geoparser.parse(text, language=language), items)
    return result


def test_the_evaluation_set_is_big_enough():
    items = load_items()
    counts = {lang: sum(len(i["gold"]) for i in items if i["language"] == lang) for lang in ("ar", "fr", "en")}
    assert sum(counts.values()) >= 150 and min(counts.values()) >= 50


@pytest.mark.parametrize("language", sorted(THRESHOLDS))
def test_figures_meet_the_thresholds(figures, language):
    for measure, floor in THRESHOLDS[language].items():
        assert figures[language][measure] >= floor, (language, measure, figures[language])


def test_marks_are_parsed_into_plain_text_and_offsets():
    text, golds = parse_marked("سقطت ⟦درنة|32.767,22.637|LY|city⟧ و⟦l'x|1,2|FR|poi⟧.")
    assert text == "سقطت درنة وl'x."
    assert [(g.start, g.end, g.text, g.country_code) for g in golds] == [(5, 9, "درنة", "LY"), (11, 14, "l'x", "FR")]


HOLDOUT_THRESHOLDS = {  # the team's held-out set (never used to tune), locked below today's figures
    "ar": {"precision": 0.93, "recall": 0.85, "f1": 0.89, "accuracy_161km": 0.93},
    "fr": {"precision": 0.93, "recall": 0.85, "f1": 0.89, "accuracy_161km": 0.93},
    "en": {"precision": 0.93, "recall": 0.85, "f1": 0.89, "accuracy_161km": 0.93},
}


@pytest.fixture(scope="module")
def holdout_figures(geoparser):
    from events.geoparser.data import DATA_DIR

    items = load_items(DATA_DIR / "eval_holdout.jsonl")
    result, _errors = evaluate(lambda text, language: geoparser.parse(text, language=language), items)
    return result


@pytest.mark.parametrize("language", sorted(HOLDOUT_THRESHOLDS))
def test_held_out_figures_meet_the_thresholds(holdout_figures, language):
    for measure, floor in HOLDOUT_THRESHOLDS[language].items():
        assert holdout_figures[language][measure] >= floor, (language, measure, holdout_figures[language])
