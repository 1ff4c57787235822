"""The catalogue's messages for a write that found a newer version (``resolve``)."""

from __future__ import annotations

from solver.i18n.catalog import UI
from solver.i18n.translations import N_, catalogue

UI.update(catalogue(
    N_("web_version_conflict",
       "The class changed since version {base} this change started from "
       "(newest: version {latest}). Nothing was saved yet: choose below."),
    N_("web_conflict_hint",
       "POST /c/NAME/resolve with token and choice=rebase (apply this "
       "change to the newest version) or choice=discard"),
    N_("web_conflict_title", "The class changed meanwhile"),
    N_("web_conflict_versions", "Versions saved since"),
    N_("web_conflict_added", "Students added"),
    N_("web_conflict_removed", "Students removed"),
    N_("web_conflict_changed", "Students changed"),
    N_("web_conflict_class", "The class itself (calendar, rules, name) changed too."),
    N_("web_conflict_rebase", "Apply my change to the newest version"),
    N_("web_conflict_rebase_help",
       "Students you changed and nobody else touched take your version; students "
       "changed by someone else keep that change; students added meanwhile are kept, "
       "students removed meanwhile stay removed."),
    N_("web_conflict_discard", "Discard my change"),
    N_("web_conflict_kept", "Changed by both (the saved change was kept): {ids}"),
    N_("web_conflict_gone",
       "This pending change is no longer known (already resolved, or "
       "the server restarted): nothing was saved."),
    N_("web_conflict_by", "by {user}"),
    N_("web_rebased", "Your change was applied to the newest version."),
    N_("web_conflict_gone_students", "Removed meanwhile, so not changed: {ids}"),
    N_("web_discarded", "Your change was discarded; this is the newest version."),
))
