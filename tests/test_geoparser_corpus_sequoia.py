"""The Sequoia (Est Républicain) converter, on sentences written for this test
in the treebank's simplified CoNLL-U layout (13 columns, entities in the last)."""
from events.geoparser.corpora import convert
from events.geoparser.evaluation import load_items


def _row(n, form, entity="*"):
    return "\t".join([str(n), form, form, "X", "_", "_", "0", "dep", "_", "_", "*", "*", entity])


def _sentence(sent_id, text, words):
    rows = [_row(n, form, entity) for n, (form, entity) in enumerate(words, 1)]
    return "\n".join([f"# sent_id = {sent_id}", f"# text = {text}", *rows]) + "\n\n"


SOURCE = (
    _sentence("annodis.er_00002", "Le maire de Nancy est allé au Mans.", [
        ("Le", "*"), ("maire", "*"), ("de", "*"), ("Nancy", "1:ORG"), ("est", "*"), ("allé", "*"),
        ("à", "*"), ("le", "*"), ("Mans", "2:LOC"), (".", "*")])
    + _sentence("frwiki_50.1000_00001", "Lyon est une ville.", [
        ("Lyon", "1:LOC"), ("est", "*"), ("une", "*"), ("ville", "*"), (".", "*")])
    + _sentence("annodis.er_00001", "Des pluies sont tombées sur la Vallée des Anges.", [
        ("Des", "*"), ("pluies", "*"), ("sont", "*"), ("tombées", "*"), ("sur", "*"), ("la", "*"),
        ("Vallée", "1:LOC"), ("de", "1"), ("les", "1"), ("Anges", "1"), (".", "*")])
)


def test_only_the_newspaper_sentences_in_id_order_with_their_loc_entities(tmp_path):
    source = tmp_path / "sequoia.conllu"
    source.write_text(SOURCE, encoding="utf-8")
    items = load_items(convert("sequoia_er", source, tmp_path / "out.jsonl"))
    assert len(items) == 1
    item = items[0]
    assert item["text"].startswith("Des pluies") and "Lyon" not in item["text"]
    # «des» and «au» are two words in the treebank; the spans follow the text.
    assert [g.text for g in item["gold"]] == ["Vallée des Anges", "Mans"]
    # Nancy is the council here (ORG in its final reading), not a gold place.
    assert "Nancy" not in [g.text for g in item["gold"]]
