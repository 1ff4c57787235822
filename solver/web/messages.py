"""The catalogue's messages for logging in, roles, the solve queue and archiving.

They join ``i18n.UI`` (English, French) like every other message of the page; they
live in their own module so that the web's security pieces can land without touching
the long catalogue that other work edits at the same time.
"""

from __future__ import annotations

from solver.i18n.catalog import UI
from solver.i18n.translations import N_, catalogue

UI.update(catalogue(
    # login
    N_("web_login", "Log in"),
    N_("web_login_help",
       "Log in with the account your coordinator created "
       "(stageplan user add)."),
    N_("web_user", "User name"),
    N_("web_password", "Password"),
    N_("web_login_failed", "Unknown user or wrong password."),
    # login through the school's identity provider (issue 23, web/oidc.py)
    N_("web_oidc_login", "Log in with {label}"),
    N_("web_oidc_or", "or with a local account:"),
    N_("web_oidc_failed", "The identity provider did not confirm the login: try again."),
    N_("web_oidc_no_role",
       "Your account is in none of the groups this server accepts: ask "
       "your coordinator to add you to one."),
    N_("web_oidc_unreachable", "The identity provider cannot be reached: try again later."),
    N_("web_logout", "Log out"),
    N_("web_login_wait", "Too many failed attempts for this user: try again in {s} s."),
    N_("web_logged_in_as", "{user} ({role})"),
    N_("web_role_coordinator", "coordinator"),
    N_("web_role_teacher", "teacher"),
    N_("web_role_viewer", "viewer"),
    N_("web_no_auth", "no login (this machine only)"),
    # the guard
    N_("web_bad_host",
       "This server does not answer to this host name (start it with "
       "--allowed-host NAME to allow it)."),
    N_("web_bad_token", "This API token is not valid (stageplan token create USER gives one)."),
    N_("web_login_required", "Log in first (or send an API token: Authorization: Bearer ...)."),
    N_("web_forbidden", "Your role does not allow this action."),
    N_("web_bad_origin", "This request comes from another site: refused."),
    N_("web_bad_csrf",
       "This form has expired or did not come from this page: reload the "
       "page and try again."),
    # the queue
    N_("web_queue_full", "Too many solves are waiting: try again in {s} s."),
    N_("web_user_limit",
       "You already have {n} solves running or waiting: wait for one to "
       "end (or cancel it)."),
    N_("web_queued", "Waiting for a free solver…"),
    N_("web_cancel", "Cancel"),
    N_("web_cancelled", "This solve was cancelled (by you, or because its page was closed)."),
    N_("web_job_timeout",
       "The solve did not finish within this page's limit of {s} s: "
       "nothing was proposed. Try again on a smaller class, or ask the "
       "administrator for a longer limit (stageplan serve --time-limit)."),
    # classes
    N_("web_broken_class", "this file cannot be verified: {error}"),
    N_("web_unverifiable", "this file cannot be verified ({error}); it was not saved"),
    N_("web_archive", "Archive this class"),
    N_("web_archive_help", "It leaves the list; every version is kept and it can be restored."),
    N_("web_archived", "Archived classes"),
    N_("web_restore", "Restore"),
    N_("web_saved_by", "saved by {user}"),
))
