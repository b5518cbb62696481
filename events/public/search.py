"""Search that forgives accents, Arabic letter variants and diacritics, on SQLite and PostgreSQL.

A journalist types «Etat islamique» for «État islamique (Libye)», or «درنة» without
caring whether the source wrote «دَرْنة» or «درنه». Both sides of a comparison go
through the same folding: lower case, Latin accents dropped, Arabic hamza and
alef forms, alef maqsura, taa marbuta and the harakat/tatweel unified.

In SQL the folding is ``translate(lower(column), FROM, TO)``: PostgreSQL has
``translate`` built in (no extension such as unaccent to install); on SQLite the
same function is registered on every connection from Python's str.translate. It is
written here, not taken from a library, because it must be the same characters in
Python, PostgreSQL and SQLite; unidecode-style transliteration would turn Arabic
into Latin and break Arabic-to-Arabic matching.
"""
from django.db.backends.signals import connection_created
from django.db.models import CharField, Func
from django.db.models.functions import Lower
from django.dispatch import receiver

_LATIN = {
    "a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđ", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
    "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő",
    "r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
}
_ARABIC = {"ا": "أإآٱ", "ه": "ة", "ي": "ىئ", "و": "ؤ"}
# Harakat, shadda, sukun, superscript alef and tatweel: removed.
_REMOVED = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"

_FROM, _TO = [], []
for plain, variants in {**_LATIN, **_ARABIC}.items():
    for variant in variants:
        for char in {variant, variant.upper()}:
            if len(char) == 1 and char not in _FROM:
                _FROM.append(char)
                _TO.append(plain)
FROM = "".join(_FROM) + _REMOVED
TO = "".join(_TO)
_TABLE = str.maketrans("".join(_FROM), TO, _REMOVED)


def fold(text):
    """The folded form of a piece of text, as the database computes it."""
    return (text or "").lower().translate(_TABLE)


class Folded(Func):
    """fold(column) in SQL."""

    function = "translate"
    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(Lower(expression), _value(FROM), _value(TO), **extra)


def _value(text):
    from django.db.models import Value

    return Value(text, output_field=CharField())


def _sqlite_translate(text, source, target):
    if text is None:
        return None
    table = str.maketrans(source[:len(target)], target, source[len(target):])
    return text.translate(table)


@receiver(connection_created)
def _register_sqlite_translate(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("translate", 3, _sqlite_translate, deterministic=True)
