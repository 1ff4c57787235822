"""Every user-facing sentence, in French and English, from one catalogue.

Rules and jobs never build sentences: they return a message code and arguments, and
the renderers ask ``render_message(code, args, lang)``. Dates are written
``05/01/2026`` in French and ``2026-01-05`` in English, numbers with a decimal comma
in French; both through babel (CLDR data), not hand-written formats.
"""

from __future__ import annotations

import datetime as dt
import functools
import locale
import os
import re
from typing import Any

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from solver.i18n.translations import N_, NP_, catalogue, npgettext, pgettext, plurals

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
        return _fr_date(value)
    return value.isoformat()


# A report of a large class writes the same few dates and numbers thousands of times,
# and babel's formatting (a pattern applied through its locale data) was a third of the
# JSON output's time (issue 19): both are pure functions of their arguments, kept once.
@functools.lru_cache(maxsize=4096)
def _fr_date(value: dt.date) -> str:
    return str(babel_dates.format_date(value, "dd/MM/yyyy", locale="fr_FR"))


def _decimal(value: float, pattern: str, locale: str) -> str:
    if not value:   # 0 and -0.0 are one key of a cache and babel may write them apart
        return str(babel_numbers.format_decimal(value, pattern, locale=locale))
    return _decimal_kept(value, pattern, locale)


@functools.lru_cache(maxsize=4096, typed=True)
def _decimal_kept(value: float, pattern: str, locale: str) -> str:
    return str(babel_numbers.format_decimal(value, pattern, locale=locale))


def fmt_weeks(value: float, lang: str) -> str:
    """A number of weeks with at most one decimal: « 3,5 » in French, 3.5 in English."""
    return _decimal(round(value, 1), "0.#", BABEL_LOCALES.get(lang, "en_GB"))


def fmt_number(value: float, lang: str, decimals: int = 1) -> str:
    """Any number with up to ``decimals`` decimals, in the language's notation."""
    pattern = "0." + "#" * decimals if decimals else "0"
    return _decimal(round(value, decimals), pattern, BABEL_LOCALES.get(lang, "en_GB"))


def fmt_week(monday: dt.date, lang: str) -> str:
    """The ISO week number of a week: « S21 » in French, W21 in English."""
    return ("S" if lang == "fr" else "W") + f"{monday.isocalendar()[1]:02d}"


def month_names(lang: str) -> list[str]:
    """Abbreviated month names, January first (babel's CLDR data, without the dot)."""
    names = babel_dates.get_month_names("abbreviated", locale=BABEL_LOCALES.get(lang, "en_GB"))
    return [str(names[m]).rstrip(".") for m in range(1, 13)]


def month_abbreviations(lang: str) -> list[str]:
    """Abbreviated month names as CLDR writes them on a calendar (« janv. », « mai »; Jan)."""
    names = babel_dates.get_month_names("abbreviated", locale="fr_FR" if lang == "fr" else "en")
    return [str(names[m]) for m in range(1, 13)]


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
CATALOGUE: dict[str, str] = catalogue(
    # total_weeks
    N_("total_weeks.too_few",
       "{weeks} weeks{in_abroad} placed{in_where} ({days} working days); at least {min} "
       "are required"),
    N_("total_weeks.too_many",
       "{weeks} weeks{in_abroad} placed{in_where} ({days} working days); at most {max} "
       "are allowed"),
    N_("total_weeks.describe",
       "total placement weeks{in_abroad}{in_where} between {min} and {max_or_any}"),
    N_("total_weeks.describe_min", "total placement weeks{in_abroad}{in_where}: at least {min}"),
    N_("total_weeks.describe_exact", "total placement weeks{in_abroad}{in_where}: exactly {min}"),
    # consecutive_block
    N_("consecutive_block.none",
       "no placement{in_abroad}{in_where}; a run of {weeks} consecutive weeks is required"),
    N_("consecutive_block.too_short",
       "longest run{in_abroad}{in_where} is {found_weeks} weeks ({from} to {to}); "
       "{weeks} are required"),
    N_("consecutive_block.france_declared_abroad",
       "the period from {from} to {to} is declared abroad, but {name} ({country}) is "
       "France: its days do not count abroad"),
    N_("consecutive_block.describe",
       "at least one run of {weeks} consecutive weeks{in_abroad}{in_where}"),
    # summer_rest
    N_("summer_rest.too_short",
       "longest rest in the summer holidays ({summer_from} to {summer_to}) is {found} "
       "whole weeks; {weeks} consecutive weeks are required (weeks with placement: "
       "{busy_weeks})"),
    N_("summer_rest.no_summer",
       "the calendar has only {available} whole weeks of summer holidays between year 1 "
       "and year 2; {weeks} weeks of rest are required"),
    N_("summer_rest.describe", "{weeks} consecutive weeks of rest in the summer holidays"),
    # holiday_cap
    N_("holiday_cap.too_many",
       "{weeks} weeks of placement in school holidays ({days} working days: {holidays}); "
       "at most {max} are allowed"),
    N_("holiday_cap.describe", "at most {max} placement weeks in school holidays"),
    # window
    N_("window.outside",
       "{days} placement days{in_abroad} outside the allowed window ({where}), first from "
       "{from} to {to}"),
    N_("window.describe", "placements{in_abroad} only within: {windows}"),
    # same_for_cohort
    N_("same_for_cohort.differs",
       "periods ({periods}) differ from the class's ({class_periods}, followed by "
       "{followers} students)"),
    N_("same_for_cohort.describe", "the same placement dates for every student of the class"),
    # blocked
    N_("blocked.hit",
       "{days} placement days from {from} to {to} fall on blocked dates ({reason_sep}"
       "{blocked_from} to {blocked_to})"),
    N_("blocked.describe", "no placement on the calendar's blocked dates (exams, CCF)"),
    # within_training
    N_("within_training.outside",
       "period {period} ({from} to {to}) lies partly outside the training ({start} to "
       "{end}): {days} working days"),
    N_("within_training.overlap",
       "periods {period} and {other} overlap ({from} to {to}, {days} working days)"),
    N_("within_training.describe", "periods lie inside the training and do not overlap"),
    # preference
    N_("preference.country",
       "abroad period from {from} to {to} is in {country}, a French-speaking country; "
       "a non-French-speaking country is preferred"),
    N_("preference.country_block",
       "the abroad block is spent in {country} ({from} to {to}), a French-speaking "
       "country; a non-French-speaking country is preferred for it"),
    N_("preference.describe", "preferably not in: {avoid_countries}"),
    # employment_evidence
    N_("employment_evidence.missing",
       "no employment certificate given (employment: months, full_time, within_months)"),
    N_("employment_evidence.short",
       "employment of {months} months ({time_text}) within {within} months is not enough: "
       "{rule_text}"),
    N_("employment_evidence.missing.or_placement",
       "no employment certificate given, and the placements do not meet the placement "
       "rules instead ({broken})"),
    N_("employment_evidence.short.or_placement",
       "employment of {months} months ({time_text}) within {within} months is not enough "
       "({rule_text}), and the placements do not meet the placement rules instead ({broken})"),
    N_("employment_evidence.describe", "employment certificates replace placements: {rule_text}"),
    N_("employment_evidence.describe_or",
       "employment certificates ({rule_text}) or, instead, placements meeting the rules of "
       "route {or_route} (the text says « peut être remplacé »: a choice)"),
    # continuous_presence
    N_("continuous_presence.short",
       "a run of {days} placement days ({from} to {to}) between school days is shorter "
       "than {min_days} working days ({count} such runs): a placement is a continuous "
       "presence, not days alternating with school"),
    N_("continuous_presence.describe",
       "no alternation with school: a period shorter than {min_days} working days must "
       "touch a public holiday, school holidays, a blocked date or the training's bounds"),
    # capacity
    N_("max_abroad_per_week.past",
       "week of {week} (history, before --from): {count} students were abroad ({students}); "
       "the cap is {max} from --from on"),
    N_("max_on_placement_per_week.past",
       "week of {week} (history, before --from): {count} students were on placement "
       "({students}); the cap is {max} from --from on"),
    N_("max_abroad_per_week.over",
       "week of {week}: {count} students abroad ({students}); at most {max}"),
    N_("max_abroad_per_week.describe", "at most {max} students abroad in the same week"),
    N_("max_on_placement_per_week.over",
       "week of {week}: {count} students on placement ({students}); at most {max}"),
    N_("max_on_placement_per_week.describe",
       "at most {max} students on placement in the same week"),
    # cp-sat verdict without plain evidence
    N_("cpsat.failed", "rule not satisfied (found by CP-SAT)"),
)

