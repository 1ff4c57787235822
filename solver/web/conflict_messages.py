"""The catalogue's messages for a write that found a newer version (``resolve``)."""

from __future__ import annotations

from solver.i18n.catalog import UI

UI.update({
    "web_version_conflict": ("The class changed since version {base} this change started from "
                     "(newest: version {latest}). Nothing was saved yet: choose below.",
                     "La classe a changé depuis la version {base} dont part cette "
                     "modification (la plus récente : version {latest}). Rien n'est encore "
                     "enregistré : choisissez ci-dessous."),
    "web_conflict_hint": ("POST /c/NAME/resolve with token and choice=rebase (apply this "
                          "change to the newest version) or choice=discard",
                          "POST /c/NOM/resolve avec token et choice=rebase ou "
                          "choice=discard"),
    "web_conflict_title": ("The class changed meanwhile", "La classe a changé entre-temps"),
    "web_conflict_versions": ("Versions saved since", "Versions enregistrées depuis"),
    "web_conflict_added": ("Students added", "Étudiants ajoutés"),
    "web_conflict_removed": ("Students removed", "Étudiants retirés"),
    "web_conflict_changed": ("Students changed", "Étudiants modifiés"),
    "web_conflict_class": ("The class itself (calendar, rules, name) changed too.",
                           "La classe elle-même (calendrier, règles, nom) a aussi changé."),
    "web_conflict_rebase": ("Apply my change to the newest version",
                            "Appliquer ma modification à la version la plus récente"),
    "web_conflict_rebase_help": (
        "Students you changed and nobody else touched take your version; students "
        "changed by someone else keep that change; students added meanwhile are kept, "
        "students removed meanwhile stay removed.",
        "Les étudiants que vous avez modifiés et que personne d'autre n'a touchés prennent "
        "votre version ; ceux modifiés par quelqu'un d'autre gardent cette modification ; "
        "les étudiants ajoutés entre-temps sont gardés, ceux retirés restent retirés."),
    "web_conflict_discard": ("Discard my change", "Abandonner ma modification"),
    "web_conflict_kept": ("Changed by both (the saved change was kept): {ids}",
                          "Modifiés des deux côtés (la modification enregistrée est "
                          "gardée) : {ids}"),
    "web_conflict_gone": ("This pending change is no longer known (already resolved, or "
                          "the server restarted): nothing was saved.",
                          "Cette modification en attente n'existe plus (déjà traitée, ou "
                          "le serveur a redémarré) : rien n'a été enregistré."),
    "web_conflict_by": ("by {user}", "par {user}"),
    "web_rebased": ("Your change was applied to the newest version.",
                    "Votre modification a été appliquée à la version la plus récente."),
    "web_conflict_gone_students": ("Removed meanwhile, so not changed: {ids}",
                                   "Retirés entre-temps, donc non modifiés : {ids}"),
    "web_discarded": ("Your change was discarded; this is the newest version.",
                      "Votre modification a été abandonnée ; voici la version la plus "
                      "récente."),
})
