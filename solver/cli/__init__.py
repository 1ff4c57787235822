"""The command line's jobs: the ``stageplan`` group (``app``), its shared options, exit
codes and error lines (``common``), the French of click's help (``help``) and one module
per job under ``commands/``. No rule logic here.

May import: every layer below; not ``solver.web`` (the web's own commands, ``serve``,
``user`` and ``token``, join the group in ``solver.stageplan``).
"""
