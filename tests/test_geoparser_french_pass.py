"""Readings added in the French pass of issue 11 (French news: towns of
French-speaking countries, contractions, compounds, French names of places
abroad). Every sentence here was written for these tests."""


def _mentions(geoparser, text, language="fr"):
    return [(m.text, m.name, m.country_code) for m in geoparser.parse(text, language=language)]


# -- towns of the countries whose press writes French --------------------------
def test_a_french_town_counts_in_a_french_text_without_its_country(geoparser):
    # Lorient (about 58,000 people) is no big city abroad, but a French text
    # names French towns without saying "France".
    text = "Un incendie a détruit un entrepôt du port de commerce à Lorient dans la nuit."
    assert ("Lorient", "Lorient", "FR") in _mentions(geoparser, text)


def test_a_belgian_town_counts_in_a_french_text(geoparser):
    text = "La grève des mineurs s'étend maintenant autour de Charleroi et de Mons."
    found = {(m[0], m[2]) for m in _mentions(geoparser, text)}
    assert {("Charleroi", "BE"), ("Mons", "BE")} <= found


def test_the_same_town_needs_its_country_in_an_english_text(geoparser):
    # The language of the text is what makes Lorient likely: in English the
    # town still needs France named nearby.
    text = "A fire destroyed a warehouse in Lorient overnight."
    assert not _mentions(geoparser, text, "en")


# -- French given names --------------------------------------------------------
def test_a_french_given_name_before_a_surname_is_a_person(geoparser):
    # «Emile» is also a GeoNames name of a town near Paris.
    assert _mentions(geoparser, "Emile Renaud, typographe, a été arrêté hier soir.") == []


def test_a_french_given_name_alone_is_the_person(geoparser):
    assert _mentions(geoparser, "« Entrez », murmura César en ouvrant la porte.") == []
    assert _mentions(geoparser, "Hervé a répondu qu'il viendrait demain.") == []


def test_a_given_name_after_a_locative_preposition_is_the_town(geoparser):
    text = "Une foire aux chevaux se tient chaque année à Herve."
    assert ("Herve", "Herve", "BE") in _mentions(geoparser, text)


# -- a name joined by a hyphen to another name ----------------------------------
def test_a_name_before_a_hyphen_and_a_word_that_is_no_place_is_part_of_a_longer_name(geoparser):
    assert _mentions(geoparser, "La troupe joue ce soir à l'Opéra-Comique une pièce nouvelle.") == []
    assert _mentions(geoparser, "On a retrouvé M. Lamy-Quantin à son domicile.") == []


def test_two_places_joined_by_a_hyphen_are_both_kept(geoparser):
    found = [m[2] for m in _mentions(geoparser, "L'Autriche-Hongrie a mobilisé ses réserves.")]
    assert found == ["AT", "HU"]


# -- French names the packages lack ------------------------------------------
def test_french_rivers_provinces_and_fronts_are_places(geoparser):
    assert ("Seine", "FR") in {(m[0], m[2]) for m in _mentions(geoparser, "Les eaux de la Seine ont encore monté.")}
    text = "Les vendanges ont commencé en Bourgogne et dans le Languedoc ; on se bat toujours en Argonne."
    assert [m[0] for m in _mentions(geoparser, text)] == ["Bourgogne", "Languedoc", "Argonne"]


def test_french_names_of_divisions_abroad_come_from_the_iso_translation(geoparser):
    # pycountry's French ISO 3166-2 names: Saxe is Sachsen, Toscane Toscana.
    found = {(m[0], m[2]) for m in _mentions(geoparser, "Le roi de Saxe est arrivé hier en Toscane.")}
    assert found == {("Saxe", "DE"), ("Toscane", "IT")}


def test_a_common_french_word_among_the_translated_division_names_is_left_out():
    from events.geoparser.build import _french_division_names

    names = _french_division_names()
    assert names.get("DE-SN") == "Saxe"
    assert "Est" not in names.values() and "Sud" not in names.values()


# -- organisations named after a place, French word order ----------------------
def test_an_organisation_head_then_de_and_a_place_is_the_organisation(geoparser):
    assert _mentions(geoparser, "Le tribunal de la Seine a rendu son jugement hier.") == []
    assert _mentions(geoparser, "La crise touche la Banque de Paris et les petits épargnants.") == []


def test_a_place_after_de_without_an_organisation_head_is_still_the_place(geoparser):
    text = "Le préfet de la Seine a visité les quartiers inondés de Paris."
    assert [m[0] for m in _mentions(geoparser, text)] == ["Seine", "Paris"]


# -- a town named with its article, after a contraction -------------------------
def test_a_town_named_with_le_is_found_after_au_and_du(geoparser):
    text = "Le train arrive au Mans à midi, puis repart du Mans vers Rennes."
    assert [m[1] for m in _mentions(geoparser, text)] == ["Le Mans", "Le Mans", "Rennes"]


def test_a_town_named_with_les_or_la_is_found_after_aux_and_de_la(geoparser):
    assert ("Les Sables-d'Olonne", "FR") in {
        (m[1], m[2]) for m in _mentions(geoparser, "Les baigneurs sont nombreux aux Sables-d'Olonne.")}
    assert ("La Courneuve", "FR") in {
        (m[1], m[2]) for m in _mentions(geoparser, "Un incendie a éclaté dans une usine de la Courneuve.")}


def test_the_name_without_its_article_is_no_place_elsewhere(geoparser):
    assert _mentions(geoparser, "Mans est un mot que personne n'écrit seul.") == []


def test_a_town_whose_name_without_the_article_is_a_common_word_is_not_indexed_so(geoparser):
    # La Chambre is a village in Savoie; «la Chambre» is the Chamber of Deputies.
    assert geoparser.gaz.contracted.get("mans") == "le"
    assert "chambre" not in geoparser.gaz.contracted
    assert _mentions(geoparser, "Le ministre a été interpellé hier à la Chambre.") == []


# -- ships named after places ---------------------------------------------------
def test_a_ship_named_after_a_place_is_the_ship(geoparser):
    text = "Le paquebot Provence est arrivé hier à Marseille ; la frégate Normandie a quitté Toulon."
    assert [m[0] for m in _mentions(geoparser, text)] == ["Marseille", "Toulon"]



# -- persons: given names that start longer place names, particles ---------------
def test_a_given_name_that_only_starts_a_longer_place_name_still_opens_a_person(geoparser):
    # «Henri» begins Henri-Chapelle but is no place alone; Morvan is a region.
    assert _mentions(geoparser, "Décès : Jules Pantais, Henri Morvan, René Sarliou.") == []


def test_de_and_a_name_after_a_title_is_the_persons_name(geoparser):
    assert _mentions(geoparser, "Le général de Saint-Germain a passé les troupes en revue.") == []
    text = "Le prix a été remis à M. de Francheville, de Vannes."
    assert [m[1] for m in _mentions(geoparser, text)] == ["Vannes"]


def test_de_and_a_town_after_an_office_is_still_the_town(geoparser):
    assert [m[1] for m in _mentions(geoparser, "Le maire de Rennes a reçu le ministre.")] == ["Rennes"]
