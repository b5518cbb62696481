"""ACLED files in and out of the event map.

- columns: the codebook's 31 columns and how headers of older files map onto them;
- countries: ACLED's country names and numeric ISO codes to ISO alpha-2 and back;
- legacy: the pre-2019 event types mapped onto the current taxonomy;
- rows: one CSV row checked and turned into the values of an Event;
- geocode: a place for rows that come without coordinates;
- importer: files read in batches and written with bulk queries.
"""
from events.acled.columns import COLUMNS, AcledFormatError
from events.acled.importer import AcledImport

__all__ = ["COLUMNS", "AcledFormatError", "AcledImport"]
