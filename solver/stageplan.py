"""The ``stageplan`` command: the command line's jobs (``solver.cli.app``) and the web's
own commands (``serve``, ``user``, ``token``) in one group. It sits above both front
doors, so neither imports the other's group."""

from __future__ import annotations

from solver.cli.app import main
from solver.web.commands import serve, token, user

for _mod in (serve, user, token):
    main.add_command(_mod.COMMAND)

__all__ = ["main"]
