"""The editing pages' words, added to the one catalogue (``solver.i18n.UI``).

Kept beside the web package so that the page's new sentences do not collide with the
catalogue's own edits; ``ui(key, lang)`` finds them like any other. (English, French).
"""

from __future__ import annotations

from solver.i18n.catalog import UI

UI.update({
    # editing
    "web_edit_student": ("Edit", "Modifier"),
    "web_edit_title": ("Student {id}", "Étudiant {id}"),
    "web_edit_refused": ("Change refused, nothing was saved: {error}",
                         "Modification refusée, rien n'a été enregistré : {error}"),
    "web_edit_stale": ("Version {latest} was saved after the version {v} this form was drawn "
                       "from: reload the page and make the change again.",
                       "La version {latest} a été enregistrée après la version {v} de ce "
                       "formulaire : rechargez la page et refaites la modification."),
    "web_edit_bad_date": ("'{value}' is not a date (field {field}); use the date picker",
                          "« {value} » n'est pas une date (champ {field}) ; utilisez le "
                          "sélecteur de date"),
    "web_edit_bad_choice": ("'{value}' is not allowed for {field} (allowed: {choices})",
                            "« {value} » n'est pas permis pour {field} (permis : {choices})"),
    "web_edit_no_student": ("there is no student '{id}' in this version: reload the page",
                            "il n'y a pas d'étudiant « {id} » dans cette version : rechargez "
                            "la page"),
    "web_edit_no_period": ("student '{id}' has no period {n}: reload the page",
                           "l'étudiant « {id} » n'a pas de période {n} : rechargez la page"),
    "web_edit_id_used": ("the identifier '{id}' is already used: give each student their own",
                         "l'identifiant « {id} » est déjà pris : donnez à chaque étudiant le "
                         "sien"),
    "web_edit_need_id": ("a new student needs an identifier",
                         "un nouvel étudiant a besoin d'un identifiant"),
    "web_back": ("Back", "Retour"),
    "web_periods": ("Placement periods", "Périodes de stage"),
    "web_no_periods": ("No period yet.", "Aucune période pour l'instant."),
    "web_period_add": ("Add a period", "Ajouter une période"),
    "web_period_n": ("Period {n}", "Période {n}"),
    "web_save": ("Save", "Enregistrer"),
    "web_delete": ("Delete", "Supprimer"),
    "web_lock": ("Lock (signed agreement)", "Verrouiller (convention signée)"),
    "web_unlock": ("Unlock", "Déverrouiller"),
    "web_place": ("Place", "Lieu"),
    "web_country": ("Country (ISO code, e.g. DE)", "Pays (code ISO, ex. DE)"),
    "web_company": ("Company", "Entreprise"),
    "web_tutor": ("Tutor", "Tuteur"),
    "web_city": ("City", "Ville"),
    "web_signed": ("Agreement signed", "Convention signée"),
    "web_locked_help": ("a locked period is never moved by generate or repair",
                        "une période verrouillée n'est jamais déplacée par la génération ni "
                        "la réparation"),
    "web_student_data": ("Route and adjustment", "Voie et aménagement"),
    "web_name": ("Name", "Nom"),
    "web_id": ("Identifier", "Identifiant"),
    "web_status": ("Status (distance learners)", "Statut (enseignement à distance)"),
    "web_student_add": ("Add a student", "Ajouter un étudiant"),
    "web_student_delete": ("Delete this student", "Supprimer cet étudiant"),
    "web_student_delete_help": ("saved as a new version: the previous one can be restored",
                                "enregistré comme nouvelle version : la précédente peut être "
                                "restaurée"),
    "web_class_edit": ("The class", "La classe"),
    "web_rename": ("Rename", "Renommer"),
    "web_label": ("Class name shown", "Nom affiché de la classe"),
    # (archiving a class: web_archive, web_archive_help, web_archived are in messages.py)
    "web_archived_one": ("This class is archived.", "Cette classe est archivée."),
    "web_archived_done": ("Class {name} archived: it can be restored below.",
                          "Classe {name} archivée : elle peut être restaurée ci-dessous."),
    "web_unarchive": ("Restore the class", "Restaurer la classe"),
    "web_restore_version": ("Restore v{n}", "Restaurer la v{n}"),
    "web_restore_help": ("restoring saves a copy of that version as the newest one",
                         "restaurer enregistre une copie de cette version comme la plus "
                         "récente"),
    # one week of one student
    "web_week_edit": ("One week of one student", "Une semaine d'un étudiant"),
    "web_week_help": ("Click a cell of the grid (or choose below) to force a placement in that "
                      "week (a locked one-week period) or to forbid it (the student is "
                      "unavailable), then generate the calendar around it.",
                      "Cliquez une case du calendrier (ou choisissez ci-dessous) pour imposer "
                      "un stage cette semaine-là (une période verrouillée d'une semaine) ou "
                      "l'interdire (l'étudiant est indisponible), puis générer le calendrier "
                      "autour."),
    "web_week_monday": ("Week (Monday)", "Semaine (lundi)"),
    "web_force": ("Force a placement", "Imposer un stage"),
    "web_forbid": ("Forbid a placement", "Interdire un stage"),
    "web_clear": ("Undo forcing/forbidding", "Annuler l'imposition/l'interdiction"),
    "web_action_label": ("Action", "Action"),
    "web_regenerate": ("then generate the calendar around it",
                       "puis générer le calendrier autour"),
    "web_apply": ("Apply", "Appliquer"),
    "web_unavailable": ("student unavailable", "étudiant indisponible"),
    "web_unavailable_list": ("Unavailable weeks", "Semaines d'indisponibilité"),
    # the grid
    "web_counts_on": ("on placement", "en stage"),
    "web_counts_abroad": ("of whom abroad", "dont à l'étranger"),
    "web_grid_caption": ("Placement calendar: weeks across, students down",
                         "Calendrier des stages : semaines en colonnes, étudiants en lignes"),
    "web_final": ("final exams", "examens finaux"),
    "web_legend_letters": ("F France · A abroad · H school holidays · X blocked dates · "
                           "E final exams · ⊘ unavailable",
                           "F France · A étranger · H vacances scolaires · X dates bloquées · "
                           "E examens finaux · ⊘ indisponible"),
    # importing a class list
    "web_import": ("Import a class list", "Importer une liste de classe"),
    "web_import_help": ("The list exported by the school's software (CSV with ; or , in "
                        "UTF-8 or Windows-1252, or XLSX): Nom, Prénom, identifiant, "
                        "statut/voie, aménagement. Columns are guessed; name them below if "
                        "needed. A file with bad rows is refused whole, each row said.",
                        "La liste exportée du logiciel de l'établissement (CSV à ; ou , en "
                        "UTF-8 ou Windows-1252, ou XLSX) : Nom, Prénom, identifiant, "
                        "statut/voie, aménagement. Les colonnes sont devinées ; nommez-les "
                        "ci-dessous au besoin. Un fichier aux lignes fautives est refusé en "
                        "entier, chaque ligne signalée."),
    "web_import_file": ("Class list (CSV or XLSX)", "Liste de classe (CSV ou XLSX)"),
    "web_import_start": ("Training starts", "Début de la formation"),
    "web_import_end": ("Training ends", "Fin de la formation"),
    "web_import_columns": ("Columns (optional)", "Colonnes (facultatif)"),
    "web_import_send": ("Import", "Importer"),
    "web_import_done": ("{n} students imported from {file}, saved as version {v}.",
                        "{n} étudiants importés de {file}, enregistrés comme version {v}."),
    "web_import_notes": ("What the import guessed", "Ce que l'import a deviné"),
    "web_import_too_large": ("the list is larger than {kib} KiB: is it one class?",
                             "la liste dépasse {kib} Kio : est-ce bien une classe ?"),
    "web_import_open": ("Open the class", "Ouvrir la classe"),
    "web_import_warnings": ("To look at", "À regarder"),
    "web_settings": ("Class settings", "Réglages de la classe"),
    "web_settings_help": ("Dates, zone or académie, final exams, CCF weeks, tutor cap and "
                          "the school's rules; checked by the same loader as a class file, "
                          "saved as a new version.",
                          "Dates, zone ou académie, épreuves finales, semaines de CCF, "
                          "plafond des tuteurs et règles de l'établissement ; vérifiés comme "
                          "un fichier de classe, enregistrés comme nouvelle version."),
    "web_settings_provisional": ("Provisional calendar (holidays not published yet)",
                                 "Calendrier provisoire (vacances pas encore publiées)"),
    "web_settings_rules": ("The school's rules (uncheck to switch one off)",
                           "Règles de l'établissement (décochez pour en retirer une)"),
    "web_settings_save": ("Save the settings", "Enregistrer les réglages"),
    "web_plan_from": ("Change", "Modifier"),
    "web_plan_from_today": ("from today (what is done stays)",
                            "à partir d'aujourd'hui (l'effectué reste)"),
    "web_plan_from_start": ("from the start of the training",
                            "depuis le début de la formation"),
    "web_settings_refused": ("The settings were not saved; what you typed is kept below.",
                             "Les réglages n'ont pas été enregistrés ; ce que vous avez "
                             "saisi est conservé ci-dessous."),
    "web_settings_ics": ("Or the school calendar as an ICS file (ministry or rectorat; "
                         "its holidays replace the zone's)",
                         "Ou le calendrier scolaire en fichier ICS (ministère ou rectorat ; "
                         "ses vacances remplacent celles de la zone)"),
    "web_settings_ics_own": ("This class has its own list of holidays ({n} breaks); "
                             "another ICS file replaces it",
                             "Cette classe a sa propre liste de vacances ({n} périodes) ; "
                             "un autre fichier ICS la remplace"),
    "web_settings_zone_holidays": ("Use the zone's published holidays instead (the "
                                   "class's own list is dropped)",
                                   "Reprendre les vacances publiées de la zone (la liste "
                                   "propre à la classe est retirée)"),
    "web_ics_too_large": ("{file}: the calendar is larger than {kib} KiB",
                          "{file} : le calendrier dépasse {kib} Kio"),
    "web_ics_none": ("{file}: no school holidays between {start} and {end}",
                     "{file} : aucune vacance scolaire entre le {start} et le {end}"),
    "web_alt_breaks": ("breaks {n} school-policy rule(s)",
                       "enfreint {n} règle(s) de l'établissement"),
    "web_alt_keeps_policy": ("keeps every school-policy rule",
                             "respecte les règles de l'établissement"),
    "web_alt_choose": ("Choose this fix (the other students as above)",
                       "Choisir cette réparation (les autres étudiants comme ci-dessus)"),
    "web_import_academie": ("Académie (gives the zone)", "Académie (donne la zone)"),
    "web_import_zone_from_academie": ("from the académie", "selon l'académie"),
    "web_import_final_from": ("Final exams: first day", "Épreuves finales : premier jour"),
    "web_import_final_to": ("Final exams: last day", "Épreuves finales : dernier jour"),
    "web_import_blocked": ("Weeks without placement (CCF...): one span a line, "
                           "FROM..TO:reason",
                           "Semaines sans stage (CCF…) : une période par ligne, "
                           "DU..AU:motif"),
    "web_import_cap": ("Tutor cap: students on placement in the same week (optional)",
                       "Plafond des tuteurs : étudiants en stage la même semaine (facultatif)"),
    "web_import_more": ("The class's calendar: académie, exams, CCF, tutor cap",
                        "Le calendrier de la classe : académie, examens, CCF, plafond"),
    # accessibility
    "web_skip": ("Skip to content", "Aller au contenu"),
    "web_a11y": ("Accessibility", "Accessibilité"),
    "web_a11y_title": ("Accessibility statement", "Déclaration d'accessibilité"),
    "web_print": ("Print", "Imprimer"),
    "web_print_class": ("The class on one A4 landscape page", "La classe sur une page A4 paysage"),
    "web_print_students": ("One page per student (convention annex)",
                           "Une page par étudiant (annexe de convention)"),
    "web_print_student": ("This student's annex to print", "L'annexe de cet étudiant à imprimer"),
})
