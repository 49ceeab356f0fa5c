"""Lint rules: consistency that JSON Schema cannot express.

:data:`tracker.lint.registry.RULES` lists every rule; :mod:`tracker.lint.runner`
runs the selected ones over a validated week.
"""
