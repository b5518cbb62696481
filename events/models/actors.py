"""Who takes part in events (ACLED's actors, with their inter codes) and free tags."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models.fields import country_field
from events.taxonomy import ActorType


class Actor(models.Model):
    name = models.CharField(
        _("name"), max_length=300, unique=True,
        help_text=_("The name used in exports, as ACLED would write it."),
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=300, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    actor_type = models.PositiveSmallIntegerField(
        _("actor type"), choices=ActorType.choices,
        help_text=_("ACLED's inter code: state forces, rebels, militias, rioters, ..."),
    )
    country = country_field(help_text=_("The actor's home country, if any."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name
