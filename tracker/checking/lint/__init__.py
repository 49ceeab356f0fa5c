"""Lint rules: consistency that JSON Schema cannot express.

:data:`tracker.checking.lint.registry.RULES` lists every rule; :mod:`tracker.checking.lint.runner`
runs the selected ones over a validated week.
"""
