"""Scoring of exported records against gold annotations, by the rules of FORMAT.md."""

from qasid.evaluation.scoring import FieldScore, Report, score

__all__ = ["FieldScore", "Report", "score"]