UI: dict[str, str] = catalogue(
    N_("student", "Student"),
    N_("route", "Route"),
    N_("adjustment", "Adjustment"),
    N_("weeks", "Weeks"),
    N_("abroad", "Abroad"),
    N_("verdict", "Verdict"),
    N_("ok", "compliant"),
    N_("ok_warn", "compliant (warnings)"),
    N_("ko", "NOT compliant"),
    N_("error", "error"),
    N_("warning", "warning"),
    N_("class", "class"),
    N_("citation", "Text"),
    N_("all_ok", "All {n} students comply."),
    N_("class_ko", "Class rules broken: {k}."),
    N_("violations", "Violations"),
    N_("rules_of", "Rules of {title}"),
    N_("applies", "applies to"),
    N_("all", "all"),
    N_("reading", "reading chosen"),
    N_("id", "Id"),
    N_("title", "Title"),
    N_("routes", "Routes"),
    N_("adjustments", "Adjustments"),
    N_("engine", "engine"),
    N_("bad_input", "Bad input"),
)

ROUTE_NAMES = catalogue(
    N_("initial", "initial (school)"),
    N_("apprentice", "apprentice"),
    N_("continuing", "continuing education"),
    N_("continuing-improvement", "continuing (improvement)"),
    N_("distance", "distance"),
    N_("experience", "professional experience"),
)
ADJUSTMENT_NAMES = catalogue(
    N_("none", "none"),
    N_("reduced", "reduced duration"),
    N_("exempt-one-unit", "exempt from one unit"),
    N_("exempt", "exempt"),
)


def ui(key: str, lang: str, **kwargs: Any) -> str:
    """The sentence ``key`` of the page and the command line in ``lang``."""
    return pgettext(lang, key, UI[key]).format(**kwargs)


