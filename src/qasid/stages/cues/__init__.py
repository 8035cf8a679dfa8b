"""Per-language cue lexicons shared by the quote and event stages, loaded once.

``qasid/data/lexicons/{fa,ar,en}/`` holds speech verbs, cue words (negation, condition,
claim, channel and medium markers, slogans, topic markers, pronouns) and event triggers; see
that folder's README for the formats. Everything is compiled against the normalised view, so
the data can be written in natural spelling.
"""

from qasid.stages.cues.lexicon import Lexicon, PhraseSet, Trigger, TriggerPattern, lexicon

__all__ = ["Lexicon", "PhraseSet", "Trigger", "TriggerPattern", "lexicon"]
