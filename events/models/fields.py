"""Field helpers the models share."""
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.countries import country_choices, validate_country_code


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other")


def country_field(**kwargs):
    return models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        choices=country_choices,
        validators=[validate_country_code],
        **kwargs,
    )


# Only web links: a javascript: or data: URL must never become a clickable source.
web_url = URLValidator(schemes=["http", "https"])
