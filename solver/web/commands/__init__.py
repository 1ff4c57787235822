"""The web's commands on the command line (``serve``, ``user``, ``token``): each module
exposes COMMAND, added to the ``stageplan`` group by ``solver.stageplan``."""
