"""Pure rules, no I/O: task types, models, names, weeks, the dependency rule and the
state machine."""
