"""ANERcorp (Benajiba and Rosso 2007), the TRAIN split of CAMeL Lab's 2020
release (ANERCorp_CamelLab_train.txt: the sentences holding the first 5/6 of
the words, 125,102 words of Arabic newswire). Recognition only (no points):
the gold places are the B-LOC/I-LOC spans; persons, organisations and MISC are
not places.

The CAMeL Lab test split (ANERCorp_CamelLab_test.txt) and the full
ANERCorp_Benajiba.txt, which contains it, are kept for independent checks:
this converter refuses any file whose name is not the train split's, so the
reserved words can never reach var/corpora/ by mistake.

The file is one "token TAG" pair a line (a single space between them),
sentences separated by blank lines; clitics are mostly left attached as
written. Tokens are joined with spaces and every 20 sentences make one item,
as for NewsFANE. The release states no licence (the corpus is described as
freely available for research): it is read from the path the user gives and
never committed.
"""
from pathlib import Path

TRAIN_FILE = "ANERCorp_CamelLab_train.txt"
PLACE_TAG = "LOC"
SENTENCES_PER_ITEM = 20


def _sentences(path):
    sentence = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if len(fields) != 2:
                if sentence:
                    yield sentence
                sentence = []
                continue
            sentence.append((fields[0], fields[1]))
    if sentence:
        yield sentence


def items(path):
    from events.geoparser.corpora import groups, mark

    if Path(path).name != TRAIN_FILE:
        raise ValueError(f"anercorp_train reads only {TRAIN_FILE} (the test split is reserved), not {Path(path).name}")
    for n, batch in enumerate(groups(_sentences(path), SENTENCES_PER_ITEM)):
        yield _item(batch, n, mark)


def _spans(tokens):
    """(start, end) of every LOC span over tokens joined by single spaces; a
    stray I-LOC with no B-LOC before it opens a span of its own."""
    spans, offset, open_span = [], 0, None
    for token, tag in tokens:
        start, end = offset, offset + len(token)
        offset = end + 1
        if tag == f"I-{PLACE_TAG}" and open_span:
            open_span[1] = end
            continue
        if open_span:
            spans.append(tuple(open_span))
        open_span = [start, end] if tag in (f"B-{PLACE_TAG}", f"I-{PLACE_TAG}") else None
    if open_span:
        spans.append(tuple(open_span))
    return spans


def _item(sentences, n, mark):
    lines, golds, base = [], [], 0
    for sentence in sentences:
        line = " ".join(token for token, _ in sentence)
        golds.extend((base + s, base + e, None, None, None, None) for s, e in _spans(sentence))
        lines.append(line)
        base += len(line) + 1
    return {"id": f"anercorp_train-{n:04d}", "language": "ar", "text": mark("\n".join(lines), golds)}
