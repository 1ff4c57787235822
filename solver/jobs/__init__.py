"""The jobs a user asks for: verify, generate, repair (with its taste and alternatives),
explain (with relax and ask), what-if and compare, and batches (``batch/``). A job takes
data-model objects in and gives result objects out; it never prints.

May import: ``solver.core``, ``solver.i18n``, ``solver.rules``, ``solver.load``,
``solver.engine``; never ``solver.io``, ``solver.cli`` or ``solver.web``.
"""