# sentences that depend on a count: CLDR's plural forms in each language
PLURALS = plurals(
    NP_("imp_rows_refused", "{n} row cannot be imported; nothing was written:",
        "{n} rows cannot be imported; nothing was written:"),
    NP_("cal_recurrences", "{n} recurring event expanded into its occurrences",
        "{n} recurring events expanded into their occurrences"),
    # English keeps one text for both (its tests and scripts read it as it was)
    NP_("some_ko", "{k} of {n} students do not comply.", "{k} of {n} students do not comply."),
    NP_("web_class_ko", "{k} of {n} students do not comply.",
        "{k} of {n} students do not comply."),
    NP_("web_n_broken", "{k} not compliant", "{k} not compliant"),
    NP_("rep_n_students", "{k} student", "{k} students"),
    NP_("rep_n_days", "{n} working day", "{n} working days"),
    NP_("web_class_unplanned", "{k} of {n} students have no plan yet: generate the calendar.",
        "{k} of {n} students have no plan yet: generate the calendar."),
    NP_("rep_student", "{sid}{name}: {days} working day(s) changed",
        "{sid}{name}: {days} working day(s) changed"),
    NP_("wi_plan_ko", "{k} of {n} not compliant", "{k} of {n} not compliant"),
    NP_("web_alt_breaks", "breaks {n} school-policy rule(s)",
        "breaks {n} school-policy rule(s)"),
    NP_("cap_weeks_more", "and {n} more week", "and {n} more weeks"),
    # issue 19: the bound on blocks (at most cap x the blocks that fit one after another)
    NP_("exp_raise_cap_block",
        "First correction: raise {kind} ('{id}') to at least {n} (now {now}): {students} "
        "students need a block of {weeks} consecutive weeks from {start} to {end}, where "
        "only one such block fits at a time, so {now} a week there allow {room} students.",
        "First correction: raise {kind} ('{id}') to at least {n} (now {now}): {students} "
        "students need a block of {weeks} consecutive weeks from {start} to {end}, where "
        "only {fit} such blocks fit one after another, so {now} a week there allow {room} "
        "students."),
)


def ui_n(key: str, count: int, lang: str, **kwargs: Any) -> str:
    """The form of the sentence ``key`` for ``count`` in ``lang``."""
    singular, plural = PLURALS[key]
    return npgettext(lang, key, singular, plural, count).format(**kwargs)


def route_name(route: str, lang: str) -> str:
    english = ROUTE_NAMES.get(route)
    return route if english is None else pgettext(lang, route, english)


def adjustment_name(adj: str, lang: str) -> str:
    english = ADJUSTMENT_NAMES.get(adj)
    return adj if english is None else pgettext(lang, adj, english)


# the parts of the rules' sentences that depend on a rule's arguments
PARTS = catalogue(
    N_("part.abroad", " abroad"),
    N_("part.within", " within {where}"),
    N_("part.year1", " in year 1"),
    N_("part.year2", " in year 2"),
    N_("part.year", " in year {year}"),
    N_("part.no_max", "any"),
    N_("part.full_time_within", "{months} months full time within {within}"),
    N_("part.part_time_within", "{months} months part time within {within}"),
    N_("part.or", " or "),
    N_("part.any_certificate", "any certificate"),
    N_("part.full_time", "full time"),
    N_("part.part_time", "part time"),
)


def _part(key: str, lang: str, **kwargs: Any) -> str:
    return pgettext(lang, key, PARTS[key]).format(**kwargs)


def _derived(args: dict[str, Any], lang: str) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    extra["in_abroad"] = _part("part.abroad", lang) if args.get("abroad") else ""
    where = args.get("where")
    year = args.get("year")
    if where:
        extra["in_where"] = _part("part.within", lang, where=where)
    elif year:
        extra["in_where"] = _part(f"part.year{year}" if year in (1, 2) else "part.year", lang,
                               year=year)
    else:
        extra["in_where"] = ""
    if "blocked_from" in args:   # "CCF E4, " before the dates; nothing when unnamed
        extra["reason_sep"] = f"{args['reason']}, " if args.get("reason") else ""
    mx = args.get("max")
    extra["max_or_any"] = _part("part.no_max", lang) if mx is None else mx
    if "full_time" in args or "full_time_months" in args:
        bits = []
        for kind in ("full_time", "part_time"):
            months = args.get(f"{kind}_months")
            if months:
                bits.append(_part(f"part.{kind}_within", lang, months=months,
                                  within=args.get(f"{kind}_within")))
        extra["rule_text"] = (_part("part.or", lang).join(bits)
                              or _part("part.any_certificate", lang))
        extra["time_text"] = _part("part.full_time" if args.get("full_time")
                                   else "part.part_time", lang)
    return extra


