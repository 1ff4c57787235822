"""The solvers: the class model that CP-SAT solves (student groups, waves, parts),
the preference terms of generated calendars, the CP-SAT wrapper (deadlines, seeds,
statuses) and the independent python-constraint encoding used to cross-check.

Rules compile into the ``CompileContext`` of ``solver.rules.context``; this layer
assembles those contexts into models and solves them.
May import: ``solver.core``, ``solver.i18n``, ``solver.rules``, ``solver.load``.
"""
