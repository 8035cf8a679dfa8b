"""Records of the dates stage: absolute mentions, relative mentions and their resolution.

They are frozen dataclasses of plain values (like :mod:`qasid.records`) so later stages cannot
alter them and they pickle cheaply to Spark executors. Every ``start``/``end`` pair is an
end-exclusive Python ``str`` offset into the text that was searched — never into a normalised
copy — so ``text[m.start:m.end]`` is always the expression as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from qasid.stages.dates.calendars import period_range, to_gregorian

Calendar = Literal["gregorian", "jalali", "hijri"]
Precision = Literal["day", "month", "year"]
#: a resolved relative date may only be known to the week ("last week")
ResolvedPrecision = Literal["day", "week", "month", "year"]
#: how an absolute mention was written; kept so rules can trust some forms more than others
Form = Literal["iso", "numeric", "named", "year"]
RelativeKind = Literal["weekday", "offset", "month", "day_month"]


@dataclass(frozen=True)
class DateMention:
    """One absolute date expression found in a text.

    ``raw_year``/``month``/``day`` are as written, in ``calendar`` (``۲۳-۰۲-۱۴۰۳`` gives
    ``raw_year=1403, month=2, day=23, calendar="jalali"``). ``iso`` is the Gregorian rendering at
    ``precision``: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``. A Jalali or Hijri month or year does
    not line up with a Gregorian one, so at month/year precision ``iso`` names the Gregorian
    month/year holding the *middle* of the period (most of its days); use
    :meth:`gregorian_range` for exact bounds. ``iso`` is ``None`` exactly when the year is
    missing (``۱۲ اسفند``): such a mention needs an anchor, see :mod:`.relative`.
    ``weekday`` is the weekday *named in the text* (0 = Monday, as :meth:`date.weekday`), which
    may disagree with the date; :attr:`weekday_conflict` says so.
    """

    start: int
    end: int
    calendar: Calendar
    precision: Precision
    iso: str | None
    raw_year: int | None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    form: Form = "named"

    @property
    def year_missing(self) -> bool:
        """True for a day+month written without a year (``۱۲ اسفند``, ``4 February``)."""
        return self.raw_year is None

    @property
    def gregorian(self) -> date | None:
        """The Gregorian day, for a day-precision mention with a year."""
        if self.precision != "day" or self.raw_year is None or self.month is None:
            return None
        return to_gregorian(self.calendar, self.raw_year, self.month, self.day or 1)

    @property
    def weekday_conflict(self) -> bool:
        """True when the text names a weekday that the date does not fall on."""
        day = self.gregorian
        return day is not None and self.weekday is not None and day.weekday() != self.weekday

    def gregorian_range(self) -> tuple[date, date] | None:
        """First and last Gregorian day the mention covers, or None without a year.

        >>> m = DateMention(0, 9, "jalali", "month", "2025-11", 1404, 8)
        >>> [d.isoformat() for d in m.gregorian_range()]
        ['2025-10-23', '2025-11-21']
        """
        if self.raw_year is None:
            return None
        return period_range(self.calendar, self.raw_year, self.month, self.day)


@dataclass(frozen=True)
class RelativeDateMention:
    """A date expression that needs the article date to be placed (``روز یکشنبه``, ``أمس``).

    ``kind`` says which fields are set:

    - ``"weekday"``: ``weekday`` (0 = Monday);
    - ``"offset"``: ``unit`` (``day|week|month|year``) and a signed ``amount``
      (``دیروز`` = day −1, ``next year`` = year +1);
    - ``"month"``: ``calendar`` and ``month`` (``في يونيو``, ``ژوئن گذشته``);
    - ``"day_month"``: ``calendar``, ``month``, ``day`` and perhaps ``weekday`` (``۱۲ اسفند``).

    For weekday and month mentions ``amount`` is the modifier: 0 = plain (the latest one on or
    before the article date), −1 = "last/الماضي/گذشته" (strictly before), +1 = "next" (strictly
    after).
    """

    start: int
    end: int
    kind: RelativeKind
    unit: str | None = None
    amount: int = 0
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    calendar: Calendar | None = None


@dataclass(frozen=True)
class ResolvedDate:
    """A date placed on the Gregorian calendar from a mention and an anchor (article) date.

    ``iso`` is ``YYYY-MM-DD`` for ``day`` and ``week`` precision (for a week: the anchor moved by
    whole weeks, meaning "within the week around this day"), ``YYYY-MM`` for ``month`` and
    ``YYYY`` for ``year``. ``rule`` names the resolution rule, as evidence for reviewers.
    """

    iso: str
    precision: ResolvedPrecision
    start: int
    end: int
    rule: str