def render_message(code: str, args: dict[str, Any], lang: str) -> str:
    template = pgettext(lang, code, CATALOGUE[code])
    values = {k: _fmt(v, lang) for k, v in args.items()}
    for k, v in _derived(args, lang).items():
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
UI.update(catalogue(
    N_("web_app", "Internship planning"),
    N_("web_tagline", "internship placements of BTS classes"),
    N_("web_home", "Classes"),
    N_("web_footer", "stageplan: rules from the official texts; nothing leaves this server."),
    N_("web_lang_title", "Passer en français"),
    N_("web_classes", "Classes"),
    N_("web_class_name", "Class"),
    N_("web_class_name_opt", "Name (optional)"),
    N_("web_programme", "Programme"),
    N_("web_students", "Students"),
    N_("web_n_students", "{n} students"),
    N_("web_n_unplanned", "{k} to plan"),
    N_("web_unplanned", "to plan"),
    N_("web_student_unplanned",
       "no plan yet: generate the class's calendar, or add a period "
       "below"),
    N_("web_invalid", "invalid file"),
    N_("web_version", "version"),
    N_("web_versions", "Saved versions"),
    N_("web_old_version", "older version"),
    N_("web_new_version", "Send a new version"),
    N_("web_no_classes", "No class yet: send a class file below."),
    N_("web_upload", "Add a class"),
    N_("web_upload_help",
       "A class file in YAML or JSON (at most 1 MiB), as read by "
       "'stageplan verify'."),
    N_("web_file", "File"),
    N_("web_send", "Send"),
    N_("web_no_file", "no file was chosen"),
    N_("web_bad_form", "the form could not be read"),
    N_("web_saved_as", "Saved as version {v}."),
    N_("web_zone", "zone"),
    N_("web_class_ok", "Every student complies."),
    N_("web_repair", "Repair"),
    N_("web_repair_help", "Smallest changes that make every plan compliant"),
    N_("web_generate", "Generate"),
    N_("web_generate_help", "Fill in a compliant calendar for the class"),
    N_("web_explain", "Explain"),
    N_("web_explain_help", "Which rules are in conflict"),
    N_("web_whatif", "What if…"),
    N_("web_whatif_help",
       "Change the zone, add blocked dates, change a student's route or "
       "adjustment, or a rule's parameter, and compare with the current "
       "plan."),
    N_("web_whatif_nothing", "choose at least one change"),
    N_("web_blocked_add", "Blocked dates to add"),
    N_("web_from", "from"),
    N_("web_to", "to"),
    N_("web_reason", "reason"),
    N_("web_rule_param", "Rule parameter"),
    N_("web_param", "parameter"),
    N_("web_value", "value"),
    N_("web_compare", "Compare"),
    N_("web_comparison", "Comparison"),
    N_("web_changes", "changes"),
    N_("web_calendar_title", "Calendar of the class"),
    N_("web_calendar", "calendar"),
    N_("web_week", "week"),
    N_("web_week_of", "week of"),
    N_("web_france", "placement in France"),
    N_("web_abroad", "placement abroad"),
    N_("web_partial", "part of the week"),
    N_("web_holidays", "school holidays"),
    N_("web_blocked", "blocked dates"),
    N_("web_locked", "locked"),
    N_("web_hover", "hover a cell for its dates"),
    N_("web_changed", "changed"),
    N_("web_verification", "Verification"),
    N_("web_rule", "Rule"),
    N_("web_severity", "Severity"),
    N_("web_message", "What is wrong"),
    N_("web_evidence", "evidence"),
    N_("web_downloads", "Downloads"),
    N_("web_format_missing", "{fmt} export is not available on this server"),
    N_("web_job_generate", "Generate a calendar"),
    N_("web_job_repair", "Repair the plan"),
    N_("web_job_explain", "Explain the conflict"),
    N_("web_job_whatif", "What if…"),
    N_("web_running", "Solving… the page updates by itself."),
    N_("web_time_limit", "time limit {s} s"),
    N_("web_timeout", "The solve took longer than {s} s and was stopped."),
    N_("web_job_failed", "The job failed."),
    N_("web_job_missing", "This job is not installed on this server yet."),
    N_("web_edits", "Proposed changes"),
    N_("web_action", "action"),
    N_("web_period", "period"),
    N_("web_weeks_changed", "weeks changed"),
    N_("web_changed_days", "{n} working days change status."),
    N_("web_before", "Before"),
    N_("web_after", "After"),
    N_("web_accept", "Accept and save"),
    N_("web_reject", "Reject"),
    N_("web_nothing_to_change", "Nothing to change: the plan already complies."),
    N_("web_no_plan", "No plan was proposed."),
    N_("web_conflict", "Rules in conflict"),
    N_("web_nothing_to_explain", "Nothing to explain: a compliant plan exists."),
    N_("web_back_class", "back to the class"),
    N_("web_back_home", "back to the classes"),
    N_("web_error", "Error"),
    N_("web_not_found", "This page does not exist."),
))
UI.update(catalogue(
    N_("web_api_intro",
       "Each command-line job over HTTP. Send the class file (JSON "
       "{{\"scenario\": text}}, a multipart 'file', or YAML); the answer is the "
       "command line's --format json. Errors: 413 too large, 422 bad input "
       "with file, line and field. OpenAPI description:"),
    N_("web_api_endpoint", "Endpoint"),
    N_("web_api_job", "Job"),
    N_("web_api_example", "Examples"),
))
UI.update(catalogue(
    N_("web_action_extend", "extend"),
    N_("web_action_shorten", "shorten"),
    N_("web_action_move", "move"),
    N_("web_action_add", "add"),
    N_("web_action_remove", "remove"),
    N_("web_action_change", "change"),
))

# ---- generate (solver/generate.py, solver/preferences.py, solver/render/*) ------------
CATALOGUE.update(catalogue(
    N_("avoid_holidays.days", "{days} placement days fall in school holidays"),
    N_("avoid_holidays.describe", "preferably no placement days in school holidays"),
    N_("avoid_before_blocked.hit",
       "{days} placement days ({from} to {to}) in the {weeks} weeks before the blocked "
       "dates of {blocked_from}"),
    N_("avoid_before_blocked.describe",
       "preferably no placement in the {weeks} weeks before blocked dates (exams)"),
    N_("few_periods.many",
       "{count} separate periods (France and abroad runs); at most {max} preferred"),
    N_("few_periods.describe", "preferably at most {max} separate periods"),
    N_("preferred_windows.outside",
       "{days} placement days outside the preferred windows (from {from})"),
    N_("preferred_windows.describe", "placements preferably inside: {windows}"),
    N_("lean_placements.describe", "no more placement weeks than the rules need"),
))
UI.update(catalogue(
    N_("gen_optimal", "Calendar generated: proven optimal ({seconds} s)."),
    N_("gen_feasible",
       "Calendar generated: compliant, not proven optimal within the time "
       "limit ({seconds} s)."),
    N_("gen_infeasible", "No compliant calendar exists. Rules in conflict:"),
    N_("gen_unknown",
       "No calendar found within the time limit ({seconds} s); try a longer "
       "--time-limit."),
    N_("gen_cut",
       "The time limit cut the search: this is the best calendar found by then "
       "(another machine, or a longer --time-limit, may give a better one)."),
    N_("time_limit_cut",
       "The time limit cut a search: what is shown is what was found by "
       "then (a longer --time-limit may find more)."),
    N_("gen_xlsx_needs_output", "--format xlsx writes a binary file: give -o FILE.xlsx"),
    N_("legend", "Legend"),
    N_("cell_france", "placement in France"),
    N_("cell_france_proposed", "placement in France, proposed"),
    N_("cell_abroad_proposed", "placement abroad, proposed"),
    N_("cell_signed_france", "placement in France, convention signed or locked"),
    N_("cell_signed_abroad", "placement abroad, convention signed or locked"),
    N_("cell_past_france", "placement in France, done (before the planning date)"),
    N_("cell_past_abroad", "placement abroad, done (before the planning date)"),
    N_("planned_from",
       "Planned from {date} (--from): the weeks before are history, kept as "
       "they were."),
    N_("cell_abroad", "placement abroad"),
    N_("cell_holiday", "school holidays"),
    N_("cell_blocked", "blocked dates (exams)"),
    N_("week_of", "Week of"),
    N_("periods", "Periods"),
    N_("calendar", "Calendar"),
    N_("from", "From"),
    N_("to", "To"),
    N_("place", "Place"),
    N_("country", "Country"),
    N_("locked", "Locked"),
    N_("place_france", "France"),
    N_("place_abroad", "abroad"),
    N_("placement", "Placement"),
    N_("verification", "Verification"),
    N_("generated_plan", "Placement calendar"),
))

