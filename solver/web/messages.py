"""The catalogue's messages for logging in, roles, the solve queue and archiving.

They join ``i18n.UI`` (English, French) like every other message of the page; they
live in their own module so that the web's security pieces can land without touching
the long catalogue that other work edits at the same time.
"""

from __future__ import annotations

from solver.i18n.catalog import UI

UI.update({
    # login
    "web_login": ("Log in", "Connexion"),
    "web_login_help": ("Log in with the account your coordinator created "
                       "(stageplan user add).",
                       "Connectez-vous avec le compte créé par votre coordinateur "
                       "(stageplan user add)."),
    "web_user": ("User name", "Identifiant"),
    "web_password": ("Password", "Mot de passe"),
    "web_login_failed": ("Unknown user or wrong password.",
                         "Identifiant inconnu ou mot de passe erroné."),
    # login through the school's identity provider (issue 23, web/oidc.py)
    "web_oidc_login": ("Log in with {label}", "Se connecter avec {label}"),
    "web_oidc_or": ("or with a local account:", "ou avec un compte local :"),
    "web_oidc_failed": ("The identity provider did not confirm the login: try again.",
                        "Le fournisseur d'identité n'a pas confirmé la connexion : "
                        "réessayez."),
    "web_oidc_no_role": ("Your account is in none of the groups this server accepts: ask "
                         "your coordinator to add you to one.",
                         "Votre compte n'est dans aucun des groupes acceptés par ce "
                         "serveur : demandez à votre coordinateur de vous y ajouter."),
    "web_oidc_unreachable": ("The identity provider cannot be reached: try again later.",
                             "Le fournisseur d'identité est injoignable : réessayez plus "
                             "tard."),
    "web_logout": ("Log out", "Se déconnecter"),
    "web_login_wait": ("Too many failed attempts for this user: try again in {s} s.",
                       "Trop d'essais manqués pour cet identifiant : réessayez dans {s} s."),
    "web_logged_in_as": ("{user} ({role})", "{user} ({role})"),
    "web_role_coordinator": ("coordinator", "coordinateur"),
    "web_role_teacher": ("teacher", "enseignant"),
    "web_role_viewer": ("viewer", "lecture seule"),
    "web_no_auth": ("no login (this machine only)", "sans connexion (cette machine seulement)"),
    # the guard
    "web_bad_host": ("This server does not answer to this host name (start it with "
                     "--allowed-host NAME to allow it).",
                     "Ce serveur ne répond pas à ce nom d'hôte (démarrez-le avec "
                     "--allowed-host NOM pour l'accepter)."),
    "web_bad_token": ("This API token is not valid (stageplan token create USER gives one).",
                      "Ce jeton d'API n'est pas valide (stageplan token create UTILISATEUR "
                      "en donne un)."),
    "web_login_required": ("Log in first (or send an API token: Authorization: Bearer ...).",
                           "Connectez-vous d'abord (ou envoyez un jeton d'API : "
                           "Authorization: Bearer ...)."),
    "web_forbidden": ("Your role does not allow this action.",
                      "Votre rôle ne permet pas cette action."),
    "web_bad_origin": ("This request comes from another site: refused.",
                       "Cette requête vient d'un autre site : refusée."),
    "web_bad_csrf": ("This form has expired or did not come from this page: reload the "
                     "page and try again.",
                     "Ce formulaire a expiré ou ne vient pas de cette page : rechargez la "
                     "page et recommencez."),
    # the queue
    "web_queue_full": ("Too many solves are waiting: try again in {s} s.",
                       "Trop de calculs en attente : réessayez dans {s} s."),
    "web_user_limit": ("You already have {n} solves running or waiting: wait for one to "
                       "end (or cancel it).",
                       "Vous avez déjà {n} calculs en cours ou en attente : attendez la fin "
                       "de l'un d'eux (ou annulez-le)."),
    "web_queued": ("Waiting for a free solver…", "En attente d'un calculateur libre…"),
    "web_cancel": ("Cancel", "Annuler"),
    "web_cancelled": ("This solve was cancelled (by you, or because its page was closed).",
                      "Ce calcul a été annulé (par vous, ou parce que sa page a été fermée)."),
    "web_job_timeout": ("The solve did not finish within this page's limit of {s} s: "
                        "nothing was proposed. Try again on a smaller class, or ask the "
                        "administrator for a longer limit (stageplan serve --time-limit).",
                        "Le calcul ne s'est pas terminé dans la limite de {s} s de cette "
                        "page : rien n'est proposé. Réessayez sur une classe plus petite ou "
                        "demandez une limite plus longue (stageplan serve --time-limit)."),
    # classes
    "web_broken_class": ("this file cannot be verified: {error}",
                         "ce fichier ne peut pas être vérifié : {error}"),
    "web_unverifiable": ("this file cannot be verified ({error}); it was not saved",
                         "ce fichier ne peut pas être vérifié ({error}) ; il n'a pas été "
                         "enregistré"),
    "web_archive": ("Archive this class", "Archiver cette classe"),
    "web_archive_help": ("It leaves the list; every version is kept and it can be restored.",
                         "Elle quitte la liste ; toutes ses versions sont gardées et elle "
                         "peut être restaurée."),
    "web_archived": ("Archived classes", "Classes archivées"),
    "web_restore": ("Restore", "Restaurer"),
    "web_saved_by": ("saved by {user}", "enregistrée par {user}"),
})
