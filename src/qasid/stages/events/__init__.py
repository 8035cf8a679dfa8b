"""Diplomatic events coded from trigger lexicons and clause rules, natively in fa/ar/en."""

from qasid.stages.events.extractor import Event, extract_events
from qasid.stages.events.types import event_types

__all__ = ["Event", "event_types", "extract_events"]