# ---- repair and explain (solver/repair.py, solver/explain.py, render/repair_out.py) ----
UI.update(catalogue(
    N_("rep_unchanged", "Every student already complies: nothing to change."),
    # {students} and {days}: rep_n_students and rep_n_days, each in its plural form
    N_("rep_optimal",
       "Repaired: {students}, {days} changed in all (proven minimal, {seconds} s)."),
    N_("rep_feasible",
       "Repaired: {students}, {days} changed in all "
       "(best found within the time limit, not proven minimal; {seconds} s)."),
    N_("rep_infeasible",
       "Some plans cannot be made compliant without touching what is "
       "locked:"),
    N_("rep_unknown",
       "No repair found within the time limit ({seconds} s); try a longer "
       "--time-limit."),
    N_("rep_student_none", "{sid}{name}: no compliant plan keeps the locked periods"),
    N_("rep_for", "so that: {rules}"),
    N_("rep_written", "Repaired plan written to {path}."),
    N_("rep_same_file", "-o is the input file: add --in-place to overwrite it"),
    N_("rep_class_mode", "Class rules bind: the class was repaired in one model."),
    N_("exp_compliant", "Every student complies: nothing to explain."),
    N_("exp_repairable",
       "{k} student(s) do not comply, but a compliant plan exists: "
       "`stageplan repair` finds the smallest change."),
    N_("exp_generable",
       "A compliant calendar exists for this class: `stageplan generate` "
       "proposes one."),
    N_("exp_unknown",
       "Could not decide within the time limit ({seconds} s); try a longer "
       "--time-limit."),
    N_("exp_infeasible",
       "No compliant plan exists{who}. These {n} constraints cannot hold "
       "together (drop any one and the rest can):"),
    N_("exp_who", " for {students}"),
    N_("exp_who_class", " for the class as a whole (a class rule binds)"),
    N_("exp_others", "The same kind of conflict also concerns: {students}."),
    N_("exp_derogation",
       "To go on, lift one of them: unlock or move a locked period, move "
       "blocked dates, or ask the rectorate for a derogation from a rule."),
    N_("exp_derogation_history",
       "A placement already done cannot be undone: to go on, move what is still to come "
       "(a lock, a signed convention, blocked dates) or ask the rectorate for a "
       "derogation from a rule."),
    N_("history_member", "placement already done by {sid} (period {n}): {from} to {to}, {place}"),
    N_("signed_member", "signed convention of {sid} (period {n}): {from} to {to}, {place}"),
    N_("locked_member", "locked period {n} of {sid}: {from} to {to}, {place}"),
    N_("blocked_part", "dates {from} to {to}"),
    N_("cap_week_abroad", "week of {week}: {count} students abroad for {max} places"),
    N_("cap_week_on", "week of {week}: {count} students on placement for {max} places"),
    N_("cap_weeks_abroad",
       "weeks of {week} to {last}: {count} students abroad for {max} places"),
    N_("cap_weeks_on",
       "weeks of {week} to {last}: {count} students on placement for {max} places"),
    N_("edit_extend",
       "extend period {n} ({place}, from {old_from}) by {delta}: now {from} "
       "to {to}"),
    N_("edit_shorten",
       "shorten period {n} ({place}, from {old_from}) by {delta}: now {from} "
       "to {to}"),
    N_("edit_move_later",
       "move period {n} ({place}, from {old_from}) {delta} later: {from} "
       "to {to}"),
    N_("edit_move_earlier",
       "move period {n} ({place}, from {old_from}) {delta} earlier: "
       "{from} to {to}"),
    N_("edit_change",
       "change period {n} ({place}, {old_from} to {old_to}) into {new_place} "
       "from {from} to {to}"),
    N_("edit_split",
       "split period {n} ({place}, {old_from} to {old_to}) in two: its part "
       "from {from} to {to} becomes a period of its own"),
    N_("edit_add", "add a period of {delta} ({new_place}) from {from} to {to}"),
    N_("edit_remove", "remove period {n} ({place}, {old_from} to {old_to})"),
    N_("one_week", "one week"),
    N_("n_weeks", "{n} weeks"),
    N_("one_day", "one working day"),
    N_("n_days", "{n} working days"),
    N_("n_cal_days", "{n} days"),
    N_("web_edit_message", "In words"),
    N_("source", "Source"),
))

