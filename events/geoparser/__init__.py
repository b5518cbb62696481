"""A geoparser for Arabic, French and English news: a library, free of Django.

    from events.geoparser import Geoparser, load_gazetteer
    parser = Geoparser(load_gazetteer(directory="var/gazetteer"))
    parser.parse("سقطت مدينة درنة الليبية", language="ar")

returns Mention objects (span, surface text, resolved name, coordinates, country,
feature kind, GeoNames id, confidence, alternatives). The caller passes in what
it knows beyond the packaged data: editors' aliases and non-place names to the
Geoparser, a cache directory to load_gazetteer, article-scoped corrections to
parse(). The Django app's adapter is events.geoparsing.

Modules by job: data (data files), build (sources -> gazetteer), cache (the
pickle on disk), gazetteer (the data model), normalize and phrases (tokens and
phrase matching), lexicon (cue words, demonyms, titles...), recognise and
resolve (the two halves of parsing), weights (every number, with its reason),
parser (the facade), evaluation and corpora (measuring it).
"""
from events.geoparser.cache import build_cache, cache_path
from events.geoparser.cache import load as load_gazetteer
from events.geoparser.language import detect_language
from events.geoparser.parser import Geoparser, Mention

__all__ = ["Geoparser", "Mention", "build_cache", "cache_path", "detect_language", "load_gazetteer"]
