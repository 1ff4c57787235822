"""Files in and out: the import of class lists (CSV, XLSX), ICS calendars, the YAML
round trip that keeps a user's comments, and ``render/`` (text, HTML, XLSX, ICS and the
batch reports) from result objects.

May import: every layer below (``core``, ``i18n``, ``rules``, ``load``, ``engine``,
``jobs``); never ``solver.cli`` or ``solver.web``.
"""
