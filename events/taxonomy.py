"""The ACLED event taxonomy: disorder types, event types and sub-event types.

Values are ACLED's own strings so that data moves in and out of ACLED files
unchanged. The disorder type is derived from the sub-event type, as in the codebook:
excessive force against protesters and mob violence count as both political
violence and demonstrations.
"""
from functools import lru_cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DisorderType(models.TextChoices):
    POLITICAL_VIOLENCE = "Political violence", _("Political violence")
    DEMONSTRATIONS = "Demonstrations", _("Demonstrations")
    POLITICAL_VIOLENCE_DEMONSTRATIONS = (
        "Political violence; Demonstrations",
        _("Political violence; Demonstrations"),
    )
    STRATEGIC_DEVELOPMENTS = "Strategic developments", _("Strategic developments")


class EventType(models.TextChoices):
    BATTLES = "Battles", _("Battles")
    EXPLOSIONS = "Explosions/Remote violence", _("Explosions/Remote violence")
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians", _("Violence against civilians")
    PROTESTS = "Protests", _("Protests")
    RIOTS = "Riots", _("Riots")
    STRATEGIC_DEVELOPMENTS = "Strategic developments", _("Strategic developments")


class SubEventType(models.TextChoices):
    ARMED_CLASH = "Armed clash", _("Armed clash")
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory", _("Government regains territory")
    NON_STATE_OVERTAKES_TERRITORY = (
        "Non-state actor overtakes territory",
        _("Non-state actor overtakes territory"),
    )
    CHEMICAL_WEAPON = "Chemical weapon", _("Chemical weapon")
    AIR_DRONE_STRIKE = "Air/drone strike", _("Air/drone strike")
    SUICIDE_BOMB = "Suicide bomb", _("Suicide bomb")
    SHELLING = "Shelling/artillery/missile attack", _("Shelling/artillery/missile attack")
    REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED", _("Remote explosive/landmine/IED")
    GRENADE = "Grenade", _("Grenade")
    SEXUAL_VIOLENCE = "Sexual violence", _("Sexual violence")
    ATTACK = "Attack", _("Attack")
    ABDUCTION = "Abduction/forced disappearance", _("Abduction/forced disappearance")
    PEACEFUL_PROTEST = "Peaceful protest", _("Peaceful protest")
    PROTEST_WITH_INTERVENTION = "Protest with intervention", _("Protest with intervention")
    EXCESSIVE_FORCE = "Excessive force against protesters", _("Excessive force against protesters")
    VIOLENT_DEMONSTRATION = "Violent demonstration", _("Violent demonstration")
    MOB_VIOLENCE = "Mob violence", _("Mob violence")
    AGREEMENT = "Agreement", _("Agreement")
    ARRESTS = "Arrests", _("Arrests")
    CHANGE_TO_GROUP = "Change to group/activity", _("Change to group/activity")
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use", _("Disrupted weapons use")
    HEADQUARTERS_ESTABLISHED = "Headquarters or base established", _("Headquarters or base established")
    LOOTING = "Looting/property destruction", _("Looting/property destruction")
    NON_VIOLENT_TRANSFER = "Non-violent transfer of territory", _("Non-violent transfer of territory")
    OTHER = "Other", _("Other")


S = SubEventType
SUB_EVENT_TYPES = {
    EventType.BATTLES: (S.ARMED_CLASH, S.GOVERNMENT_REGAINS_TERRITORY, S.NON_STATE_OVERTAKES_TERRITORY),
    EventType.EXPLOSIONS: (
        S.CHEMICAL_WEAPON, S.AIR_DRONE_STRIKE, S.SUICIDE_BOMB,
        S.SHELLING, S.REMOTE_EXPLOSIVE, S.GRENADE,
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: (S.SEXUAL_VIOLENCE, S.ATTACK, S.ABDUCTION),
    EventType.PROTESTS: (S.PEACEFUL_PROTEST, S.PROTEST_WITH_INTERVENTION, S.EXCESSIVE_FORCE),
    EventType.RIOTS: (S.VIOLENT_DEMONSTRATION, S.MOB_VIOLENCE),
    EventType.STRATEGIC_DEVELOPMENTS: (
        S.AGREEMENT, S.ARRESTS, S.CHANGE_TO_GROUP, S.DISRUPTED_WEAPONS_USE,
        S.HEADQUARTERS_ESTABLISHED, S.LOOTING, S.NON_VIOLENT_TRANSFER, S.OTHER,
    ),
}
EVENT_TYPE_OF = {sub: event_type for event_type, subs in SUB_EVENT_TYPES.items() for sub in subs}

_DISORDER_OF_EVENT_TYPE = {
    EventType.BATTLES: DisorderType.POLITICAL_VIOLENCE,
    EventType.EXPLOSIONS: DisorderType.POLITICAL_VIOLENCE,
    EventType.VIOLENCE_AGAINST_CIVILIANS: DisorderType.POLITICAL_VIOLENCE,
    EventType.PROTESTS: DisorderType.DEMONSTRATIONS,
    EventType.RIOTS: DisorderType.DEMONSTRATIONS,
    EventType.STRATEGIC_DEVELOPMENTS: DisorderType.STRATEGIC_DEVELOPMENTS,
}
_BOTH = {S.EXCESSIVE_FORCE, S.MOB_VIOLENCE}


def disorder_type_for(event_type, sub_event_type):
    """The ACLED disorder type of an event type / sub-event type pair."""
    if sub_event_type in _BOTH:
        return DisorderType.POLITICAL_VIOLENCE_DEMONSTRATIONS
    return _DISORDER_OF_EVENT_TYPE[EventType(event_type)]


class ActorType(models.IntegerChoices):
    """ACLED's inter codes."""

    STATE_FORCES = 1, _("State forces")
    REBEL_GROUP = 2, _("Rebel group")
    POLITICAL_MILITIA = 3, _("Political militia")
    IDENTITY_MILITIA = 4, _("Identity militia")
    RIOTERS = 5, _("Rioters")
    PROTESTERS = 6, _("Protesters")
    CIVILIANS = 7, _("Civilians")
    EXTERNAL_OTHER = 8, _("External/Other forces")


class TimePrecision(models.IntegerChoices):
    DAY = 1, _("Exact day")
    WEEK = 2, _("Within a week")
    MONTH = 3, _("Within a month")


class GeoPrecision(models.IntegerChoices):
    EXACT = 1, _("Exact town or place")
    NEAR = 2, _("Near a town, or part of a region")
    REGION = 3, _("Region or province only")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


def label(choices, value):
    """The label of a choice value in the active language (the value itself when it is
    not one of the choices).

    Model.get_FOO_display() rebuilds and hashes the whole list of lazy labels on each
    call, which translates every one of them: in the GeoJSON export and the API that was
    most of the time spent per event. Here each language's labels are read once."""
    return _labels(choices, get_language() or "").get(value, value)


@lru_cache(maxsize=64)
def _labels(choices, language):
    return {value: str(text) for value, text in choices.choices}
