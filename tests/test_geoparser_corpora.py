"""The ANERcorp train-split converter: LOC spans become recognition-only gold,
other tags do not, and the reserved test split is refused by name. The input
is a few invented lines in the corpus's format, written to a temporary file."""
import json

import pytest

from events.geoparser.corpora import convert
from events.geoparser.corpora.anercorp_train import TRAIN_FILE, items

SAMPLE = (
    "زار O\nالوفد O\nمدينة O\nنيو B-LOC\nيورك I-LOC\nثم O\nبيروت B-LOC\n. O\n\n"
    "قال O\nسمير B-PERS\nإن O\nالأمم B-ORG\nالمتحدة I-ORG\nفي O\nجنيف B-LOC\n. O\n\n"
)


def test_loc_spans_are_gold_and_persons_and_organisations_are_not(tmp_path):
    source = tmp_path / TRAIN_FILE
    source.write_text(SAMPLE, encoding="utf-8")
    (item,) = list(items(source))
    assert item["id"] == "anercorp_train-0000" and item["language"] == "ar"
    assert item["text"] == ("زار الوفد مدينة ⟦نيو يورك⟧ ثم ⟦بيروت⟧ .\n"
                            "قال سمير إن الأمم المتحدة في ⟦جنيف⟧ .")


def test_every_twenty_sentences_make_an_item_with_a_fixed_half(tmp_path):
    source = tmp_path / TRAIN_FILE
    source.write_text("بيروت B-LOC\n. O\n\n" * 45, encoding="utf-8")
    out = convert("anercorp_train", source, tmp_path / "out.jsonl")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["anercorp_train-0000", "anercorp_train-0001", "anercorp_train-0002"]
    assert [row["text"].count("⟦") for row in rows] == [20, 20, 5]
    assert all(row["split"] in ("tuned", "heldout") for row in rows)


@pytest.mark.parametrize("name", ["ANERCorp_CamelLab_test.txt", "ANERCorp_Benajiba.txt"])
def test_the_reserved_files_are_refused(tmp_path, name):
    source = tmp_path / name
    source.write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(ValueError, match="reserved"):
        list(items(source))