# ---- what-if, compare, batch (solver/whatif.py, solver/render/whatif_out.py) -------------
UI.update(catalogue(
    N_("wi_title", "What if: variants side by side"),
    N_("wi_base", "base"),
    N_("wi_same", "same calendar and verdicts as the base"),
    N_("wi_same_verdicts",
       "same verdicts on the existing plan as the base (no calendar "
       "computed)"),
    N_("wi_error", "bad input"),
    N_("wi_label", "Scenario"),
    N_("wi_changes", "Changes"),
    N_("wi_feasible", "Calendar"),
    N_("wi_conflict", "Conflict / error"),
    N_("wi_plan", "Existing plan"),
    N_("wi_no_plan", "no plan yet"),
    N_("wi_newly_ok", "Newly compliant"),
    N_("wi_newly_ko", "Newly NOT compliant"),
    N_("wi_windows", "Class windows"),
    N_("wi_shift", "Window shift (weeks)"),
    N_("wi_holiday_weeks", "Placement weeks in school holidays"),
    N_("wi_abroad_weeks", "Weeks abroad (class total)"),
    N_("wi_objective", "Objective (cost)"),
    N_("wi_solve_time", "Solve time"),
    N_("wi_status_optimal", "compliant calendar (optimal)"),
    N_("wi_status_feasible", "compliant calendar (not proven optimal)"),
    N_("wi_status_infeasible", "NO compliant calendar"),
    N_("wi_status_unknown", "none found in the time limit"),
    N_("wi_note",
       "Each calendar was generated with a budget of {t} s; weeks are working "
       "days / 5; shifts compare the start of each class window with the base's."),
    N_("wi_needs_change", "give at least one --set or --variant"),
    N_("wi_needs_two", "compare needs at least two files"),
    N_("wb_title", "Batch: {n} scenarios"),
    N_("wb_file", "File"),
    N_("wb_label", "Label"),
    N_("wb_programme", "Programme"),
    N_("wb_students", "Students"),
    N_("wb_plan", "Plan"),
    N_("wb_non_compliant", "Not compliant"),
    N_("wb_status", "Calendar"),
    N_("wb_feasible", "Feasible"),
    N_("wb_conflict", "Conflict"),
    N_("wb_objective", "Objective"),
    N_("wb_holiday_weeks", "Weeks in holidays"),
    N_("wb_abroad_weeks", "Weeks abroad"),
    N_("wb_solve_time", "Time (s)"),
    N_("wb_error", "Error"),
    N_("wb_no_files", "no scenario file (*.yaml, *.yml, *.json) in this folder"),
))

# files and signals (issue 13): write errors, replaced outputs, Ctrl-C
UI.update(catalogue(
    N_("interrupted",
       "Interrupted (Ctrl-C): the search was stopped before its end; nothing "
       "was written."),
    N_("output_replaced", "note: {path} already existed; it was replaced"),
    N_("write_error", "Cannot write"),
    N_("write_failed", "the file could not be written: {reason}; nothing was changed"),
    N_("write_hint", "choose another file with -o, or free the disk"),
    N_("write_no_space", "the disk is full"),
    N_("write_denied", "permission denied"),
    N_("write_read_only", "the disk is read-only"),
    N_("write_no_folder", "its folder does not exist"),
    N_("write_is_folder", "this is a folder"),
))


# ---- a student's own unavailable dates (rules/unavailable.py) ----------------------------
CATALOGUE.update(catalogue(
    N_("unavailable.hit",
       "{days} placement days from {from} to {to} fall on dates the student is unavailable "
       "({unavailable_from} to {unavailable_to})"),
    N_("unavailable.hit_reason",
       "{days} placement days from {from} to {to} fall on dates the student is unavailable "
       "({reason}, {unavailable_from} to {unavailable_to})"),
    N_("unavailable.describe",
       "no placement on the dates a student is unavailable (their 'unavailable:' list)"),
))

UI.update(catalogue(
    N_("rules_policy",
       "School policy (defaults, generate requires them; a class file's "
       "policy: overrides them by id)"),
    N_("school_policy", "school policy"),
    N_("replaced_by", "former programme, replaced by {new}"),
    N_("policy_findings",
       "School policy (the school's own rules, not the programme's text: they do not "
       "change the verdict above)"),
    N_("gen_bad_from", "--from wants a date"),
    N_("gen_infeasible_no_conflict",
       "No compliant calendar exists (proven), but the time limit stopped the search for "
       "the rules in conflict; run `stageplan explain` or give a longer --time-limit."),
    N_("exp_raise_cap",
       "First correction: raise {kind} ('{id}') to at least {n} (now {now}): the "
       "students need {need} student-weeks from {start} to {end}, more than {now} a "
       "week there allows."),
    N_("exp_relax_policy",
       "School policy in the conflict ({ids}): relax it in the class file's policy: "
       "(e.g. {{id: {first}, kind: ..., in_generate: soft}}) or list it in disabled_rules:."),
    N_("exp_infeasible_unproven",
       "No compliant plan exists{who}. These {n} constraints cannot hold together (proven); "
       "the time given did not allow checking that each one is needed:"),
))

