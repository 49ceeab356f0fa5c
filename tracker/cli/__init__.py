"""The ``tracker`` command: argument parsing and printing only; every decision is the library's."""
