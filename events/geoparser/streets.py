"""French street names: «rue du Château», «place de la République», «boulevard
Victor-Hugo», «quai des Orfèvres».

French news names where things happened down to the street, and both French
corpora tag street names as places. The gazetteer has no streets, so a street
is placed at the town it is in: the town the text names right after it («rue de
la Paix à Rennes», «boulevard Voltaire, Paris»), else the nearest town named
before it, else the nearest after it. A street in a text that names no town is
left out, and the names inside it are read as any others («rue de Provence»);
a street placed at its town hides them. The mention keeps the street's words
and the town's point, feature and id (its point is no finer than the town's).

What makes a street name: a street word (STREET_WORDS, in lower case or
capitalised), optional «de», «du», «des», «de la», «de l'», «d'», then a
capitalised word or a number joined by a hyphen («rue du 4-Septembre»), and the
capitalised or hyphen-joined words after it («rue du Faubourg-Saint-Honoré»,
«place de l'Hôtel de Ville»). «place» is also the common noun: «la place de la
France dans le monde» is no square, so a «place» whose name is a country, a
region or a division is left alone, and so are «sur place», «mise en place», «à
la place de», «la place de Macron» (a bare «de») and a title after it. Read in
French texts only (recognise.py).
"""
from events.geoparser import gazetteer as gz

# Street words of French towns (normalised). Nouns with common other senses
# that are usually followed by a place name («route de Damas», «porte de
# Versailles», «pont de Normandie», «cours de»), are left out.
STREET_WORDS = frozenset((
    "rue", "rues", "avenue", "boulevard", "bd", "place", "quai", "impasse", "allee", "square", "esplanade",
    "faubourg", "parvis", "promenade", "ruelle", "venelle",
    # Named sites inside a town, placed the same way: «quartier de la Villette»,
    # «château de Vincennes», «parc Borély», «église Saint-Sulpice», «canal du
    # Midi», «cité Bisson». Both French corpora tag them whole. Words whose named
    # forms are mostly organisations or buildings nobody tags were measured and
    # left out on the tuned halves: «gare», «maison», «centre», «lac» (a lake has
    # its own name in the gazetteer), «hôpital», «théâtre», «salle».
    "quartier", "chateau", "parc", "eglise", "canal", "cite"))
_LINKS = frozenset(("de", "du", "des", "la", "l", "d"))
_MAX_TOKENS = 8


def _joined(text, left, right):
    """Whether two tokens are written as one hyphenated word (or with an apostrophe)."""
    return text[left.end:right.start] in ("-", "'", "’")


def street_at(tokens, i, text, names_a_region, place_at, is_title):
    """The number of tokens of the street name opening at token i, or 0.
    `names_a_region(key)`: whether a gazetteer key names a country, a region or
    a division; `place_at(tokens, k)`: whether a place name opens at token k;
    `is_title(norm)`: whether a word is a person's title."""
    if text is None or tokens[i].norm not in STREET_WORDS:
        return 0
    square = tokens[i].norm == "place"
    if square and i and tokens[i - 1].norm in ("en", "sur") or square and i > 1 and tokens[i - 1].norm == "la" \
            and tokens[i - 2].norm == "a":
        return 0  # «mise en place», «sur place», «à la place de» (instead of)
    count = len(tokens)
    j = i + 1
    while j < count and j - i <= 3 and tokens[j].norm in _LINKS and not tokens[j].break_before \
            and not tokens[j].capitalised:
        j += 1
    if j >= count or tokens[j].break_before:
        return 0
    if square and j == i + 2 and tokens[i + 1].norm == "de":
        return 0  # «la place de Macron», «la place de Paris dans...»: a square has «de la», «du», «des»
    first = tokens[j]
    numbered = first.norm.isdigit() and j + 1 < count and _joined(text, first, tokens[j + 1])
    if not (first.capitalised or numbered) or is_title(first.norm) and not (
            j + 1 < count and _joined(text, first, tokens[j + 1])):
        # «la place du Premier ministre»; a title hyphenated to a name is the
        # street's name («boulevard Duchesse-Anne», «avenue du Président-Wilson»)
        return 0
    end = j + 1
    while end < count and end - i < _MAX_TOKENS and not tokens[end].break_before:
        nxt = tokens[end]
        if _joined(text, tokens[end - 1], nxt) or nxt.capitalised and text[tokens[end - 1].end:nxt.start] == " " \
                and not (nxt.text.isupper() and len(nxt.text) > 1 and not first.text.isupper()):
            end += 1  # (not into a heading in capitals: «rue de l'Abbaye BONNE SITUATION»)
            continue
        # A link between capitalised words («place de l'Hôtel de Ville»), unless
        # what follows is a town («rue Nationale de Lille» is in Lille).
        k = end
        while k < count and k - end < 2 and tokens[k].norm in _LINKS and not tokens[k].capitalised \
                and not tokens[k].break_before:
            k += 1
        if k == end or k >= count or k - i >= _MAX_TOKENS or tokens[k].break_before \
                or not tokens[k].capitalised or place_at(tokens, k):
            break
        end = k + 1
    if square and names_a_region(" ".join(t.norm for t in tokens[j:end])):
        return 0  # «la place de la France dans le monde»
    return end - i


def town_of(street, placed, gaz, tokens):
    """The (match, place id) of the town a street is in, from `placed`, the
    resolved (match, place id) pairs in text order: the town right after it
    (at most two words between: «à», «,», «de»), else the nearest before it,
    else the nearest after it; None when the text names no town. (Looking after
    it only within its sentence lost more streets than wrong towns on the tuned
    halves.)"""
    end = street.i + street.length
    towns = [(m, pid) for m, pid in placed if gaz.kind[pid] in (gz.CITY, gz.LOCALITY)]
    after = [(m, pid) for m, pid in towns if m.i >= end]
    same_sentence = after and not any(t.sentence_start for t in tokens[end:after[0][0].i + 1])
    if same_sentence and after[0][0].i - end <= 2:
        return after[0]
    before = [(m, pid) for m, pid in towns if m.i + m.length <= street.i]
    if before:
        return before[-1]
    return after[0] if after else None
