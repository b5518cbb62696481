"""Pre-2019 ACLED event types mapped onto the current taxonomy.

Before 2019 ACLED had nine event types and no sub-event types. Each old row is
given the current pair that best fits it, using the old type, the notes, the
fatalities and the actors' inter codes:

=========================================== ===============================================
old EVENT_TYPE                              current event type / sub-event type
=========================================== ===============================================
Battle-No change of territory               Battles / Armed clash
Battle-Government regains territory         Battles / Government regains territory
Battle-Non-state actor overtakes territory  Battles / Non-state actor overtakes territory
Remote violence                             Explosions/Remote violence / by the notes:
                                            chemical -> Chemical weapon; suicide ->
                                            Suicide bomb; air strike, air raid, drone,
                                            warplane, helicopter -> Air/drone strike;
                                            IED, landmine, roadside/car bomb, explosive
                                            device -> Remote explosive/landmine/IED;
                                            grenade -> Grenade; else Shelling/artillery/
                                            missile attack
Riots/Protests                              rioters (inter 5) against civilians ->
                                            Riots / Mob violence; rioters or any
                                            fatality -> Riots / Violent demonstration
                                            (but state forces killing protesters ->
                                            Protests / Excessive force against
                                            protesters); another actor involved ->
                                            Protests / Protest with intervention; else
                                            Protests / Peaceful protest
Violence against civilians                  Violence against civilians / by the notes:
                                            abduct, kidnap, disappear -> Abduction/forced
                                            disappearance; rape, sexual -> Sexual
                                            violence; else Attack
Strategic development                       Strategic developments / by the notes:
                                            arrest, detain -> Arrests; agreement,
                                            ceasefire, truce, peace deal -> Agreement;
                                            loot, burn, destroy -> Looting/property
                                            destruction; else Other
Headquarters or base established            Strategic developments / Headquarters or base
                                            established
Non-violent transfer of territory           Strategic developments / Non-violent transfer
                                            of territory
=========================================== ===============================================

Old rows have no civilian_targeting column: it is set for violence against
civilians, and for explosions/remote violence whose second actor is civilians (7).
"""
import re

from events.taxonomy import ActorType, EventType, SubEventType

S = SubEventType
E = EventType

_FIXED = {
    "battle-no change of territory": (E.BATTLES, S.ARMED_CLASH),
    "battle-government regains territory": (E.BATTLES, S.GOVERNMENT_REGAINS_TERRITORY),
    "battle-non-state actor overtakes territory": (E.BATTLES, S.NON_STATE_OVERTAKES_TERRITORY),
    "headquarters or base established": (E.STRATEGIC_DEVELOPMENTS, S.HEADQUARTERS_ESTABLISHED),
    "non-violent transfer of territory": (E.STRATEGIC_DEVELOPMENTS, S.NON_VIOLENT_TRANSFER),
}

# (pattern in the notes, sub-event type), first match wins.
_BY_NOTES = {
    "remote violence": (E.EXPLOSIONS, [
        (r"chemical", S.CHEMICAL_WEAPON),
        (r"suicide", S.SUICIDE_BOMB),
        (r"air ?strike|air ?raid|drone|war ?plane|helicopter|aerial bomb", S.AIR_DRONE_STRIKE),
        (r"\bi\.?e\.?d\b|land ?mine|roadside bomb|car bomb|explosive device", S.REMOTE_EXPLOSIVE),
        (r"grenade", S.GRENADE),
    ], S.SHELLING),
    "violence against civilians": (E.VIOLENCE_AGAINST_CIVILIANS, [
        (r"abduct|kidnap|disappear", S.ABDUCTION),
        (r"\brap(e|ed|ing)\b|sexual", S.SEXUAL_VIOLENCE),
    ], S.ATTACK),
    "strategic development": (E.STRATEGIC_DEVELOPMENTS, [
        (r"arrest|detain", S.ARRESTS),
        (r"agreement|cease-?fire|truce|peace deal", S.AGREEMENT),
        (r"loot|burn|destroy", S.LOOTING),
    ], S.OTHER),
}

OLD_TYPES = frozenset(_FIXED) | frozenset(_BY_NOTES) | {"riots/protests"}


def _protest(fatalities, inter1, inter2, has_actor2):
    if inter1 == ActorType.RIOTERS and inter2 == ActorType.CIVILIANS:
        return E.RIOTS, S.MOB_VIOLENCE
    demonstrators = (ActorType.PROTESTERS, ActorType.RIOTERS)
    if fatalities and inter1 == ActorType.STATE_FORCES and inter2 in demonstrators:
        return E.PROTESTS, S.EXCESSIVE_FORCE
    if inter1 == ActorType.RIOTERS or fatalities:
        return E.RIOTS, S.VIOLENT_DEMONSTRATION
    if has_actor2:
        return E.PROTESTS, S.PROTEST_WITH_INTERVENTION
    return E.PROTESTS, S.PEACEFUL_PROTEST


def current_types(old_type, *, notes="", fatalities=None, inter1=None, inter2=None, has_actor2=False):
    """(event type, sub-event type) for a pre-2019 EVENT_TYPE; None if the type is unknown."""
    key = " ".join(old_type.lower().replace(" - ", "-").split())
    if key in _FIXED:
        return _FIXED[key]
    if key == "riots/protests":
        return _protest(fatalities, inter1, inter2, has_actor2)
    if key in _BY_NOTES:
        event_type, rules, default = _BY_NOTES[key]
        text = notes.lower()
        return event_type, next((sub for pattern, sub in rules if re.search(pattern, text)), default)
    return None


def civilian_targeting(event_type, inter2):
    return event_type == E.VIOLENCE_AGAINST_CIVILIANS or (
        event_type == E.EXPLOSIONS and inter2 == ActorType.CIVILIANS
    )