# ---- school calendars (issue 10): stageplan calendar, provisional calendars ----------
UI.update(catalogue(
    N_("cal_import_header",
       "school holidays imported from {file}; point a class to this file with "
       "'calendar: {{holidays_file: THIS_FILE}}'"),
    N_("schema_list",
       "JSON Schemas (outputs' schema_version {version}); print one with "
       "'stageplan schema NAME':"),
    N_("dask_dashboard", "Dask dashboard: {link}"),
    N_("cal_times_in_zone", "times read in the académie's time zone, {zone}"),
    N_("cal_paste_header", "paste under 'calendar:' of the class file (instead of 'zone:')"),
    N_("cal_provisional",
       "provisional calendar: the school holidays after the published data are projected "
       "from the usual pattern (« calendrier provisoire »); check them when the official "
       "calendar is published"),
    N_("cal_years", "year 1 from {start}, year 2 from {y2}, training ends on {end}"),
    N_("cal_summer", "summer break between the two years: {name}, {start} to {end}"),
    N_("cal_holidays", "School holidays"),
    N_("cal_bridges", "Bridges (not counted as school holidays)"),
    N_("cal_public", "Public holidays ({place})"),
    N_("provisional_mark", "provisional calendar"),
))
# ---- issue 12 (command line and outputs): one look, counts, convention details, print --
UI.update(catalogue(
    N_("cell_final", "final exams"),
    N_("cell_free", "no placement"),
    N_("count_on", "On placement"),
    N_("count_abroad", "Abroad"),
    N_("tens", "tens"),
    N_("units", "units"),
    N_("month", "Month"),
    N_("week", "Week"),
    N_("text_span",
       "Training from {from} to {to}: one column per week (Monday to Sunday), "
       "week numbers written downwards."),
    N_("text_counts_note",
       "Counts: students on placement (France or abroad) and abroad each "
       "week, written downwards."),
    N_("company", "Company"),
    N_("tutor", "Tutor"),
    N_("city", "City"),
    N_("signed", "Signed"),
    N_("status", "Status"),
    N_("status_signed", "convention signed"),
    N_("status_locked", "locked"),
    N_("status_proposed", "proposed"),
    N_("span_dates", "{from} to {to}"),
    N_("period_n", "Period {n}"),
    N_("period_n_of", "Period {n} of {total}"),
    N_("yes", "yes"),
    N_("no", "no"),
    N_("name", "Name"),
    N_("weeks_on", "Placement weeks"),
    N_("weeks_abroad", "Weeks abroad"),
    N_("ics_description", "{placement} of {who}, {period}: {dates}."),
    N_("ics_calname", "Placements: {label}"),
    N_("print_student_title", "Placement annex: {who}"),
    N_("print_student_intro",
       "{programme}. Calendar of the placements and the rules they "
       "meet, to attach to the placement convention."),
    N_("print_rules", "Rules checked"),
    N_("print_met", "met"),
    N_("print_not_met", "NOT met"),
    N_("print_not_applicable", "does not apply"),
    N_("print_generated", "Checked by stageplan on {date}."),
    N_("print_signatures", "Signatures"),
    N_("print_sign_school", "The school"),
    N_("print_sign_company", "The host company"),
    N_("print_sign_student", "The student"),
    N_("print_no_period", "No placement period yet."),
    N_("print_contents", "Students"),
))


def colon(lang: str) -> str:
    """The colon between a label and its value: « Voie : scolaire », "Route: initial"
    (a plain space, so that scripts and people can search for « Entrée invalide : »)."""
    return " : " if lang == "fr" else ": "

