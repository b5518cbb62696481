"""NewsFANE Gold (Alotaibi and Lee 2014): Arabic newswire, 170,000 tokens with
fine-grained named entities (CC BY-SA 3.0). Recognition only (no points): the
gold places are the geographic classes (Nation, Population-Center,
State-or-Province, County-or-District, Continent, Water-Body,
Land-Region-Natural, GPE-Cluster: «الشرق الأوسط», «العالم العربي»); facilities
are not counted, nor names the corpus tags as something else (a club named
after its city is Sports, «الاتحاد الأوروبي» an organisation).

The file is one token per line, clitics split off («و الصين»), sentences
separated by blank lines. Tokens are joined with spaces and every 20 sentences
make one item. Read from the path the user gives; not committed (share-alike
terms are the corpus's, not the project's).
"""
PLACE_CLASSES = frozenset("Nation Population-Center State-or-Province County-or-District Continent "
                          "Water-Body Land-Region-Natural GPE-Cluster".split())
SENTENCES_PER_ITEM = 20


def _sentences(path):
    sentence = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0].strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            sentence.append((parts[0].strip(), parts[1].strip()))
    if sentence:
        yield sentence


def items(path):
    from events.geoparser.corpora import groups, mark

    for n, batch in enumerate(groups(_sentences(path), SENTENCES_PER_ITEM)):
        yield _item(batch, n, mark)


def _item(sentences, n, mark):
    text, golds, open_span = "", [], None
    for sentence in sentences:
        for token, tag in sentence:
            if text:
                text += " "
            start = len(text)
            text += token
            kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
            if tag.startswith("I-") and open_span and open_span[1] == kind:
                open_span[2] = len(text)
                continue
            if open_span and open_span[1] in PLACE_CLASSES:
                golds.append((open_span[0], open_span[2], None, None, None, None))
            open_span = [start, kind, len(text)] if tag.startswith("B-") else None
        text += "\n" if not text.endswith("\n") else ""
    if open_span and open_span[1] in PLACE_CLASSES:
        golds.append((open_span[0], open_span[2], None, None, None, None))
    return {"id": f"newsfane-{n:04d}", "language": "ar", "text": mark(text.rstrip(), golds)}
