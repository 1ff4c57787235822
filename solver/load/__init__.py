"""Reading programmes and class files into the data model: a programme's rules parsed
into rule kinds, a class file's calendar and students, and the what-if overlays a class
file may be (``base:`` and ``changes:``) applied before validation.

It sits above ``rules`` (it parses rule kinds) and below the jobs that read classes.
May import: ``solver.core``, ``solver.i18n``, ``solver.rules``.
"""
