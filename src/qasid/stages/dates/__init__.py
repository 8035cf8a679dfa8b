"""Dates stage: absolute and relative date expressions, and the publication date of a document.

Reads Jalali (solar hijri), Hijri (lunar) and Gregorian dates in Persian, Arabic-Indic and ASCII
digits, with month names in Persian, Arabic (Levantine/Iraqi and Egyptian/Gulf) and English. All
lexicons are packaged data (``qasid/data/dates/``); all offsets point into the text as given.
"""

from qasid.stages.dates.absolute import find_dates
from qasid.stages.dates.mentions import DateMention, RelativeDateMention, ResolvedDate
from qasid.stages.dates.publication import parse_meta_date, publication_date
from qasid.stages.dates.relative import find_relative_dates, resolve, resolve_relative

__all__ = [
    "DateMention",
    "RelativeDateMention",
    "ResolvedDate",
    "find_dates",
    "find_relative_dates",
    "parse_meta_date",
    "publication_date",
    "resolve",
    "resolve_relative",
]
