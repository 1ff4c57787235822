"""The editing pages' words, added to the one catalogue (``solver.i18n.UI``).

Kept beside the web package so that the page's new sentences do not collide with the
catalogue's own edits; ``ui(key, lang)`` finds them like any other. (English, French).
"""

from __future__ import annotations

from solver.i18n.catalog import UI
from solver.i18n.translations import N_, catalogue

UI.update(catalogue(
    # editing
    N_("web_edit_student", "Edit"),
    N_("web_edit_title", "Student {id}"),
    N_("web_edit_refused", "Change refused, nothing was saved: {error}"),
    N_("web_edit_stale",
       "Version {latest} was saved after the version {v} this form was drawn "
       "from: reload the page and make the change again."),
    N_("web_edit_bad_date", "'{value}' is not a date (field {field}); use the date picker"),
    N_("web_edit_bad_choice", "'{value}' is not allowed for {field} (allowed: {choices})"),
    N_("web_edit_no_student", "there is no student '{id}' in this version: reload the page"),
    N_("web_edit_no_period", "student '{id}' has no period {n}: reload the page"),
    N_("web_edit_id_used", "the identifier '{id}' is already used: give each student their own"),
    N_("web_edit_need_id", "a new student needs an identifier"),
    N_("web_back", "Back"),
    N_("web_periods", "Placement periods"),
    N_("web_no_periods", "No period yet."),
    N_("web_period_add", "Add a period"),
    N_("web_period_n", "Period {n}"),
    N_("web_save", "Save"),
    N_("web_delete", "Delete"),
    N_("web_lock", "Lock (signed agreement)"),
    N_("web_unlock", "Unlock"),
    N_("web_place", "Place"),
    N_("web_country", "Country (ISO code, e.g. DE)"),
    N_("web_company", "Company"),
    N_("web_tutor", "Tutor"),
    N_("web_city", "City"),
    N_("web_signed", "Agreement signed"),
    N_("web_locked_help", "a locked period is never moved by generate or repair"),
    N_("web_student_data", "Route and adjustment"),
    N_("web_name", "Name"),
    N_("web_id", "Identifier"),
    N_("web_status", "Status (distance learners)"),
    N_("web_student_add", "Add a student"),
    N_("web_student_delete", "Delete this student"),
    N_("web_student_delete_help", "saved as a new version: the previous one can be restored"),
    N_("web_class_edit", "The class"),
    N_("web_rename", "Rename"),
    N_("web_label", "Class name shown"),
    # (archiving a class: web_archive, web_archive_help, web_archived are in messages.py)
    N_("web_archived_one", "This class is archived."),
    N_("web_archived_done", "Class {name} archived: it can be restored below."),
    N_("web_unarchive", "Restore the class"),
    N_("web_restore_version", "Restore v{n}"),
    N_("web_restore_help", "restoring saves a copy of that version as the newest one"),
    # one week of one student
    N_("web_week_edit", "One week of one student"),
    N_("web_week_help",
       "Click a cell of the grid (or choose below) to force a placement in that "
       "week (a locked one-week period) or to forbid it (the student is "
       "unavailable), then generate the calendar around it."),
    N_("web_week_monday", "Week (Monday)"),
    N_("web_force", "Force a placement"),
    N_("web_forbid", "Forbid a placement"),
    N_("web_clear", "Undo forcing/forbidding"),
    N_("web_action_label", "Action"),
    N_("web_regenerate", "then generate the calendar around it"),
    N_("web_apply", "Apply"),
    N_("web_unavailable", "student unavailable"),
    N_("web_unavailable_list", "Unavailable weeks"),
    # the grid
    N_("web_counts_on", "on placement"),
    N_("web_counts_abroad", "of whom abroad"),
    N_("web_grid_caption", "Placement calendar: weeks across, students down"),
    N_("web_final", "final exams"),
    N_("web_legend_letters",
       "F France · A abroad · H school holidays · X blocked dates · "
       "E final exams · ⊘ unavailable"),
    # importing a class list
    N_("web_import", "Import a class list"),
    N_("web_import_help",
       "The list exported by the school's software (CSV with ; or , in "
       "UTF-8 or Windows-1252, or XLSX): Nom, Prénom, identifiant, "
       "statut/voie, aménagement. Columns are guessed; name them below if "
       "needed. A file with bad rows is refused whole, each row said."),
    N_("web_import_file", "Class list (CSV or XLSX)"),
    N_("web_import_start", "Training starts"),
    N_("web_import_end", "Training ends"),
    N_("web_import_columns", "Columns (optional)"),
    N_("web_import_send", "Import"),
    N_("web_import_done", "{n} students imported from {file}, saved as version {v}."),
    N_("web_import_notes", "What the import guessed"),
    N_("web_import_too_large", "the list is larger than {kib} KiB: is it one class?"),
    N_("web_import_open", "Open the class"),
    N_("web_import_warnings", "To look at"),
    N_("web_settings", "Class settings"),
    N_("web_settings_help",
       "Dates, zone or académie, final exams, CCF weeks, tutor cap and "
       "the school's rules; checked by the same loader as a class file, "
       "saved as a new version."),
    N_("web_settings_provisional", "Provisional calendar (holidays not published yet)"),
    N_("web_settings_rules", "The school's rules (uncheck to switch one off)"),
    N_("web_settings_save", "Save the settings"),
    N_("web_plan_from", "Change"),
    N_("web_plan_from_today", "from today (what is done stays)"),
    N_("web_plan_from_start", "from the start of the training"),
    N_("web_plan_from_date", "or from"),
    N_("web_settings_refused", "The settings were not saved; what you typed is kept below."),
    N_("web_settings_ics",
       "Or the school calendar as an ICS file (ministry or rectorat; its holidays replace the "
       "zone's)"),
    N_("web_settings_ics_own",
       "This class has its own list of holidays ({n} breaks); another ICS file replaces it"),
    N_("web_settings_zone_holidays",
       "Use the zone's published holidays instead (the class's own list is dropped)"),
    N_("web_ics_too_large", "{file}: the calendar is larger than {kib} KiB"),
    N_("web_ics_none", "{file}: no school holidays between {start} and {end}"),
    N_("web_alt_keeps_policy", "keeps every school-policy rule"),
    N_("web_alt_choose", "Choose this fix (the other students as above)"),
    N_("web_import_academie", "Académie (gives the zone)"),
    N_("web_import_zone_from_academie", "from the académie"),
    N_("web_import_final_from", "Final exams: first day"),
    N_("web_import_final_to", "Final exams: last day"),
    N_("web_import_blocked",
       "Weeks without placement (CCF...): one span a line, "
       "FROM..TO:reason"),
    N_("web_import_cap", "Tutor cap: students on placement in the same week (optional)"),
    N_("web_import_more", "The class's calendar: académie, exams, CCF, tutor cap"),
    # accessibility
    N_("web_skip", "Skip to content"),
    N_("web_a11y", "Accessibility"),
    N_("web_a11y_title", "Accessibility statement"),
    N_("web_print", "Print"),
    N_("web_print_class", "The class on one A4 landscape page"),
    N_("web_print_students", "Each student's pages (convention annex)"),
    N_("web_print_student", "This student's annex to print"),
))
