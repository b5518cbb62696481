"""The newspaper part of the Sequoia French treebank (Candito and Seddah 2012;
Deep Sequoia 9.2): 504 sentences of L'Est Républicain, a regional daily of the
1990s-2000s (sent_id prefix `annodis.er`), with the PARSEME-FR named entities
(PERS, ORG, LOC, EVE, PROD). Recognition only (no points): the gold places are
the LOC entities in their final reading, so a town named for its council
(«maire de Saint-Dizier») is an organisation there, as in this parser.

The simplified CoNLL-U files of a course release keep that entity layer in a
13th column ("1:LOC" opens entity 1, "1" continues it, ";" separates nested
ones). Give the three files (train, dev, test) concatenated into one; only the
Est Républicain sentences are read (Europarl, Wikipedia and medicine leaflets
are not news), in the order of their ids, and every 10 make one item. Licence
LGPL-LR: read from the path the user gives, never committed.
"""
import re

SOURCE = "annodis.er"
PLACE = "LOC"
SENTENCES_PER_ITEM = 10
# French contractions the treebank splits into two words («au» = «à le»).
_CONTRACTIONS = frozenset("au aux du des".split())


def _sentences(path):
    """(number, text, rows) for each Est Républicain sentence; rows are (form, entity field)."""
    sentence_id, text, rows = None, None, []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("# sent_id = "):
                sentence_id = line[len("# sent_id = "):].strip()
            elif line.startswith("# text = "):
                text = line[len("# text = "):]
            elif not line.strip():
                if sentence_id and sentence_id.startswith(SOURCE + "_") and text is not None and rows:
                    yield int(sentence_id.rsplit("_", 1)[1]), text, rows
                sentence_id, text, rows = None, None, []
            elif not line.startswith("#"):
                fields = line.split("\t")
                if len(fields) >= 13 and fields[0].isdigit():
                    rows.append((fields[1], fields[12]))
    if sentence_id and sentence_id.startswith(SOURCE + "_") and text is not None and rows:
        yield int(sentence_id.rsplit("_", 1)[1]), text, rows


def _offsets(text, forms):
    """Character span of each word in the sentence text, or None where a word
    is the article inside a contraction («à le» written «au»)."""
    spans, cursor, absorbed = [], 0, False
    for form in forms:
        if absorbed:
            spans.append(spans[-1])
            absorbed = False
            continue
        while cursor < len(text) and text[cursor].isspace():
            cursor += 1
        word = re.match(r"\w+", text[cursor:])
        contraction = word and word.group().lower() in _CONTRACTIONS and form.lower() in ("à", "de")
        if text.startswith(form, cursor) and not contraction:
            spans.append((cursor, cursor + len(form)))
            cursor += len(form)
            continue
        if contraction:
            spans.append((cursor, cursor + len(word.group())))
            cursor += len(word.group())
            absorbed = True
            continue
        return None  # the text and the words disagree: the sentence has no usable spans
    return spans


def _places(rows, spans):
    """(start, end) of every LOC entity."""
    open_entities, found = {}, []
    for (form, field), span in zip(rows, spans):
        if field in ("*", "_"):
            continue
        for part in field.split(";"):
            number, _, label = part.partition(":")
            if label:
                open_entities[number] = [label, span[0], span[1]]
            elif number in open_entities:
                open_entities[number][2] = span[1]
    for label, start, end in open_entities.values():
        if label == PLACE:
            found.append((start, end))
    return found


def items(path):
    from events.geoparser.corpora import groups, mark

    sentences = sorted(_sentences(path))
    for n, batch in enumerate(groups(sentences, SENTENCES_PER_ITEM)):
        text, golds = "", []
        for _number, sentence, rows in batch:
            spans = _offsets(sentence, [form for form, _ in rows])
            base = len(text) + (1 if text else 0)
            text = f"{text} {sentence}" if text else sentence
            if spans:
                golds += [(base + s, base + e, None, None, None, None) for s, e in _places(rows, spans)]
        yield {"id": f"sequoia-er-{n:03d}", "language": "fr", "text": mark(text, golds)}
