"""Tolerant parsing of report text (being built)."""
