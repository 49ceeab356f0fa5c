"""Checks of tracker files: validation, lint rules, the JSON Schema, fmt, diagnostics."""
