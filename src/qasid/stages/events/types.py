"""The event type table (CAMEO defaults, PLOVER mapping) and CONSULT refinements."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from qasid.resources import tsv


@dataclass(frozen=True)
class EventType:
    name: str
    cameo: str | None
    plover: str | None
    plover_mode: str | None
    frame: str = "subject"
    symmetric: bool = False


@cache
def event_types() -> dict[str, EventType]:
    def cell(v: str) -> str | None:
        return None if v in ("", "-") else v

    return {r["type"]: EventType(r["type"], cell(r["cameo"]), cell(r["plover"]),
                                 cell(r["plover_mode"]), r["frame"], r["symmetric"] == "yes")
            for r in tsv("events/types.tsv")}


@cache
def consult_refinements() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["condition"], r["cameo"], r["plover_mode"])
                 for r in tsv("events/consult_cameo.tsv"))