# ---- school-policy shape kinds (solver/rules/shape.py) and generate's options -----------
CATALOGUE.update(catalogue(
    N_("lead_time.hit",
       "{days} new placement days from {from} to {to} in the {weeks} weeks after --from "
       "(until {until}): a convention cannot be signed that fast"),
    N_("lead_time.describe",
       "no new placement day in the {weeks} weeks after --from (periods already in the "
       "file excepted)"),
    N_("first_weeks_free.hit",
       "{days} placement days from {from} to {to} in the first {weeks} teaching weeks "
       "(until {until}): the class starts with teaching"),
    N_("first_weeks_free.describe",
       "no placement in the first {weeks} teaching weeks of the training"),
    N_("before_final_exams.hit",
       "{days} placement days from {from} to {to} on or after the first day of the final "
       "exams ({final}): the placements feed the exam dossiers"),
    N_("before_final_exams.describe", "no placement on or after the first day of the final exams"),
    N_("whole_weeks.partial",
       "a placement takes {days} of the {of} days of the week from {from} to {to}: "
       "periods are whole weeks, Monday to Friday"),
    N_("whole_weeks.describe", "periods of whole weeks, Monday to Friday"),
    N_("min_run.short_france",
       "a stint of {found_weeks} weeks only in France ({from} to {to}); at least {weeks} "
       "weeks in one place, even next to a stint abroad or a signed convention"),
    N_("min_run.short_abroad",
       "a stint of {found_weeks} weeks only abroad ({from} to {to}); at least {weeks} "
       "weeks in one place, even next to a stint in France or a signed convention"),
    N_("min_run.describe", "no stint shorter than {weeks} weeks in France or abroad"),
    N_("both_years.thin",
       "{found_weeks} placement weeks in year {year}; the weeks are spread over the "
       "training: at least {weeks} in each year"),
    N_("both_years.describe", "at least {weeks} placement weeks in each year of the training"),
    N_("balanced_years.thin",
       "only {weeks} placement weeks in year {year}: the weeks are unbalanced between the "
       "years"),
    N_("avoid_months.days",
       "{days} placement day(s) in a month to avoid (August: firms shut, tutors away)"),
    N_("no_short_gaps.gap",
       "back at school for one week only ({from} to {to}) between two placements"),
    N_("max_runs.many", "{count} separate periods (runs in France, abroad blocks); at most {max}"),
    N_("max_runs.describe", "at most {max} separate periods per student (an abroad block is one)"),
))
UI.update(catalogue(
    N_("imp_done", "{n} students imported into {path}; next: stageplan generate {path}"),
))
UI.update(catalogue(N_("conventions", "Conventions")))
UI.update(catalogue(N_("print_not_followed", "recommendation not followed")))
UI.update(catalogue(
    N_("print_pdf_needs_output", "--format pdf writes a binary file: give -o FILE.pdf"),
    N_("print_pdf_missing", "PDF needs WeasyPrint: pip install 'stageplan[pdf]'"),
))
UI.update(catalogue(N_("wb_verified", "verified")))
# ---- batch runs and their rolled-up report (jobs/batch/runner.py, io/render/batch_report.py)
UI.update(catalogue(
    N_("wb_done",
       "{n} rows: {ran} computed, {cached} from the cache, {retried} rerun with a "
       "larger budget; {failed} failed"),
    N_("wb_failed_reason", "{k} {reason}"),
    N_("wb_reason_bad input", "bad input"),
    N_("wb_reason_worker lost", "worker lost"),
    N_("wb_reason_internal error", "internal error"),
    N_("wb_corrupt", "{k} damaged cache entries were recomputed"),
))
UI.update(catalogue(
    N_("br_title", "Batch report: {n} classes"),
    N_("br_not_given", "(not given)"),
    N_("br_all", "All classes"),
    N_("br_by", "By {level}"),
    N_("br_level_school", "school"),
    N_("br_level_academie", "académie"),
    N_("br_level_zone", "zone"),
    N_("br_level_programme", "programme"),
    N_("br_sheet_classes", "Classes"),
    N_("br_academie", "Académie"),
    N_("br_zone", "Zone"),
    N_("br_school", "School"),
    N_("br_programme", "Programme"),
    N_("br_file", "File"),
    N_("br_label", "Class"),
    N_("br_students", "Students"),
    N_("br_outcome", "Outcome"),
    N_("br_status", "Solver status"),
    N_("br_feasible", "Feasible"),
    N_("br_plan_non_compliant", "Students not compliant (plan)"),
    N_("br_abroad_weeks", "Weeks abroad"),
    N_("br_holiday_weeks", "Weeks in holidays"),
    N_("br_abroad_peak", "Peak abroad in a week"),
    N_("br_abroad_peak_week", "Week of the peak"),
    N_("br_abroad_capacity", "Abroad capacity per week"),
    N_("br_weeks_at_capacity", "Weeks at capacity"),
    N_("br_objective", "Objective"),
    N_("br_solve_time", "Time (s)"),
    N_("br_time_limit_reached", "Time limit reached"),
    N_("br_retried", "Rerun"),
    N_("br_error", "Error"),
    N_("br_key", "Group"),
    N_("br_n_feasible", "Feasible"),
    N_("br_n_students", "Students"),
    N_("br_classes", "Classes"),
    N_("br_optimal", "Optimal"),
    N_("br_unproven", "Not proven optimal"),
    N_("br_infeasible", "No compliant calendar"),
    N_("br_unknown", "None found in time"),
    N_("br_errors", "Errors"),
    N_("br_feasible_share", "Feasible (%)"),
    N_("br_students_in_infeasible", "Students in classes without a calendar"),
    N_("br_classes_at_capacity", "Classes at abroad capacity"),
    N_("br_outcome_optimal", "compliant, optimal"),
    N_("br_outcome_unproven", "compliant, not proven optimal"),
    N_("br_outcome_infeasible", "NO compliant calendar"),
    N_("br_outcome_unknown", "none found in time"),
    N_("br_outcome_verified", "plan verified only"),
    N_("br_outcome_error", "error"),
    N_("br_yes", "yes"),
    N_("br_no", "no"),
    N_("br_chart_load", "Students abroad per week, all classes, against the summed capacities"),
    N_("br_chart_outcomes", "Classes by outcome, per académie"),
    N_("br_capacity", "capacity"),
    N_("br_no_abroad", "No student abroad in the generated calendars."),
    N_("br_written", "report written to {folder}"),
    # short headers of the text tables (the CSV, XLSX and HTML have the long ones)
    N_("br_t_classes", "Classes"),
    N_("br_t_students", "Stud."),
    N_("br_t_feasible", "Feas."),
    N_("br_t_unproven", "Unpr."),
    N_("br_t_infeasible", "Infeas."),
    N_("br_t_errors", "Err."),
    N_("br_t_feasible_share", "% feas."),
    N_("br_t_students_in_infeasible", "Stud. no cal."),
    N_("br_t_plan_non_compliant", "Not compl."),
    N_("br_t_abroad_peak", "Abroad peak"),
    N_("br_t_abroad_capacity", "Capacity"),
    N_("br_t_classes_at_capacity", "Cl. full"),
    N_("br_t_caption",
       "Feas. compliant calendar; Unpr. not proven optimal; Infeas. no compliant "
       "calendar; Stud. no cal. students of classes without one; Not compl. "
       "students not compliant in the existing plan; Abroad peak: most students "
       "abroad in one week against the summed capacity; Cl. full: classes with "
       "weeks at their abroad capacity."),
))
# ---- accounts and the server (solver/web/commands/{user,serve}.py; issue 20) ------------
UI.update(catalogue(
    N_("user_password", "Password"),
    N_("user_password_again", "Password again"),
    N_("user_password_differ", "The two passwords differ; again."),
    N_("user_saved", "stageplan: user '{name}' ({role}) saved in {path}"),
    N_("user_passwd_done", "stageplan: password of '{name}' changed"),
    N_("user_removed", "stageplan: user '{name}' removed"),
    N_("serve_banner", "stageplan: http://{where}/  (data: {data}; {auth}; hosts: {hosts})"),
    N_("serve_no_login", "no login, this machine only"),
    N_("serve_login", "login required"),
    N_("serve_or_through", "or through {issuer}"),
    N_("serve_plain_http",
       "stageplan: this server speaks plain HTTP; on a network, put it behind an HTTPS "
       "proxy and start it with --secure-cookies, so that passwords and sessions never "
       "travel in clear"),
))
UI.update(catalogue(
    N_("xlsx_training", "training {dates}"),
    N_("xlsx_id", "Id"),
    N_("ics_final_exams", "Final exams"),
    N_("ics_final_exams_description",
       "Final exams of the class ({label}): no placement on or after their first day."),
    N_("ics_exam", "exam"),
))
