"""The parser's shortcuts give the answers of the long way they skip: the second
round's rescoring, the cached evidence verdict, the demonym flags and the
dateline's first test. The texts are the team's evaluation set (in the repository)."""
from events.geoparser import gazetteer as gz
from events.geoparser.evaluation import load_items
from events.geoparser.normalize import tokenize
from events.geoparser.recognise import _DEMONYM
from events.geoparser.textmarks import dateline as _dateline
from events.geoparser.resolve import EVIDENCE_RULES, Facts
from events.geoparser.weights import W


def _prepared(geoparser, text):
    tokens = tokenize(text)
    matches, context = geoparser.recogniser.recognise(tokens, text)
    geoparser._qualify(matches, tokens)
    geoparser._gather_context(matches, context)
    return tokens, matches, context


def test_the_second_round_adds_the_anchors_bonus_as_scoring_again_would(geoparser):
    compared = 0
    for item in load_items():
        tokens, matches, context = _prepared(geoparser, item["text"])
        first = {}
        chosen = [(m, geoparser._choose(tokens, m, context, None, None, first)) for m in matches]
        anchors = {(geoparser.gaz.lat[c[0]], geoparser.gaz.lon[c[0]], m.key) for m, c in chosen
                   if c and isinstance(c[0], int) and c[1] >= W["anchor_confidence"]
                   and geoparser.gaz.kind[c[0]] != gz.COUNTRY}
        if not anchors:
            continue
        near = geoparser._near_flags(anchors)
        for match, choice in chosen:
            if choice and id(match) in first and len(match.candidates) > 1 and near(match):
                again = geoparser._choose(tokens, match, context, None, anchors)
                assert geoparser._rescore(match, choice, first[id(match)], near, context, None) == again
                compared += 1
    assert compared >= 20


def test_the_facts_fill_every_field_and_the_cached_verdict_is_the_rules_one(geoparser):
    resolver, weighed = geoparser.resolver, 0
    for item in load_items()[:80]:
        tokens, matches, context = _prepared(geoparser, item["text"])
        for match in matches:
            if not match.candidates:
                continue
            facts = resolver.facts(match, tokens, context, "LY")
            assert len(facts) == len(Facts._fields)
            first_say = next((v for v in (rule(facts) for rule in EVIDENCE_RULES) if v is not None), False)
            assert resolver._verdict(facts) == first_say
            weighed += 1
    assert weighed >= 100


def test_a_token_without_the_demonym_flag_starts_no_demonym(geoparser):
    recogniser, demonyms = geoparser.recogniser, 0
    for item in load_items()[:80]:
        tokens = tokenize(item["text"])
        for j, token in enumerate(tokens):
            found = recogniser.demonym_at(tokens, j)
            demonyms += found is not None
            if not recogniser._interesting(token.norm) & _DEMONYM:
                assert found is None
    assert demonyms >= 20


def test_a_name_after_a_word_on_its_line_is_no_dateline_but_one_after_a_long_blank_is():
    for text, expected in (("Gaza - Reuters", True), ("in Gaza - Reuters", False),
                           ("news\nGaza - Reuters", True), ("word" + " " * 90 + "Gaza - Reuters", True),
                           ("word" + " " * 60 + "Gaza - Reuters", False)):
        tokens = tokenize(text)
        i = next(n for n, t in enumerate(tokens) if t.text == "Gaza")
        assert _dateline(text, tokens, i, 1) is expected, text
