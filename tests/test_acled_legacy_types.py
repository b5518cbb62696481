"""Pre-2019 ACLED event types land on the current event and sub-event types."""
import pytest

from events.acled.legacy import civilian_targeting, current_types
from events.taxonomy import ActorType, EVENT_TYPE_OF


@pytest.mark.parametrize("notes, expected", [
    ("Militants shelled the town with mortars.", "Shelling/artillery/missile attack"),
    ("An air strike hit a training camp.", "Air/drone strike"),
    ("A US drone killed two militants.", "Air/drone strike"),
    ("An IED exploded under a patrol vehicle.", "Remote explosive/landmine/IED"),
    ("A suicide bomber detonated a car bomb.", "Suicide bomb"),
    ("A grenade was thrown at a checkpoint.", "Grenade"),
])
def test_it_reads_the_kind_of_remote_violence_from_the_notes(notes, expected):
    assert current_types("Remote violence", notes=notes) == ("Explosions/Remote violence", expected)


@pytest.mark.parametrize("options, expected", [
    ({}, ("Protests", "Peaceful protest")),
    ({"has_actor2": True, "inter2": ActorType.STATE_FORCES}, ("Protests", "Protest with intervention")),
    ({"fatalities": 3}, ("Riots", "Violent demonstration")),
    ({"inter1": ActorType.RIOTERS}, ("Riots", "Violent demonstration")),
    ({"inter1": ActorType.RIOTERS, "inter2": ActorType.CIVILIANS}, ("Riots", "Mob violence")),
    ({"inter1": ActorType.STATE_FORCES, "inter2": ActorType.PROTESTERS, "fatalities": 1},
     ("Protests", "Excessive force against protesters")),
])
def test_it_tells_protests_from_riots(options, expected):
    assert current_types("Riots/Protests", **options) == expected


def test_it_accepts_spacing_and_case_variants():
    assert current_types("BATTLE - NO CHANGE OF TERRITORY") == ("Battles", "Armed clash")
    assert current_types("Unknown type") is None


@pytest.mark.parametrize("old_type", [
    "Battle-No change of territory", "Battle-Government regains territory",
    "Battle-Non-state actor overtakes territory", "Remote violence", "Riots/Protests",
    "Violence against civilians", "Strategic development", "Headquarters or base established",
    "Non-violent transfer of territory",
])
def test_it_always_gives_a_sub_event_type_of_the_event_type(old_type):
    event_type, sub_event_type = current_types(old_type)
    assert EVENT_TYPE_OF[sub_event_type] == event_type


def test_it_marks_violence_against_civilians_as_civilian_targeting():
    assert civilian_targeting("Violence against civilians", None)
    assert civilian_targeting("Explosions/Remote violence", ActorType.CIVILIANS)
    assert not civilian_targeting("Battles", ActorType.REBEL_GROUP)
