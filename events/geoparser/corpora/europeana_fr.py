"""Europeana Newspapers, French (BnF part): 19th- and early 20th-century French
newspapers, OCR text with person, place and organisation tags (IOB1, one token
and tag per line), released CC0 by the Europeana Newspapers project
(EuropeanaNewspapers/ner-corpora, enp_FR.bnf.bio). Recognition only (no points);
LOC spans are the gold places. The OCR is noisy and the press is old, so this is
the hardest French set we have; it is not committed because of its size.
Every 300 tokens make one item.
"""
TOKENS_PER_ITEM = 300


def _rows(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parts = line.rstrip("\n").rsplit(" ", 1)
            if len(parts) == 2 and parts[0]:
                yield parts[0], parts[1]


def items(path):
    from events.geoparser.corpora import mark

    batch, n = [], 0
    for row in _rows(path):
        batch.append(row)
        if len(batch) >= TOKENS_PER_ITEM and row[1] == "O":
            yield _item(batch, n, mark)
            batch, n = [], n + 1
    if batch:
        yield _item(batch, n, mark)


def _item(rows, n, mark):
    text, golds, span = "", [], None
    for token, tag in rows:
        if text:
            text += " "
        start = len(text)
        text += token
        kind = tag[2:] if "-" in tag else ""
        if span and kind == span[1] and not tag.startswith("B-"):
            span[2] = len(text)
            continue
        if span and span[1] == "LOC":
            golds.append((span[0], span[2], None, None, None, None))
        span = [start, kind, len(text)] if kind else None
    if span and span[1] == "LOC":
        golds.append((span[0], span[2], None, None, None, None))
    return {"id": f"europeana-fr-{n:04d}", "language": "fr", "text": mark(text, golds)}
