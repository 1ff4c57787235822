"""The catalogue's messages for a data folder that cannot be written (``disk``), a
request too large, and a solve over its memory limit."""

from __future__ import annotations

from solver.i18n.catalog import UI
from solver.i18n.translations import N_, catalogue

UI.update(catalogue(
    N_("web_disk_full",
       "The server's disk is full: nothing was saved. Tell the server's "
       "administrator; your change can be made again once there is room."),
    N_("web_disk_readonly",
       "The server's data folder is read-only: nothing was saved. Tell "
       "the server's administrator."),
    N_("web_disk_denied",
       "The server may not write into its data folder: nothing was saved. "
       "Tell the server's administrator."),
    N_("web_disk_error",
       "The server could not write its data folder ({reason}): nothing "
       "was saved. Tell the server's administrator."),
    N_("web_body_too_large",
       "What was sent is larger than the server accepts ({kib} KiB): "
       "nothing was read. Send a smaller file."),
    N_("web_job_memory",
       "This class needs more memory than a solve may use on this server "
       "({mb} MiB): split the class, or ask the server's administrator to "
       "raise serve --memory-limit."),
))
