"""Tracker files as text: the only PyYAML import, the canonical emitter, the fast reader,
positions."""
