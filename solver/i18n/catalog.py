"""Every user-facing sentence, in French and English, from one catalogue.

Rules and jobs never build sentences: they return a message code and arguments, and
the renderers ask ``render_message(code, args, lang)``. Dates are written
``05/01/2026`` in French and ``2026-01-05`` in English, numbers with a decimal comma
in French; both through babel (CLDR data), not hand-written formats.
"""

from __future__ import annotations

import datetime as dt
import locale
import os
import re
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers

LANGS = ("fr", "en")


def default_lang() -> str:
    """French when the environment's locale is French, else English (the contract)."""
    for var in ("STAGEPLAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "fr" if loc.lower().startswith("fr") else "en"


BABEL_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def fmt_date(value: dt.date, lang: str) -> str:
    """JJ/MM/AAAA in French (babel's fr_FR pattern), ISO 8601 in English."""
    if lang == "fr":
        return str(babel_dates.format_date(value, "dd/MM/yyyy", locale="fr_FR"))
    return value.isoformat()


def fmt_weeks(value: float, lang: str) -> str:
    """A number of weeks with at most one decimal: « 3,5 » in French, 3.5 in English."""
    return str(babel_numbers.format_decimal(round(value, 1), "0.#",
                                            locale=BABEL_LOCALES.get(lang, "en_GB")))


def fmt_number(value: float, lang: str, decimals: int = 1) -> str:
    """Any number with up to ``decimals`` decimals, in the language's notation."""
    pattern = "0." + "#" * decimals if decimals else "0"
    return str(babel_numbers.format_decimal(round(value, decimals), pattern,
                                            locale=BABEL_LOCALES.get(lang, "en_GB")))


def fmt_week(monday: dt.date, lang: str) -> str:
    """The ISO week number of a week: « S21 » in French, W21 in English."""
    return ("S" if lang == "fr" else "W") + f"{monday.isocalendar()[1]:02d}"


def month_names(lang: str) -> list[str]:
    """Abbreviated month names, January first (babel's CLDR data, without the dot)."""
    names = babel_dates.get_month_names("abbreviated", locale=BABEL_LOCALES.get(lang, "en_GB"))
    return [str(names[m]).rstrip(".") for m in range(1, 13)]


def shown_value(value: Any, lang: str) -> str:
    """Any evidence value as people read it: no Python ``None``/``True``/``False`` and no
    ISO date in French (« — », « oui »/« non », JJ/MM/AAAA, « 3,5 »); lists joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return ui("yes" if value else "no", lang)
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, float):
        return fmt_number(value, lang)
    if isinstance(value, (list, tuple)):
        return (" ; " if lang == "fr" else ", ").join(shown_value(v, lang) for v in value)
    text = str(value)
    if lang == "fr":
        text = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", lambda m: f"{m[3]}/{m[2]}/{m[1]}", text)
    return text


def plural(n: float, lang: str, one: str, many: str) -> str:
    return one if (n <= 1 if lang == "fr" else n == 1) else many


def _fmt(value: Any, lang: str) -> Any:
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, float):
        return fmt_weeks(value, lang)
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return ", ".join(str(_fmt(v, lang)) for v in value)
    return value


# code -> (English, French); str.format fields come from the violation's arguments,
# plus the derived ones computed in render_message (abroad_en, where_fr, ...).
CATALOGUE: dict[str, tuple[str, str]] = {
    # total_weeks
    "total_weeks.too_few": (
        "{weeks} weeks{abroad_en} placed{where_en} ({days} working days); at least {min} "
        "are required",
        "{weeks} semaines{abroad_fr} de stage{where_fr} ({days} jours ouvrés) ; il en faut "
        "au moins {min}"),
    "total_weeks.too_many": (
        "{weeks} weeks{abroad_en} placed{where_en} ({days} working days); at most {max} "
        "are allowed",
        "{weeks} semaines{abroad_fr} de stage{where_fr} ({days} jours ouvrés) ; {max} au "
        "plus sont permises"),
    "total_weeks.describe": (
        "total placement weeks{abroad_en}{where_en} between {min} and {max_en}",
        "durée totale de stage{abroad_fr}{where_fr} entre {min} et {max_fr} semaines"),
    "total_weeks.describe_min": (
        "total placement weeks{abroad_en}{where_en}: at least {min}",
        "durée totale de stage{abroad_fr}{where_fr} : au moins {min} semaines"),
    "total_weeks.describe_exact": (
        "total placement weeks{abroad_en}{where_en}: exactly {min}",
        "durée totale de stage{abroad_fr}{where_fr} : exactement {min} semaines"),
    # consecutive_block
    "consecutive_block.none": (
        "no placement{abroad_en}{where_en}; a run of {weeks} consecutive weeks is required",
        "aucun jour de stage{abroad_fr}{where_fr} ; il faut une période de {weeks} semaines "
        "consécutives"),
    "consecutive_block.too_short": (
        "longest run{abroad_en}{where_en} is {found_weeks} weeks ({from} to {to}); "
        "{weeks} are required",
        "la plus longue période{abroad_fr}{where_fr} dure {found_weeks} semaines (du {from} "
        "au {to}) ; il en faut {weeks} consécutives"),
    "consecutive_block.france_declared_abroad": (
        "the period from {from} to {to} is declared abroad, but {name} ({country}) is "
        "France: its days do not count abroad",
        "la période du {from} au {to} est déclarée à l'étranger, mais {name} ({country}), "
        "c'est la France : ses jours ne comptent pas à l'étranger"),
    "consecutive_block.describe": (
        "at least one run of {weeks} consecutive weeks{abroad_en}{where_en}",
        "au moins une période de {weeks} semaines consécutives{abroad_fr}{where_fr}"),
    # summer_rest
    "summer_rest.too_short": (
        "longest rest in the summer holidays ({summer_from} to {summer_to}) is {found} "
        "whole weeks; {weeks} consecutive weeks are required (weeks with placement: "
        "{busy_weeks})",
        "le plus long repos pendant les vacances d'été (du {summer_from} au {summer_to}) est "
        "de {found} semaines entières ; il faut {weeks} semaines consécutives (semaines en "
        "stage : {busy_weeks})"),
    "summer_rest.no_summer": (
        "the calendar has only {available} whole weeks of summer holidays between year 1 "
        "and year 2; {weeks} weeks of rest are required",
        "le calendrier ne compte que {available} semaines entières de vacances d'été entre "
        "la 1re et la 2e année ; {weeks} semaines de repos sont exigées"),
    "summer_rest.describe": (
        "{weeks} consecutive weeks of rest in the summer holidays",
        "{weeks} semaines consécutives de repos pendant les vacances d'été"),
    # holiday_cap
    "holiday_cap.too_many": (
        "{weeks} weeks of placement in school holidays ({days} working days: {holidays}); "
        "at most {max} are allowed",
        "{weeks} semaines de stage pendant les vacances scolaires ({days} jours ouvrés : "
        "{holidays}) ; {max} au plus sont permises"),
    "holiday_cap.describe": (
        "at most {max} placement weeks in school holidays",
        "au plus {max} semaines de stage pendant les vacances scolaires"),
    # window
    "window.outside": (
        "{days} placement days{abroad_en} outside the allowed window ({where}), first from "
        "{from} to {to}",
        "{days} jours de stage{abroad_fr} hors de la période autorisée ({where}), d'abord du "
        "{from} au {to}"),
    "window.describe": (
        "placements{abroad_en} only within: {windows}",
        "stages{abroad_fr} uniquement pendant : {windows}"),
    # same_for_cohort
    "same_for_cohort.differs": (
        "periods ({periods}) differ from the class's ({class_periods}, followed by "
        "{followers} students)",
        "périodes ({periods}) différentes de celles de la promotion ({class_periods}, "
        "suivies par {followers} étudiants)"),
    "same_for_cohort.describe": (
        "the same placement dates for every student of the class",
        "les mêmes dates de stage pour tous les étudiants de la promotion"),
    # blocked
    "blocked.hit": (
        "{days} placement days from {from} to {to} fall on blocked dates ({reason}, "
        "{blocked_from} to {blocked_to})",
        "{days} jours de stage du {from} au {to} tombent sur des dates bloquées ({reason}, "
        "du {blocked_from} au {blocked_to})"),
    "blocked.describe": (
        "no placement on the calendar's blocked dates (exams, CCF)",
        "aucun stage pendant les dates bloquées du calendrier (examens, CCF)"),
    # within_training
    "within_training.outside": (
        "period {period} ({from} to {to}) lies partly outside the training ({start} to "
        "{end}): {days} working days",
        "la période {period} (du {from} au {to}) déborde de la formation (du {start} au "
        "{end}) : {days} jours ouvrés"),
    "within_training.overlap": (
        "periods {period} and {other} overlap ({from} to {to}, {days} working days)",
        "les périodes {period} et {other} se chevauchent (du {from} au {to}, {days} jours "
        "ouvrés)"),
    "within_training.describe": (
        "periods lie inside the training and do not overlap",
        "les périodes sont comprises dans la formation et ne se chevauchent pas"),
    # preference
    "preference.country": (
        "abroad period from {from} to {to} is in {country}, a French-speaking country; "
        "a non-French-speaking country is preferred",
        "la période à l'étranger du {from} au {to} se déroule en {country}, pays "
        "francophone ; un pays non francophone est préférable"),
    "preference.country_block": (
        "the abroad block is spent in {country} ({from} to {to}), a French-speaking "
        "country; a non-French-speaking country is preferred for it",
        "la période à l'étranger exigée se déroule en {country} (du {from} au {to}), pays "
        "francophone ; un pays non francophone est préférable"),
    "preference.describe": (
        "preferably not in: {avoid_countries}",
        "de préférence hors de : {avoid_countries}"),
    # employment_evidence
    "employment_evidence.missing": (
        "no employment certificate given (employment: months, full_time, within_months)",
        "aucun certificat de travail fourni (employment : months, full_time, within_months)"),
    "employment_evidence.short": (
        "employment of {months} months ({time_en}) within {within} months is not enough: "
        "{rule_en}",
        "un emploi de {months} mois ({time_fr}) sur {within} mois ne suffit pas : {rule_fr}"),
    "employment_evidence.missing.or_placement": (
        "no employment certificate given, and the placements do not meet the placement "
        "rules instead ({broken})",
        "aucun certificat de travail fourni, et les stages ne respectent pas non plus les "
        "règles de stage ({broken})"),
    "employment_evidence.short.or_placement": (
        "employment of {months} months ({time_en}) within {within} months is not enough "
        "({rule_en}), and the placements do not meet the placement rules instead ({broken})",
        "un emploi de {months} mois ({time_fr}) sur {within} mois ne suffit pas ({rule_fr}), "
        "et les stages ne respectent pas non plus les règles de stage ({broken})"),
    "employment_evidence.describe": (
        "employment certificates replace placements: {rule_en}",
        "les certificats de travail remplacent le stage : {rule_fr}"),
    "employment_evidence.describe_or": (
        "employment certificates ({rule_en}) or, instead, placements meeting the rules of "
        "route {or_route} (the text says « peut être remplacé »: a choice)",
        "certificats de travail ({rule_fr}) ou, au choix, des stages respectant les règles "
        "de la voie « {or_route} » (le texte dit « peut être remplacé »)"),
    # continuous_presence
    "continuous_presence.short": (
        "a run of {days} placement days ({from} to {to}) between school days is shorter "
        "than {min_days} working days ({count} such runs): a placement is a continuous "
        "presence, not days alternating with school",
        "une période de {days} jours de stage (du {from} au {to}) entre des jours de cours "
        "dure moins de {min_days} jours ouvrés ({count} période(s) de ce type) : le stage "
        "est une présence en continu, pas une alternance avec les cours"),
    "continuous_presence.describe": (
        "no alternation with school: a period shorter than {min_days} working days must "
        "touch a public holiday, school holidays, a blocked date or the training's bounds",
        "pas d'alternance avec les cours : une période de moins de {min_days} jours ouvrés "
        "doit toucher un jour férié, des vacances scolaires, une date bloquée ou les bornes "
        "de la formation"),
    # capacity
    "max_abroad_per_week.past": (
        "week of {week} (history, before --from): {count} students were abroad ({students}); "
        "the cap is {max} from --from on",
        "semaine du {week} (passée, avant --from) : {count} étudiants étaient à l'étranger "
        "({students}) ; le plafond de {max} vaut à partir de --from"),
    "max_on_placement_per_week.past": (
        "week of {week} (history, before --from): {count} students were on placement "
        "({students}); the cap is {max} from --from on",
        "semaine du {week} (passée, avant --from) : {count} étudiants étaient en stage "
        "({students}) ; le plafond de {max} vaut à partir de --from"),
    "max_abroad_per_week.over": (
        "week of {week}: {count} students abroad ({students}); at most {max}",
        "semaine du {week} : {count} étudiants à l'étranger ({students}) ; {max} au plus"),
    "max_abroad_per_week.describe": (
        "at most {max} students abroad in the same week",
        "au plus {max} étudiants à l'étranger la même semaine"),
    "max_on_placement_per_week.over": (
        "week of {week}: {count} students on placement ({students}); at most {max}",
        "semaine du {week} : {count} étudiants en stage ({students}) ; {max} au plus"),
    "max_on_placement_per_week.describe": (
        "at most {max} students on placement in the same week",
        "au plus {max} étudiants en stage la même semaine"),
    # cp-sat verdict without plain evidence
    "cpsat.failed": (
        "rule not satisfied (found by CP-SAT)",
        "règle non respectée (constaté par CP-SAT)"),
}

UI: dict[str, tuple[str, str]] = {
    "student": ("Student", "Étudiant"),
    "route": ("Route", "Voie"),
    "adjustment": ("Adjustment", "Aménagement"),
    "weeks": ("Weeks", "Semaines"),
    "abroad": ("Abroad", "Étranger"),
    "verdict": ("Verdict", "Verdict"),
    "ok": ("compliant", "conforme"),
    "ok_warn": ("compliant (warnings)", "conforme (avertissements)"),
    "ko": ("NOT compliant", "NON conforme"),
    "error": ("error", "erreur"),
    "warning": ("warning", "avertissement"),
    "class": ("class", "classe"),
    "citation": ("Text", "Texte"),
    "all_ok": ("All {n} students comply.", "Les {n} étudiants sont conformes."),
    "some_ko": ("{k} of {n} students do not comply.", "{k} étudiant(s) sur {n} non conforme(s)."),
    "class_ko": ("Class rules broken: {k}.", "Règles de classe non respectées : {k}."),
    "violations": ("Violations", "Non-conformités"),
    "rules_of": ("Rules of {title}", "Règles du {title}"),
    "applies": ("applies to", "s'applique à"),
    "all": ("all", "tous"),
    "reading": ("reading chosen", "lecture retenue"),
    "id": ("Id", "Id"),
    "title": ("Title", "Intitulé"),
    "routes": ("Routes", "Voies"),
    "adjustments": ("Adjustments", "Aménagements"),
    "engine": ("engine", "moteur"),
    "bad_input": ("Bad input", "Entrée invalide"),
}

ROUTE_NAMES = {
    "initial": ("initial (school)", "voie scolaire"),
    "apprentice": ("apprentice", "apprentissage"),
    "continuing": ("continuing education", "formation continue"),
    "continuing-improvement": ("continuing (improvement)",
                               "formation continue (perfectionnement)"),
    "distance": ("distance", "à distance"),
    "experience": ("professional experience", "expérience professionnelle"),
}
ADJUSTMENT_NAMES = {
    "none": ("none", "sans aménagement"),
    "reduced": ("reduced duration", "durée réduite"),
    "exempt-one-unit": ("exempt from one unit", "dispense d'une unité"),
    "exempt": ("exempt", "dispensé"),
}


def ui(key: str, lang: str, **kwargs: Any) -> str:
    en, fr = UI[key]
    return (fr if lang == "fr" else en).format(**kwargs)


def route_name(route: str, lang: str) -> str:
    en, fr = ROUTE_NAMES.get(route, (route, route))
    return fr if lang == "fr" else en


def adjustment_name(adj: str, lang: str) -> str:
    en, fr = ADJUSTMENT_NAMES.get(adj, (adj, adj))
    return fr if lang == "fr" else en


def _derived(args: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    abroad = bool(args.get("abroad"))
    extra["abroad_en"] = " abroad" if abroad else ""
    extra["abroad_fr"] = " à l'étranger" if abroad else ""
    where = args.get("where")
    year = args.get("year")
    if where:
        extra["where_en"] = f" within {where}"
        extra["where_fr"] = f" pendant {where}"
    elif year:
        extra["where_en"] = f" in year {year}"
        extra["where_fr"] = " en 1re année" if year == 1 else " en 2e année"
    else:
        extra["where_en"] = extra["where_fr"] = ""
    mx = args.get("max")
    extra["max_en"] = "any" if mx is None else mx
    extra["max_fr"] = "sans limite" if mx is None else mx
    if "full_time" in args or "full_time_months" in args:
        ft = args.get("full_time_months")
        pt = args.get("part_time_months")
        en_bits, fr_bits = [], []
        if ft:
            en_bits.append(f"{ft} months full time within {args.get('full_time_within')}")
            fr_bits.append(f"{ft} mois à temps plein sur {args.get('full_time_within')} mois")
        if pt:
            en_bits.append(f"{pt} months part time within {args.get('part_time_within')}")
            fr_bits.append(f"{pt} mois à temps partiel sur {args.get('part_time_within')} mois")
        extra["rule_en"] = " or ".join(en_bits) or "any certificate"
        extra["rule_fr"] = " ou ".join(fr_bits) or "tout certificat"
        extra["time_en"] = "full time" if args.get("full_time") else "part time"
        extra["time_fr"] = "temps plein" if args.get("full_time") else "temps partiel"
    return extra


def render_message(code: str, args: dict[str, Any], lang: str) -> str:
    en, fr = CATALOGUE[code]
    template = fr if lang == "fr" else en
    values = {k: _fmt(v, lang) for k, v in args.items()}
    for k, v in _derived(args).items():
        values.setdefault(k, v)
    if "windows" in args and isinstance(args["windows"], tuple):
        values["windows"] = "; ".join(w.describe() for w in args["windows"])
    if "avoid_countries" in args:
        values["avoid_countries"] = ", ".join(args["avoid_countries"])
    for key in ("min", "max", "weeks"):
        if isinstance(args.get(key), (int, float)) and not isinstance(args.get(key), bool):
            values[key] = fmt_weeks(float(args[key]), lang)
    return template.format_map(_Default(values))


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"

# ---- the web page (solver/web): appended as one block; (English, French) ------------
UI.update({
    "web_app": ("Internship planning", "Planification des stages"),
    "web_tagline": ("internship placements of BTS classes", "stages des classes de BTS"),
    "web_home": ("Classes", "Classes"),
    "web_footer": ("stageplan: rules from the official texts; nothing leaves this server.",
                   "stageplan : règles issues des textes officiels ; rien ne quitte ce "
                   "serveur."),
    "web_lang_title": ("Passer en français", "Switch to English"),
    "web_classes": ("Classes", "Classes"),
    "web_class_name": ("Class", "Classe"),
    "web_class_name_opt": ("Name (optional)", "Nom (facultatif)"),
    "web_programme": ("Programme", "Diplôme"),
    "web_students": ("Students", "Étudiants"),
    "web_n_students": ("{n} students", "{n} étudiants"),
    "web_n_broken": ("{k} not compliant", "{k} non conforme(s)"),
    "web_n_unplanned": ("{k} to plan", "{k} à planifier"),
    "web_unplanned": ("to plan", "à planifier"),
    "web_class_unplanned": ("{k} of {n} students have no plan yet: generate the calendar.",
                            "{k} étudiant(s) sur {n} sans calendrier : générez-le."),
    "web_student_unplanned": ("no plan yet: generate the class's calendar, or add a period "
                              "below", "à planifier : générez le calendrier de la classe, ou "
                              "ajoutez une période ci-dessous"),
    "web_invalid": ("invalid file", "fichier invalide"),
    "web_version": ("version", "version"),
    "web_versions": ("Saved versions", "Versions enregistrées"),
    "web_old_version": ("older version", "version antérieure"),
    "web_new_version": ("Send a new version", "Envoyer une nouvelle version"),
    "web_no_classes": ("No class yet: send a class file below.",
                       "Aucune classe pour l'instant : envoyez un fichier de classe "
                       "ci-dessous."),
    "web_upload": ("Add a class", "Ajouter une classe"),
    "web_upload_help": ("A class file in YAML or JSON (at most 1 MiB), as read by "
                        "'stageplan verify'.",
                        "Un fichier de classe YAML ou JSON (1 Mio au plus), tel que le lit "
                        "« stageplan verify »."),
    "web_file": ("File", "Fichier"),
    "web_send": ("Send", "Envoyer"),
    "web_no_file": ("no file was chosen", "aucun fichier choisi"),
    "web_bad_form": ("the form could not be read", "le formulaire est illisible"),
    "web_saved_as": ("Saved as version {v}.", "Enregistré comme version {v}."),
    "web_zone": ("zone", "zone"),
    "web_class_ok": ("Every student complies.", "Tous les étudiants sont conformes."),
    "web_class_ko": ("{k} of {n} students do not comply.",
                     "{k} étudiant(s) sur {n} non conforme(s)."),
    "web_repair": ("Repair", "Réparer"),
    "web_repair_help": ("Smallest changes that make every plan compliant",
                        "Plus petites modifications rendant chaque plan conforme"),
    "web_generate": ("Generate", "Générer"),
    "web_generate_help": ("Fill in a compliant calendar for the class",
                          "Construire un calendrier conforme pour la classe"),
    "web_explain": ("Explain", "Expliquer"),
    "web_explain_help": ("Which rules are in conflict", "Quelles règles sont en conflit"),
    "web_whatif": ("What if…", "Et si…"),
    "web_whatif_help": ("Change the zone, add blocked dates, change a student's route or "
                        "adjustment, or a rule's parameter, and compare with the current "
                        "plan.",
                        "Changez la zone, ajoutez des dates bloquées, la voie ou "
                        "l'aménagement d'un étudiant, ou un paramètre de règle, et comparez "
                        "avec le plan actuel."),
    "web_whatif_nothing": ("choose at least one change", "choisissez au moins un changement"),
    "web_blocked_add": ("Blocked dates to add", "Dates bloquées à ajouter"),
    "web_from": ("from", "du"),
    "web_to": ("to", "au"),
    "web_reason": ("reason", "motif"),
    "web_rule_param": ("Rule parameter", "Paramètre d'une règle"),
    "web_param": ("parameter", "paramètre"),
    "web_value": ("value", "valeur"),
    "web_compare": ("Compare", "Comparer"),
    "web_comparison": ("Comparison", "Comparaison"),
    "web_changes": ("changes", "changements"),
    "web_calendar_title": ("Calendar of the class", "Calendrier de la classe"),
    "web_calendar": ("calendar", "calendrier"),
    "web_week": ("week", "semaine"),
    "web_week_of": ("week of", "semaine du"),
    "web_france": ("placement in France", "stage en France"),
    "web_abroad": ("placement abroad", "stage à l'étranger"),
    "web_partial": ("part of the week", "partie de la semaine"),
    "web_holidays": ("school holidays", "vacances scolaires"),
    "web_blocked": ("blocked dates", "dates bloquées"),
    "web_locked": ("locked", "verrouillée"),
    "web_hover": ("hover a cell for its dates", "survolez une case pour ses dates"),
    "web_changed": ("changed", "modifié"),
    "web_verification": ("Verification", "Vérification"),
    "web_rule": ("Rule", "Règle"),
    "web_severity": ("Severity", "Gravité"),
    "web_message": ("What is wrong", "Ce qui ne va pas"),
    "web_evidence": ("evidence", "éléments"),
    "web_downloads": ("Downloads", "Téléchargements"),
    "web_format_missing": ("{fmt} export is not available on this server",
                           "l'export {fmt} n'est pas disponible sur ce serveur"),
    "web_job_generate": ("Generate a calendar", "Générer un calendrier"),
    "web_job_repair": ("Repair the plan", "Réparer le plan"),
    "web_job_explain": ("Explain the conflict", "Expliquer le conflit"),
    "web_job_whatif": ("What if…", "Et si…"),
    "web_running": ("Solving… the page updates by itself.",
                    "Calcul en cours… la page se met à jour toute seule."),
    "web_time_limit": ("time limit {s} s", "limite {s} s"),
    "web_timeout": ("The solve took longer than {s} s and was stopped.",
                    "Le calcul a dépassé {s} s et a été arrêté."),
    "web_job_failed": ("The job failed.", "Le calcul a échoué."),
    "web_job_missing": ("This job is not installed on this server yet.",
                        "Ce calcul n'est pas encore installé sur ce serveur."),
    "web_edits": ("Proposed changes", "Modifications proposées"),
    "web_action": ("action", "action"),
    "web_period": ("period", "période"),
    "web_weeks_changed": ("weeks changed", "semaines modifiées"),
    "web_changed_days": ("{n} working days change status.",
                         "{n} jours ouvrés changent de statut."),
    "web_before": ("Before", "Avant"),
    "web_after": ("After", "Après"),
    "web_accept": ("Accept and save", "Accepter et enregistrer"),
    "web_reject": ("Reject", "Refuser"),
    "web_nothing_to_change": ("Nothing to change: the plan already complies.",
                              "Rien à changer : le plan est déjà conforme."),
    "web_no_plan": ("No plan was proposed.", "Aucun plan n'a été proposé."),
    "web_conflict": ("Rules in conflict", "Règles en conflit"),
    "web_nothing_to_explain": ("Nothing to explain: a compliant plan exists.",
                               "Rien à expliquer : un plan conforme existe."),
    "web_back_class": ("back to the class", "retour à la classe"),
    "web_back_home": ("back to the classes", "retour aux classes"),
    "web_error": ("Error", "Erreur"),
    "web_not_found": ("This page does not exist.", "Cette page n'existe pas."),
})
UI.update({
    "web_api_intro": ("Each command-line job over HTTP. Send the class file (JSON "
                      "{{\"scenario\": text}}, a multipart 'file', or YAML); the answer is the "
                      "command line's --format json. Errors: 413 too large, 422 bad input "
                      "with file, line and field. OpenAPI description:",
                      "Chaque calcul de la ligne de commande, en HTTP. Envoyez le fichier de "
                      "classe (JSON {{\"scenario\": texte}}, un champ multipart 'file', ou du "
                      "YAML) ; la réponse est le --format json de la ligne de commande. "
                      "Erreurs : 413 trop gros, 422 entrée invalide avec fichier, ligne et "
                      "champ. Description OpenAPI :"),
    "web_api_endpoint": ("Endpoint", "Adresse"),
    "web_api_job": ("Job", "Calcul"),
    "web_api_example": ("Examples", "Exemples"),
})
UI.update({
    "web_action_extend": ("extend", "prolonger"),
    "web_action_shorten": ("shorten", "raccourcir"),
    "web_action_move": ("move", "déplacer"),
    "web_action_add": ("add", "ajouter"),
    "web_action_remove": ("remove", "supprimer"),
    "web_action_change": ("change", "modifier"),
})

# ---- generate (solver/generate.py, solver/preferences.py, solver/render/*) ------------
CATALOGUE.update({
    "avoid_holidays.days": (
        "{days} placement days fall in school holidays",
        "{days} jours de stage tombent pendant les vacances scolaires"),
    "avoid_holidays.describe": (
        "preferably no placement days in school holidays",
        "de préférence aucun jour de stage pendant les vacances scolaires"),
    "avoid_before_blocked.hit": (
        "{days} placement days ({from} to {to}) in the {weeks} weeks before the blocked "
        "dates of {blocked_from}",
        "{days} jours de stage ({from} au {to}) dans les {weeks} semaines avant les dates "
        "bloquées du {blocked_from}"),
    "avoid_before_blocked.describe": (
        "preferably no placement in the {weeks} weeks before blocked dates (exams)",
        "de préférence pas de stage dans les {weeks} semaines avant les dates bloquées "
        "(examens)"),
    "few_periods.many": (
        "{count} separate periods (France and abroad runs); at most {max} preferred",
        "{count} périodes distinctes (France et étranger) ; {max} au plus de préférence"),
    "few_periods.describe": (
        "preferably at most {max} separate periods",
        "de préférence {max} périodes distinctes au plus"),
    "preferred_windows.outside": (
        "{days} placement days outside the preferred windows (from {from})",
        "{days} jours de stage hors des fenêtres préférées (à partir du {from})"),
    "preferred_windows.describe": (
        "placements preferably inside: {windows}",
        "stages de préférence dans : {windows}"),
    "lean_placements.describe": (
        "no more placement weeks than the rules need",
        "pas plus de semaines de stage que les règles n'en demandent"),
})
UI.update({
    "gen_optimal": ("Calendar generated: proven optimal ({seconds} s).",
                    "Calendrier généré : optimal (prouvé) ({seconds} s)."),
    "gen_feasible": ("Calendar generated: compliant, not proven optimal within the time "
                     "limit ({seconds} s).",
                     "Calendrier généré : conforme, optimalité non prouvée dans le temps "
                     "imparti ({seconds} s)."),
    "gen_infeasible": ("No compliant calendar exists. Rules in conflict:",
                       "Aucun calendrier conforme n'existe. Règles en conflit :"),
    "gen_unknown": ("No calendar found within the time limit ({seconds} s); try a longer "
                    "--time-limit.",
                    "Aucun calendrier trouvé dans le temps imparti ({seconds} s) ; essayez "
                    "un --time-limit plus long."),
    "gen_cut": ("The time limit cut the search: this is the best calendar found by then "
                "(another machine, or a longer --time-limit, may give a better one).",
                "Le temps imparti a interrompu la recherche : voici le meilleur calendrier "
                "trouvé jusque-là (une autre machine, ou un --time-limit plus long, peut en "
                "donner un meilleur)."),
    "time_limit_cut": ("The time limit cut a search: what is shown is what was found by "
                       "then (a longer --time-limit may find more).",
                       "Le temps imparti a interrompu une recherche : voici ce qui était "
                       "trouvé jusque-là (un --time-limit plus long peut en trouver plus)."),
    "gen_xlsx_needs_output": ("--format xlsx writes a binary file: give -o FILE.xlsx",
                              "--format xlsx produit un fichier binaire : indiquez -o "
                              "FICHIER.xlsx"),
    "legend": ("Legend", "Légende"),
    "cell_france": ("placement in France", "stage en France"),
    "cell_france_proposed": ("placement in France, proposed", "stage en France, proposé"),
    "cell_abroad_proposed": ("placement abroad, proposed", "stage à l'étranger, proposé"),
    "cell_signed_france": ("placement in France, convention signed or locked",
                           "stage en France, convention signée ou verrouillée"),
    "cell_signed_abroad": ("placement abroad, convention signed or locked",
                           "stage à l'étranger, convention signée ou verrouillée"),
    "cell_past_france": ("placement in France, done (before the planning date)",
                         "stage en France, effectué (avant la date de planification)"),
    "cell_past_abroad": ("placement abroad, done (before the planning date)",
                         "stage à l'étranger, effectué (avant la date de planification)"),
    "planned_from": ("Planned from {date} (--from): the weeks before are history, kept as "
                     "they were.",
                     "Planifié à partir du {date} (--from) : les semaines d'avant sont "
                     "l'historique, gardé tel quel."),
    "cell_abroad": ("placement abroad", "stage à l'étranger"),
    "cell_holiday": ("school holidays", "vacances scolaires"),
    "cell_blocked": ("blocked dates (exams)", "dates bloquées (examens)"),
    "week_of": ("Week of", "Semaine du"),
    "periods": ("Periods", "Périodes"),
    "calendar": ("Calendar", "Calendrier"),
    "from": ("From", "Du"),
    "to": ("To", "Au"),
    "place": ("Place", "Lieu"),
    "country": ("Country", "Pays"),
    "locked": ("Locked", "Verrouillée"),
    "place_france": ("France", "France"),
    "place_abroad": ("abroad", "étranger"),
    "placement": ("Placement", "Stage"),
    "verification": ("Verification", "Vérification"),
    "generated_plan": ("Placement calendar", "Calendrier des stages"),
})

# ---- repair and explain (solver/repair.py, solver/explain.py, render/repair_out.py) ----
UI.update({
    "rep_unchanged": ("Every student already complies: nothing to change.",
                      "Tous les étudiants sont déjà conformes : rien à changer."),
    "rep_optimal": ("Repaired: {k} student(s), {days} working day(s) changed in all "
                    "(proven minimal, {seconds} s).",
                    "Réparé : {k} étudiant(s), {days} jour(s) ouvré(s) modifié(s) en tout "
                    "(minimum prouvé, {seconds} s)."),
    "rep_feasible": ("Repaired: {k} student(s), {days} working day(s) changed in all "
                     "(best found within the time limit, not proven minimal; {seconds} s).",
                     "Réparé : {k} étudiant(s), {days} jour(s) ouvré(s) modifié(s) en tout "
                     "(meilleure solution trouvée dans le temps imparti, minimum non "
                     "prouvé ; {seconds} s)."),
    "rep_infeasible": ("Some plans cannot be made compliant without touching what is "
                       "locked:", "Certains plans ne peuvent pas devenir conformes sans "
                       "toucher à ce qui est verrouillé :"),
    "rep_unknown": ("No repair found within the time limit ({seconds} s); try a longer "
                    "--time-limit.", "Aucune réparation trouvée dans le temps imparti "
                    "({seconds} s) ; essayez un --time-limit plus long."),
    "rep_student": ("{sid}{name}: {days} working day(s) changed",
                    "{sid}{name} : {days} jour(s) ouvré(s) modifié(s)"),
    "rep_student_none": ("{sid}{name}: no compliant plan keeps the locked periods",
                         "{sid}{name} : aucun plan conforme ne garde les périodes "
                         "verrouillées"),
    "rep_for": ("so that: {rules}", "pour respecter : {rules}"),
    "rep_written": ("Repaired plan written to {path}.", "Plan réparé écrit dans {path}."),
    "rep_same_file": ("-o is the input file: add --in-place to overwrite it",
                      "-o désigne le fichier d'entrée : ajoutez --in-place pour l'écraser"),
    "rep_class_mode": ("Class rules bind: the class was repaired in one model.",
                       "Des règles de classe lient les étudiants : la classe a été réparée "
                       "dans un seul modèle."),
    "exp_compliant": ("Every student complies: nothing to explain.",
                      "Tous les étudiants sont conformes : rien à expliquer."),
    "exp_repairable": ("{k} student(s) do not comply, but a compliant plan exists: "
                       "`stageplan repair` finds the smallest change.",
                       "{k} étudiant(s) non conforme(s), mais un plan conforme existe : "
                       "`stageplan repair` trouve la plus petite modification."),
    "exp_generable": ("A compliant calendar exists for this class: `stageplan generate` "
                      "proposes one.", "Un calendrier conforme existe pour cette classe : "
                      "`stageplan generate` en propose un."),
    "exp_unknown": ("Could not decide within the time limit ({seconds} s); try a longer "
                    "--time-limit.", "Impossible de conclure dans le temps imparti "
                    "({seconds} s) ; essayez un --time-limit plus long."),
    "exp_infeasible": ("No compliant plan exists{who}. These {n} constraints cannot hold "
                       "together (drop any one and the rest can):",
                       "Aucun plan conforme n'existe{who}. Ces {n} contraintes ne peuvent "
                       "pas tenir ensemble (sans l'une d'elles, les autres le peuvent) :"),
    "exp_who": (" for {students}", " pour {students}"),
    "exp_who_class": (" for the class as a whole (a class rule binds)",
                      " pour la classe dans son ensemble (une règle de classe est en jeu)"),
    "exp_others": ("The same kind of conflict also concerns: {students}.",
                   "Le même type de conflit concerne aussi : {students}."),
    "exp_derogation": ("To go on, lift one of them: unlock or move a locked period, move "
                       "blocked dates, or ask the rectorate for a derogation from a rule.",
                       "Pour avancer, levez l'une d'elles : déverrouiller ou déplacer une "
                       "période verrouillée, déplacer des dates bloquées, ou demander au "
                       "rectorat une dérogation à une règle."),
    "exp_derogation_history": (
        "A placement already done cannot be undone: to go on, move what is still to come "
        "(a lock, a signed convention, blocked dates) or ask the rectorate for a "
        "derogation from a rule.",
        "Un stage déjà effectué ne se défait pas : pour avancer, déplacez ce qui reste à "
        "venir (une période fixée, une convention signée, des dates bloquées) ou demandez "
        "au rectorat une dérogation à une règle."),
    "history_member": ("placement already done by {sid} (period {n}): {from} to {to}, {place}",
                       "stage déjà effectué par {sid} (période n° {n}) : du {from} au {to}, "
                       "{place}"),
    "signed_member": ("signed convention of {sid} (period {n}): {from} to {to}, {place}",
                      "convention signée de {sid} (période n° {n}) : du {from} au {to}, "
                      "{place}"),
    "locked_member": ("locked period {n} of {sid}: {from} to {to}, {place}",
                      "période verrouillée n° {n} de {sid} : du {from} au {to}, {place}"),
    "blocked_part": ("dates {from} to {to}", "dates du {from} au {to}"),
    "cap_week_abroad": ("week of {week}: {count} students abroad for {max} places",
                        "semaine du {week} : {count} étudiants à l'étranger pour {max} places"),
    "cap_week_on": ("week of {week}: {count} students on placement for {max} places",
                    "semaine du {week} : {count} étudiants en stage pour {max} places"),
    "cap_weeks_abroad": ("weeks of {week} to {last}: {count} students abroad for {max} places",
                         "semaines du {week} au {last} : {count} étudiants à l'étranger pour "
                         "{max} places"),
    "cap_weeks_on": ("weeks of {week} to {last}: {count} students on placement for {max} "
                     "places", "semaines du {week} au {last} : {count} étudiants en stage "
                     "pour {max} places"),
    "cap_weeks_more": ("and {n} more week(s)", "et {n} autre(s) semaine(s)"),
    "edit_extend": ("extend period {n} ({place}, from {old_from}) by {delta}: now {from} "
                    "to {to}", "prolonger la période {n} ({place}, à partir du {old_from}) "
                    "de {delta} : désormais du {from} au {to}"),
    "edit_shorten": ("shorten period {n} ({place}, from {old_from}) by {delta}: now {from} "
                     "to {to}", "raccourcir la période {n} ({place}, à partir du "
                     "{old_from}) de {delta} : désormais du {from} au {to}"),
    "edit_move_later": ("move period {n} ({place}, from {old_from}) {delta} later: {from} "
                        "to {to}", "décaler la période {n} ({place}, à partir du "
                        "{old_from}) de {delta} plus tard : du {from} au {to}"),
    "edit_move_earlier": ("move period {n} ({place}, from {old_from}) {delta} earlier: "
                          "{from} to {to}", "avancer la période {n} ({place}, à partir du "
                          "{old_from}) de {delta} : du {from} au {to}"),
    "edit_change": ("change period {n} ({place}, {old_from} to {old_to}) into {new_place} "
                    "from {from} to {to}", "remplacer la période {n} ({place}, du {old_from} "
                    "au {old_to}) par {new_place} du {from} au {to}"),
    "edit_split": ("split period {n} ({place}, {old_from} to {old_to}) in two: its part "
                   "from {from} to {to} becomes a period of its own",
                   "couper la période {n} ({place}, du {old_from} au {old_to}) en deux : sa "
                   "partie du {from} au {to} devient une période à part"),
    "edit_add": ("add a period of {delta} ({new_place}) from {from} to {to}",
                 "ajouter une période de {delta} ({new_place}) du {from} au {to}"),
    "edit_remove": ("remove period {n} ({place}, {old_from} to {old_to})",
                    "supprimer la période {n} ({place}, du {old_from} au {old_to})"),
    "one_week": ("one week", "une semaine"),
    "n_weeks": ("{n} weeks", "{n} semaines"),
    "one_day": ("one working day", "un jour ouvré"),
    "n_days": ("{n} working days", "{n} jours ouvrés"),
    "n_cal_days": ("{n} days", "{n} jours"),
    "web_edit_message": ("In words", "En clair"),
    "source": ("Source", "Source"),
})

# ---- what-if, compare, batch (solver/whatif.py, solver/render/whatif_out.py) -------------
UI.update({
    "wi_title": ("What if: variants side by side", "Et si : variantes côte à côte"),
    "wi_base": ("base", "référence"),
    "wi_same": ("same calendar and verdicts as the base",
                "même calendrier et mêmes verdicts que la référence"),
    "wi_same_verdicts": ("same verdicts on the existing plan as the base (no calendar "
                         "computed)", "mêmes verdicts sur le plan existant que la référence "
                         "(aucun calendrier calculé)"),
    "wi_error": ("bad input", "entrée invalide"),
    "wi_label": ("Scenario", "Scénario"),
    "wi_changes": ("Changes", "Changements"),
    "wi_feasible": ("Calendar", "Calendrier"),
    "wi_conflict": ("Conflict / error", "Conflit / erreur"),
    "wi_plan": ("Existing plan", "Plan existant"),
    "wi_plan_ko": ("{k} of {n} not compliant", "{k} sur {n} non conforme(s)"),
    "wi_no_plan": ("no plan yet", "pas encore de plan"),
    "wi_newly_ok": ("Newly compliant", "Deviennent conformes"),
    "wi_newly_ko": ("Newly NOT compliant", "Deviennent NON conformes"),
    "wi_windows": ("Class windows", "Fenêtres de la classe"),
    "wi_shift": ("Window shift (weeks)", "Décalage des fenêtres (semaines)"),
    "wi_holiday_weeks": ("Placement weeks in school holidays",
                         "Semaines de stage en vacances scolaires"),
    "wi_abroad_weeks": ("Weeks abroad (class total)", "Semaines à l'étranger (total classe)"),
    "wi_objective": ("Objective (cost)", "Objectif (coût)"),
    "wi_solve_time": ("Solve time", "Temps de calcul"),
    "wi_status_optimal": ("compliant calendar (optimal)", "calendrier conforme (optimal)"),
    "wi_status_feasible": ("compliant calendar (not proven optimal)",
                           "calendrier conforme (optimalité non prouvée)"),
    "wi_status_infeasible": ("NO compliant calendar", "AUCUN calendrier conforme"),
    "wi_status_unknown": ("none found in the time limit", "aucun trouvé dans le temps imparti"),
    "wi_note": ("Each calendar was generated with a budget of {t} s; weeks are working "
                "days / 5; shifts compare the start of each class window with the base's.",
                "Chaque calendrier a été généré avec un budget de {t} s ; une semaine vaut "
                "5 jours ouvrés ; les décalages comparent le début de chaque fenêtre de la "
                "classe à celui de la référence."),
    "wi_needs_change": ("give at least one --set or --variant",
                        "indiquez au moins un --set ou un --variant"),
    "wi_needs_two": ("compare needs at least two files", "compare demande au moins deux fichiers"),
    "wb_title": ("Batch: {n} scenarios", "Lot : {n} scénarios"),
    "wb_file": ("File", "Fichier"),
    "wb_label": ("Label", "Intitulé"),
    "wb_programme": ("Programme", "Diplôme"),
    "wb_students": ("Students", "Étudiants"),
    "wb_plan": ("Plan", "Plan"),
    "wb_non_compliant": ("Not compliant", "Non conformes"),
    "wb_status": ("Calendar", "Calendrier"),
    "wb_feasible": ("Feasible", "Faisable"),
    "wb_conflict": ("Conflict", "Conflit"),
    "wb_objective": ("Objective", "Objectif"),
    "wb_holiday_weeks": ("Weeks in holidays", "Semaines en vacances"),
    "wb_abroad_weeks": ("Weeks abroad", "Semaines à l'étranger"),
    "wb_solve_time": ("Time (s)", "Temps (s)"),
    "wb_error": ("Error", "Erreur"),
    "wb_no_files": ("no scenario file (*.yaml, *.yml, *.json) in this folder",
                    "aucun fichier de scénario (*.yaml, *.yml, *.json) dans ce dossier"),
})

# files and signals (issue 13): write errors, replaced outputs, Ctrl-C
UI.update({
    "interrupted": ("Interrupted (Ctrl-C): the search was stopped before its end; nothing "
                    "was written.",
                    "Interrompu (Ctrl-C) : la recherche a été arrêtée avant sa fin ; rien "
                    "n'a été écrit."),
    "output_replaced": ("note: {path} already existed; it was replaced",
                        "remarque : {path} existait déjà ; il a été remplacé"),
    "write_error": ("Cannot write", "Écriture impossible"),
    "write_failed": ("the file could not be written: {reason}; nothing was changed",
                     "le fichier n'a pas pu être écrit : {reason} ; rien n'a été modifié"),
    "write_hint": ("choose another file with -o, or free the disk",
                   "choisissez un autre fichier avec -o, ou libérez le disque"),
    "write_no_space": ("the disk is full", "le disque est plein"),
    "write_denied": ("permission denied", "accès refusé"),
    "write_read_only": ("the disk is read-only", "le disque est en lecture seule"),
    "write_no_folder": ("its folder does not exist", "son dossier n'existe pas"),
    "write_is_folder": ("this is a folder", "c'est un dossier"),
})


# ---- a student's own unavailable dates (rules/unavailable.py) ----------------------------
CATALOGUE.update({
    "unavailable.hit": (
        "{days} placement days from {from} to {to} fall on dates the student is unavailable "
        "({unavailable_from} to {unavailable_to})",
        "{days} jour(s) de stage du {from} au {to} tombent pendant une indisponibilité de "
        "l'étudiant (du {unavailable_from} au {unavailable_to})"),
    "unavailable.hit_reason": (
        "{days} placement days from {from} to {to} fall on dates the student is unavailable "
        "({reason}, {unavailable_from} to {unavailable_to})",
        "{days} jour(s) de stage du {from} au {to} tombent pendant une indisponibilité de "
        "l'étudiant ({reason}, du {unavailable_from} au {unavailable_to})"),
    "unavailable.describe": (
        "no placement on the dates a student is unavailable (their 'unavailable:' list)",
        "aucun stage pendant les indisponibilités d'un étudiant (sa liste « unavailable: »)"),
})

UI.update({
    "rules_policy": ("School policy (defaults, generate requires them; a class file's "
                     "policy: overrides them by id)",
                     "Politique de l'établissement (par défaut ; generate les exige ; le "
                     "policy: d'une classe les remplace par leur id)"),
    "school_policy": ("school policy", "politique de l'établissement"),
    "replaced_by": ("former programme, replaced by {new}", "ancien programme, remplacé par {new}"),
    "policy_findings": (
        "School policy (the school's own rules, not the programme's text: they do not "
        "change the verdict above)",
        "Politique de l'établissement (règles propres à l'établissement, pas le texte du "
        "diplôme : elles ne changent pas le verdict ci-dessus)"),
    "gen_bad_from": ("--from wants a date", "--from attend une date"),
    "gen_infeasible_no_conflict": (
        "No compliant calendar exists (proven), but the time limit stopped the search for "
        "the rules in conflict; run `stageplan explain` or give a longer --time-limit.",
        "Aucun calendrier conforme n'existe (c'est prouvé), mais le temps imparti a arrêté "
        "la recherche des règles en conflit ; lancez `stageplan explain` ou un --time-limit "
        "plus long."),
    "exp_raise_cap": (
        "First correction: raise {kind} ('{id}') to at least {n} (now {now}): the "
        "students need {need} student-weeks from {start} to {end}, more than {now} a "
        "week there allows.",
        "Première correction : porter {kind} (« {id} ») à au moins {n} (aujourd'hui "
        "{now}) : les étudiants ont besoin de {need} semaines-étudiant du {start} au "
        "{end}, plus que {now} par semaine ne le permet."),
    "exp_relax_policy": (
        "School policy in the conflict ({ids}): relax it in the class file's policy: "
        "(e.g. {{id: {first}, kind: ..., in_generate: soft}}) or list it in disabled_rules:.",
        "Politique de l'établissement dans le conflit ({ids}) : assouplissez-la dans le "
        "policy: de la classe (par ex. {{id: {first}, kind: ..., in_generate: soft}}) ou "
        "ajoutez-la à disabled_rules:."),
    "exp_infeasible_unproven": (
        "No compliant plan exists{who}. These {n} constraints cannot hold together (proven); "
        "the time limit stopped before checking that each one is needed:",
        "Aucun plan conforme n'existe{who}. Ces {n} contraintes ne peuvent pas tenir "
        "ensemble (c'est prouvé) ; le temps imparti n'a pas permis de vérifier que chacune "
        "est nécessaire :"),
})

# ---- school calendars (issue 10): stageplan calendar, provisional calendars ----------
UI.update({
    "cal_import_header": (
        "school holidays imported from {file}; point a class to this file with "
        "'calendar: {{holidays_file: THIS_FILE}}'",
        "vacances scolaires importées de {file} ; une classe y renvoie par "
        "'calendar: {{holidays_file: CE_FICHIER}}'"),
    "schema_list": (
        "JSON Schemas (outputs' schema_version {version}); print one with "
        "'stageplan schema NAME':",
        "Schémas JSON (schema_version des sorties : {version}) ; en afficher un avec "
        "'stageplan schema NOM' :"),
    "dask_dashboard": (
        "Dask dashboard: {link}",
        "Tableau de bord de Dask : {link}"),
    "cal_times_in_zone": (
        "times read in the académie's time zone, {zone}",
        "heures lues dans le fuseau de l'académie, {zone}"),
    "cal_recurrences": (
        "{n} recurring event(s) expanded into their occurrences",
        "{n} événement(s) récurrent(s) développé(s) en occurrences"),
    "cal_paste_header": (
        "paste under 'calendar:' of the class file (instead of 'zone:')",
        "à coller sous 'calendar:' du fichier de classe (à la place de 'zone:')"),
    "cal_provisional": (
        "provisional calendar: the school holidays after the published data are projected "
        "from the usual pattern (« calendrier provisoire »); check them when the official "
        "calendar is published",
        "calendrier provisoire : les vacances au-delà des données publiées sont projetées "
        "selon le calendrier habituel ; à vérifier dès la publication du calendrier officiel"),
    "cal_years": (
        "year 1 from {start}, year 2 from {y2}, training ends on {end}",
        "1re année à partir du {start}, 2e année à partir du {y2}, fin de formation le {end}"),
    "cal_summer": (
        "summer break between the two years: {name}, {start} to {end}",
        "grandes vacances entre les deux années : {name}, du {start} au {end}"),
    "cal_holidays": ("School holidays", "Vacances scolaires"),
    "cal_bridges": ("Bridges (not counted as school holidays)",
                    "Ponts (non comptés comme vacances scolaires)"),
    "cal_public": ("Public holidays ({place})", "Jours fériés ({place})"),
    "provisional_mark": ("provisional calendar", "calendrier provisoire"),
})
# ---- issue 12 (command line and outputs): one look, counts, convention details, print --
UI.update({
    "cell_final": ("final exams", "examens finaux"),
    "cell_free": ("no placement", "pas de stage"),
    "count_on": ("On placement", "En stage"),
    "count_abroad": ("Abroad", "À l'étranger"),
    "tens": ("tens", "dizaines"),
    "units": ("units", "unités"),
    "month": ("Month", "Mois"),
    "week": ("Week", "Semaine"),
    "text_span": ("Training from {from} to {to}: one column per week (Monday to Sunday), "
                  "week numbers written downwards.",
                  "Formation du {from} au {to} : une colonne par semaine (du lundi au "
                  "dimanche), numéros de semaine écrits de haut en bas."),
    "text_counts_note": ("Counts: students on placement (France or abroad) and abroad each "
                         "week, written downwards.",
                         "Effectifs : étudiants en stage (France ou étranger) et à "
                         "l'étranger chaque semaine, écrits de haut en bas."),
    "company": ("Company", "Entreprise"),
    "tutor": ("Tutor", "Tuteur"),
    "city": ("City", "Ville"),
    "signed": ("Signed", "Signée"),
    "status": ("Status", "Statut"),
    "status_signed": ("convention signed", "convention signée"),
    "status_locked": ("locked", "verrouillée"),
    "status_proposed": ("proposed", "proposée"),
    "span_dates": ("{from} to {to}", "du {from} au {to}"),
    "period_n": ("Period {n}", "Période {n}"),
    "period_n_of": ("Period {n} of {total}", "Période {n} sur {total}"),
    "yes": ("yes", "oui"),
    "no": ("no", "non"),
    "name": ("Name", "Nom"),
    "weeks_on": ("Placement weeks", "Semaines de stage"),
    "weeks_abroad": ("Weeks abroad", "Semaines à l'étranger"),
    "ics_description": ("{placement} of {who}, {period}: {dates}.",
                        "{placement} de {who}, {period} : {dates}."),
    "ics_calname": ("Placements: {label}", "Stages : {label}"),
    "print_student_title": ("Placement annex: {who}", "Annexe stages : {who}"),
    "print_student_intro": ("{programme}. Calendar of the placements and the rules they "
                            "meet, to attach to the placement convention.",
                            "{programme}. Calendrier des stages et règles qu'ils respectent, "
                            "à joindre à la convention de stage."),
    "print_rules": ("Rules checked", "Règles vérifiées"),
    "print_met": ("met", "respectée"),
    "print_not_met": ("NOT met", "NON respectée"),
    "print_not_applicable": ("does not apply", "ne s'applique pas"),
    "print_generated": ("Checked by stageplan on {date}.", "Vérifié par stageplan le {date}."),
    "print_signatures": ("Signatures", "Signatures"),
    "print_sign_school": ("The school", "L'établissement"),
    "print_sign_company": ("The host company", "L'organisme d'accueil"),
    "print_sign_student": ("The student", "L'étudiant(e)"),
    "print_no_period": ("No placement period yet.", "Aucune période de stage pour l'instant."),
    "print_contents": ("Students", "Étudiants"),
})


def colon(lang: str) -> str:
    """The colon between a label and its value: « Voie : scolaire », "Route: initial"
    (a plain space, so that scripts and people can search for « Entrée invalide : »)."""
    return " : " if lang == "fr" else ": "

# ---- school-policy shape kinds (solver/rules/shape.py) and generate's options -----------
CATALOGUE.update({
    "lead_time.hit": (
        "{days} new placement days from {from} to {to} in the {weeks} weeks after --from "
        "(until {until}): a convention cannot be signed that fast",
        "{days} nouveaux jours de stage du {from} au {to} dans les {weeks} semaines qui "
        "suivent --from (jusqu'au {until}) : une convention ne se signe pas si vite"),
    "lead_time.describe": (
        "no new placement day in the {weeks} weeks after --from (periods already in the "
        "file excepted)",
        "aucun nouveau jour de stage dans les {weeks} semaines qui suivent --from (hors "
        "périodes déjà dans le fichier)"),
    "first_weeks_free.hit": (
        "{days} placement days from {from} to {to} in the first {weeks} teaching weeks "
        "(until {until}): the class starts with teaching",
        "{days} jours de stage du {from} au {to} dans les {weeks} premières semaines de "
        "formation (jusqu'au {until}) : la classe commence par les enseignements"),
    "first_weeks_free.describe": (
        "no placement in the first {weeks} teaching weeks of the training",
        "aucun stage pendant les {weeks} premières semaines de formation"),
    "before_final_exams.hit": (
        "{days} placement days from {from} to {to} on or after the first day of the final "
        "exams ({final}): the placements feed the exam dossiers",
        "{days} jours de stage du {from} au {to} à partir du premier jour des épreuves "
        "finales ({final}) : les stages nourrissent les dossiers d'examen"),
    "before_final_exams.describe": (
        "no placement on or after the first day of the final exams",
        "aucun stage à partir du premier jour des épreuves finales"),
    "whole_weeks.partial": (
        "a placement takes {days} of the {of} days of the week from {from} to {to}: "
        "periods are whole weeks, Monday to Friday",
        "un stage prend {days} des {of} jours de la semaine du {from} au {to} : les "
        "périodes sont des semaines entières, du lundi au vendredi"),
    "whole_weeks.describe": (
        "periods of whole weeks, Monday to Friday",
        "des périodes de semaines entières, du lundi au vendredi"),
    "min_run.short_france": (
        "a stint of {found_weeks} weeks only in France ({from} to {to}); at least {weeks} "
        "weeks in one place, even next to a stint abroad or a signed convention",
        "une période de {found_weeks} semaine(s) seulement en France (du {from} au {to}) ; "
        "au moins {weeks} semaines d'affilée au même endroit, même accolée à une période à "
        "l'étranger ou à une convention signée"),
    "min_run.short_abroad": (
        "a stint of {found_weeks} weeks only abroad ({from} to {to}); at least {weeks} "
        "weeks in one place, even next to a stint in France or a signed convention",
        "une période de {found_weeks} semaine(s) seulement à l'étranger (du {from} au {to}) "
        "; au moins {weeks} semaines d'affilée au même endroit, même accolée à une période "
        "en France ou à une convention signée"),
    "min_run.describe": (
        "no stint shorter than {weeks} weeks in France or abroad",
        "aucune période de stage de moins de {weeks} semaines, en France ou à l'étranger"),
    "both_years.thin": (
        "{found_weeks} placement weeks in year {year}; the weeks are spread over the "
        "training: at least {weeks} in each year",
        "{found_weeks} semaine(s) de stage en {year}e année ; les semaines sont réparties "
        "sur la durée de la formation : au moins {weeks} chaque année"),
    "both_years.describe": (
        "at least {weeks} placement weeks in each year of the training",
        "au moins {weeks} semaines de stage chaque année de la formation"),
    "balanced_years.thin": (
        "only {weeks} placement weeks in year {year}: the weeks are unbalanced between the "
        "years",
        "seulement {weeks} semaine(s) de stage en {year}e année : les semaines sont mal "
        "réparties entre les années"),
    "avoid_months.days": (
        "{days} placement day(s) in a month to avoid (August: firms shut, tutors away)",
        "{days} jour(s) de stage dans un mois à éviter (août : entreprises fermées, tuteurs "
        "absents)"),
    "no_short_gaps.gap": (
        "back at school for one week only ({from} to {to}) between two placements",
        "une seule semaine en cours ({from} au {to}) entre deux stages"),
    "max_runs.many": (
        "{count} separate periods (runs in France, abroad blocks); at most {max}",
        "{count} périodes séparées (en France, blocs à l'étranger) ; {max} au plus"),
    "max_runs.describe": (
        "at most {max} separate periods per student (an abroad block is one)",
        "au plus {max} périodes séparées par étudiant (un bloc à l'étranger en est une)"),
})
UI.update({
    "imp_bad_rows": ("{n} row(s) cannot be imported; nothing was written:",
                     "{n} ligne(s) ne peuvent pas être importées ; rien n'a été écrit :"),
    "imp_done": ("{n} students imported into {path}; next: stageplan generate {path}",
                 "{n} étudiants importés dans {path} ; ensuite : stageplan generate {path}"),
})
UI.update({"conventions": ("Conventions", "Conventions")})
UI.update({"print_not_followed": ("recommendation not followed", "recommandation non suivie")})
UI.update({
    "print_pdf_needs_output": ("--format pdf writes a binary file: give -o FILE.pdf",
                               "--format pdf produit un fichier binaire : indiquez -o "
                               "FICHIER.pdf"),
    "print_pdf_missing": ("PDF needs WeasyPrint: pip install 'stageplan[pdf]'",
                          "le PDF demande WeasyPrint : pip install 'stageplan[pdf]'"),
})
UI.update({"wb_verified": ("verified", "vérifié")})
# ---- batch runs and their rolled-up report (jobs/batch/runner.py, io/render/batch_report.py)
UI.update({
    "wb_done": ("{n} rows: {ran} computed, {cached} from the cache, {retried} rerun with a "
                "larger budget; {failed} failed",
                "{n} lignes : {ran} calculées, {cached} reprises du cache, {retried} relancées "
                "avec un budget plus grand ; {failed} en échec"),
    "wb_failed_reason": ("{k} {reason}", "{k} {reason}"),
    "wb_reason_bad input": ("bad input", "entrée invalide"),
    "wb_reason_worker lost": ("worker lost", "machine de calcul perdue"),
    "wb_reason_internal error": ("internal error", "erreur interne"),
    "wb_corrupt": ("{k} damaged cache entries were recomputed",
                   "{k} entrées du cache abîmées ont été recalculées"),
})
UI.update({
    "br_title": ("Batch report: {n} classes", "Rapport du lot : {n} classes"),
    "br_not_given": ("(not given)", "(non renseigné)"),
    "br_all": ("All classes", "Toutes les classes"),
    "br_by": ("By {level}", "Par {level}"),
    "br_level_school": ("school", "établissement"),
    "br_level_academie": ("académie", "académie"),
    "br_level_zone": ("zone", "zone"),
    "br_level_programme": ("programme", "diplôme"),
    "br_sheet_classes": ("Classes", "Classes"),
    "br_academie": ("Académie", "Académie"),
    "br_zone": ("Zone", "Zone"),
    "br_school": ("School", "Établissement"),
    "br_programme": ("Programme", "Diplôme"),
    "br_file": ("File", "Fichier"),
    "br_label": ("Class", "Classe"),
    "br_students": ("Students", "Étudiants"),
    "br_outcome": ("Outcome", "Résultat"),
    "br_status": ("Solver status", "Statut du solveur"),
    "br_feasible": ("Feasible", "Faisable"),
    "br_plan_non_compliant": ("Students not compliant (plan)",
                              "Étudiants non conformes (plan)"),
    "br_abroad_weeks": ("Weeks abroad", "Semaines à l'étranger"),
    "br_holiday_weeks": ("Weeks in holidays", "Semaines en vacances"),
    "br_abroad_peak": ("Peak abroad in a week", "Pic à l'étranger sur une semaine"),
    "br_abroad_peak_week": ("Week of the peak", "Semaine du pic"),
    "br_abroad_capacity": ("Abroad capacity per week", "Capacité à l'étranger par semaine"),
    "br_weeks_at_capacity": ("Weeks at capacity", "Semaines à pleine capacité"),
    "br_objective": ("Objective", "Objectif"),
    "br_solve_time": ("Time (s)", "Temps (s)"),
    "br_time_limit_reached": ("Time limit reached", "Temps imparti atteint"),
    "br_retried": ("Rerun", "Relancée"),
    "br_error": ("Error", "Erreur"),
    "br_key": ("Group", "Groupe"),
    "br_n_feasible": ("Feasible", "Faisables"),
    "br_n_students": ("Students", "Étudiants"),
    "br_classes": ("Classes", "Classes"),
    "br_optimal": ("Optimal", "Optimales"),
    "br_unproven": ("Not proven optimal", "Non prouvées optimales"),
    "br_infeasible": ("No compliant calendar", "Sans calendrier conforme"),
    "br_unknown": ("None found in time", "Aucun trouvé à temps"),
    "br_errors": ("Errors", "Erreurs"),
    "br_feasible_share": ("Feasible (%)", "Faisables (%)"),
    "br_students_in_infeasible": ("Students in classes without a calendar",
                                  "Étudiants de classes sans calendrier"),
    "br_classes_at_capacity": ("Classes at abroad capacity",
                               "Classes à pleine capacité à l'étranger"),
    "br_outcome_optimal": ("compliant, optimal", "conforme, optimal"),
    "br_outcome_unproven": ("compliant, not proven optimal", "conforme, non prouvé optimal"),
    "br_outcome_infeasible": ("NO compliant calendar", "AUCUN calendrier conforme"),
    "br_outcome_unknown": ("none found in time", "aucun trouvé à temps"),
    "br_outcome_verified": ("plan verified only", "plan vérifié seulement"),
    "br_outcome_error": ("error", "erreur"),
    "br_yes": ("yes", "oui"),
    "br_no": ("no", "non"),
    "br_chart_load": ("Students abroad per week, all classes, against the summed capacities",
                      "Étudiants à l'étranger par semaine, toutes classes, face aux "
                      "capacités cumulées"),
    "br_chart_outcomes": ("Classes by outcome, per académie",
                          "Classes par résultat, par académie"),
    "br_capacity": ("capacity", "capacité"),
    "br_no_abroad": ("No student abroad in the generated calendars.",
                     "Aucun étudiant à l'étranger dans les calendriers générés."),
    "br_written": ("report written to {folder}", "rapport écrit dans {folder}"),
    # short headers of the text tables (the CSV, XLSX and HTML have the long ones)
    "br_t_classes": ("Classes", "Classes"),
    "br_t_students": ("Stud.", "Étud."),
    "br_t_feasible": ("Feas.", "Faisab."),
    "br_t_unproven": ("Unpr.", "Non pr."),
    "br_t_infeasible": ("Infeas.", "Imposs."),
    "br_t_errors": ("Err.", "Err."),
    "br_t_feasible_share": ("% feas.", "% fais."),
    "br_t_students_in_infeasible": ("Stud. no cal.", "Étud. sans cal."),
    "br_t_plan_non_compliant": ("Not compl.", "Non conf."),
    "br_t_abroad_peak": ("Abroad peak", "Pic étr."),
    "br_t_abroad_capacity": ("Capacity", "Capacité"),
    "br_t_classes_at_capacity": ("Cl. full", "Cl. pleines"),
    "br_t_caption": ("Feas. compliant calendar; Unpr. not proven optimal; Infeas. no compliant "
                     "calendar; Stud. no cal. students of classes without one; Not compl. "
                     "students not compliant in the existing plan; Abroad peak: most students "
                     "abroad in one week against the summed capacity; Cl. full: classes with "
                     "weeks at their abroad capacity.",
                     "Faisab. calendrier conforme ; Non pr. non prouvé optimal ; Imposs. aucun "
                     "calendrier conforme ; Étud. sans cal. étudiants des classes sans "
                     "calendrier ; Non conf. étudiants non conformes dans le plan existant ; "
                     "Pic étr. le plus d'étudiants à l'étranger sur une semaine, face à la "
                     "capacité cumulée ; Cl. pleines : classes ayant des semaines à pleine "
                     "capacité à l'étranger."),
})
# ---- accounts and the server (solver/web/commands/{user,serve}.py; issue 20) ------------
UI.update({
    "user_password": ("Password", "Mot de passe"),
    "user_password_again": ("Password again", "Répétez le mot de passe"),
    "user_password_differ": ("The two passwords differ; again.",
                             "Les deux mots de passe diffèrent ; recommencez."),
    "user_saved": ("stageplan: user '{name}' ({role}) saved in {path}",
                   "stageplan : compte « {name} » ({role}) enregistré dans {path}"),
    "user_passwd_done": ("stageplan: password of '{name}' changed",
                         "stageplan : mot de passe de « {name} » changé"),
    "user_removed": ("stageplan: user '{name}' removed", "stageplan : compte « {name} » supprimé"),
    "serve_banner": ("stageplan: http://{where}/  (data: {data}; {auth}; hosts: {hosts})",
                     "stageplan : http://{where}/  (données : {data} ; {auth} ; noms d'hôte : "
                     "{hosts})"),
    "serve_no_login": ("no login, this machine only", "sans connexion, cette machine seulement"),
    "serve_login": ("login required", "connexion obligatoire"),
    "serve_or_through": ("or through {issuer}", "ou par {issuer}"),
    "serve_plain_http": (
        "stageplan: this server speaks plain HTTP; on a network, put it behind an HTTPS "
        "proxy and start it with --secure-cookies, so that passwords and sessions never "
        "travel in clear",
        "stageplan : ce serveur parle en HTTP simple ; sur un réseau, placez-le derrière un "
        "proxy HTTPS et lancez-le avec --secure-cookies, pour que mots de passe et sessions "
        "ne circulent jamais en clair"),
})
UI.update({
    "xlsx_training": ("training {dates}", "formation {dates}"),
    "xlsx_id": ("Id", "Identifiant"),
    "ics_final_exams": ("Final exams", "Épreuves finales"),
    "ics_final_exams_description": (
        "Final exams of the class ({label}): no placement on or after their first day.",
        "Épreuves finales de la classe ({label}) : aucun stage à partir de leur premier jour."),
    "ics_exam": ("exam", "examen"),
})
