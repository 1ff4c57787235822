"""Every user-facing sentence, in French and English, from one catalogue.

Rules and jobs never build sentences: they return a message code and arguments, and
the renderers ask ``render_message(code, args, lang)``. Dates are written
``05/01/2026`` in French and ``2026-01-05`` in English; weeks keep one decimal.
"""

from __future__ import annotations

import datetime as dt
import locale
import os
from typing import Any

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


def fmt_date(value: dt.date, lang: str) -> str:
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()


def fmt_weeks(value: float, lang: str) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "fr" else text


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
    "employment_evidence.describe": (
        "employment certificates replace placements: {rule_en}",
        "les certificats de travail remplacent le stage : {rule_fr}"),
    # capacity
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
    "initial": ("initial (school)", "scolaire"),
    "apprentice": ("apprentice", "apprentissage"),
    "continuing": ("continuing education", "formation continue"),
    "continuing-improvement": ("continuing (improvement)",
                               "formation continue (perfectionnement)"),
    "distance": ("distance", "à distance"),
    "experience": ("professional experience", "expérience professionnelle"),
}
ADJUSTMENT_NAMES = {
    "none": ("none", "aucun"),
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
