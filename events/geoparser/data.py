"""Where the team's data files live and how they are read.

Kept apart so that the gazetteer builder, the lexicons and the evaluation can
all read data without importing one another.
"""
import json
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")

# The newsroom's own region: covered down to villages, in every script.
HOME_COUNTRIES = frozenset(
    "MA DZ TN LY EG SD SS MR ML NE TD BF EH SY IQ LB JO PS IL YE SA AE OM KW BH QA".split()
)

# Where Arabic itself names the towns: the Arab League's members, Western Sahara and
# Israel (whose Arab towns have Arabic names). Arabic news may write a town of theirs
# with the article or without it («الخرطوم» and «خرطوم»); a town elsewhere is written
# as its own language has it, bare («روما», «بورصة», «مشهد»), so «الروم» (the
# Byzantines), «البورصة» (the stock exchange) and «المشهد» (the scene) are words.
ARABIC_SPEAKING = frozenset(
    "MA DZ TN LY EG SD MR SO DJ KM EH SY IQ LB JO PS IL YE SA AE OM KW BH QA".split()
)

# Countries whose own press writes in a language: in a text in that language,
# their towns are as likely as the outlet's own (a French paper names Rennes or
# Liège without saying "France" or "Belgique"). The home region is covered anyway.
LANGUAGE_COUNTRIES = {"fr": frozenset("FR BE CH LU MC".split())}


def read_json(name, directory=None):
    return json.loads(((directory or DATA_DIR) / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def read_cached(name):
    """A data file read once per process (the lexicons)."""
    return read_json(name)
