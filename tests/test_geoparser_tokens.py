"""Tokens and phrase matching, the geoparser's innermost loop: offsets, phrase and
sentence breaks on every path of the tokenizer, and the cached matcher giving
longest_match's answers."""
from events.bench.geoparse import speedups
from events.geoparser.normalize import tokenize
from events.geoparser.phrases import PhraseIndex, PhraseMatcher, longest_match


def fields(text):
    return [(t.start, t.end, t.text, t.norm, t.break_before, t.capitalised, t.sentence_start)
            for t in tokenize(text)]


def test_a_word_with_punctuation_around_it_keeps_its_offsets_and_breaks():
    assert fields("«(بنغازي)»، وصل.") == [
        (2, 8, "بنغازي", "بنغازي", True, False, True),
        (12, 15, "وصل", "وصل", True, False, False),  # the Arabic comma after the name breaks
    ]


def test_elision_hyphens_abbreviations_double_spaces_and_newlines():
    assert fields("l'Algérie, U.S.-led  talks\nin Deir ez-Zor") == [
        (0, 1, "l", "l", True, False, True),
        (2, 9, "Algérie", "algerie", False, True, False),
        (11, 15, "U.S.", "us", True, True, False),  # the dots of an abbreviation end nothing
        (16, 19, "led", "led", False, False, False),
        (21, 26, "talks", "talks", False, False, False),
        (27, 29, "in", "in", True, False, True),  # a new line starts a sentence
        (30, 34, "Deir", "deir", False, True, False),
        (35, 37, "ez", "ez", False, False, False),
        (38, 41, "Zor", "zor", False, True, False),
    ]


def test_diacritics_no_break_space_and_question_mark():
    assert fields("سَقَطَت مدينة\u00a0درنة؟ نعم") == [
        (0, 7, "سَقَطَت", "سقطت", True, False, True),
        (8, 13, "مدينة", "مدينه", False, False, False),
        (14, 18, "درنة", "درنه", False, False, False),
        (20, 23, "نعم", "نعم", True, False, True),
    ]
    assert fields("... ، -") == []


def test_the_cached_matcher_answers_as_longest_match_does():
    index = PhraseIndex([("الموصل", 1), ("سهل نينوى", 2), ("Deir ez-Zor", 3), ("Deir", 4)])
    other = PhraseIndex([("سهل", 5)])
    matcher = PhraseMatcher((other, index))
    for text in ("وصلوا بالموصل ثم سهل نينوى", "in Deir ez-Zor and Deir, ez", "سهل، نينوى"):
        tokens = tokenize(text)
        for i in range(len(tokens)):
            assert matcher.longest(tokens, i) == longest_match(tokens, i, (other, index))
    tokens = tokenize("وصلوا بالموصل ثم سهل نينوى")
    assert matcher.longest(tokens, 1)[:3] == (1, "الموصل", True)  # clitics removed
    assert matcher.longest(tokens, 3)[:2] == (2, "سهل نينوي")  # the longer phrase wins (normalised)


def test_bench_speedups_are_medians_of_paired_ratios():
    def probe(rate):
        figures = {"articles_per_s": rate, "cpu_articles_per_s": rate,
                   "by_language": {"ar": rate}, "cpu_by_language": {"ar": rate}}
        return {"news": figures, "dense": figures}

    pairs = [(probe(200), probe(100)), (probe(300), probe(100)), (probe(100), probe(100))]
    assert speedups(pairs) == dict.fromkeys(
        ["news", "cpu_news", "news_ar", "cpu_news_ar", "dense", "cpu_dense", "dense_ar", "cpu_dense_ar"], 2.0)


def test_the_tokeniser_remembers_short_pieces_only():
    # A text whose words are joined by no-break spaces is one long piece between two
    # spaces: it is tokenised but not kept, so the memo's bound on entries bounds memory.
    from events.geoparser import normalize

    long_piece = "\u00a0".join(["Derna"] * 40) + "."
    tokens = normalize.tokenize(f"In {long_piece} today")
    assert [t.text for t in tokens].count("Derna") == 40
    assert long_piece not in normalize._PIECES and long_piece not in normalize._WORDS
    assert "today" in normalize._WORDS
