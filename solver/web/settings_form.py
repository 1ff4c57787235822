"""The class settings form (issue 20): what it sends, read into one edit of the class
file; and, when that edit is refused, what was typed with the error beside its field.

The form may carry the school calendar as an ICS file (the ministry's or the
rectorat's, field ``ics``): it is read by ``stageplan calendar import``'s own reader
(bounded in size, errors naming the file's line), and its breaks between the class's
dates become the class's ``holidays:`` list, saved as a version like every setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData, UploadFile

from solver.core.errors import InputError, msg
from solver.i18n.catalog import fmt_date, ui
from solver.i18n.errors import input_error_text
from solver.io.ics_import import between, read_ics_text
from solver.io.importer import class_calendar
from solver.web import editops
from solver.web.form_fields import FormError, form_text
from solver.web.importing import form_choice

SETTINGS_FIELDS = ("start", "end", "zone", "academie", "final_from", "final_to",
                   "blocked", "max_on_placement")
ICS_ACCEPT = ".ics,text/calendar"

# the field an error names (the form's own, the import options', the loader's) -> the
# form's field it is shown beside
_FIELD_OF = {"--academie": "academie", "--zone": "zone", "--final-exams": "final_from",
             "--blocked": "blocked", "year2_start": "start", "holidays": "ics",
             "holidays_file": "ics", "provisional": "provisional", "from": "blocked",
             "to": "blocked", "reason": "blocked", "max": "max_on_placement"}


def form_field(field: str | None) -> str | None:
    """The settings form's field for an error's ``field`` (None: the form as a whole)."""
    if not field:
        return None
    last = field.split(".")[-1].split("[")[0]
    if last in SETTINGS_FIELDS or last in ("ics", "provisional"):
        return last
    return _FIELD_OF.get(last)


def _refused(exc: InputError, lang: str, where: str | None = None) -> FormError:
    """The error beside its field: what is wrong and the fix (the field says where);
    an ICS file's error keeps its file, line and property."""
    field = where or form_field(exc.field)
    if field is not None and field != "ics":
        exc = InputError(exc.message, hint=exc.hint)
    return FormError(input_error_text(exc, lang), field)


def ics_holidays(form: FormData, lang: str, limit: int, start: dt.date,
                 end: dt.date) -> list[dict[str, Any]] | None:
    """The breaks of the uploaded ICS calendar that meet the class's dates, as the
    ``holidays:`` list (None: no file sent)."""
    upload = form.get("ics")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    name = "".join(c for c in upload.filename.replace("\\", "/").rsplit("/", 1)[-1]
                   if c.isalnum() or c in "._-")[:80] or "calendar.ics"
    raw = upload.file.read(limit + 1)
    if len(raw) > limit:
        raise FormError(ui("web_ics_too_large", lang, file=name, kib=limit // 1024), "ics")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refused(InputError(msg("not UTF-8 text (byte {})", exc.start), name), lang,
                       "ics") from None
    try:
        spans = between(read_ics_text(text, name, lang=lang), start, end)
    except InputError as exc:
        raise _refused(exc, lang, "ics") from None
    if not spans:
        raise FormError(ui("web_ics_none", lang, file=name, start=fmt_date(start, lang),
                           end=fmt_date(end, lang)), "ics")
    return [{"name": s.label, "from": s.start, "to": s.end} for s in spans]


def settings_edit(form: FormData, lang: str, file: str,
                  limit: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The edit the settings form asks for; FormError (naming its field) otherwise."""
    values = {key: form_text(form, key, 400) for key in SETTINGS_FIELDS}
    try:
        choice = form_choice(values, file)
    except InputError as exc:
        raise _refused(exc, lang) from None
    choice.provisional = form.get("provisional") == "on"
    holidays = ics_holidays(form, lang, limit, choice.start, choice.end)
    # back to the zone's published holidays: the class's own list dropped
    zone_data = holidays is None and form.get("zone_holidays") == "on"
    known = [str(k)[len("rule_"):] for k in form if str(k).startswith("rule_")]
    off = [r for r in known if form.get("rule_" + r) != "on"]

    def edit(data: dict[str, Any]) -> dict[str, Any]:
        cal = data.get("calendar")
        if zone_data and isinstance(cal, dict):
            data = {**data, "calendar": {k: v for k, v in cal.items()
                                         if k not in ("holidays", "holidays_file")}}
            cal = data["calendar"]
        own = holidays is not None or (isinstance(cal, dict) and (
            "holidays" in cal or "holidays_file" in cal))
        try:
            calendar = class_calendar(choice, file, lang, [], [], need_zone=not own)
        except InputError as exc:
            raise _refused(exc, lang) from None
        return editops.apply_settings(data, calendar, choice.max_on_placement, off,
                                      choice.academie, holidays)
    return edit


def typed(form: FormData, message: str, where: str | None) -> dict[str, Any]:
    """What the refused form held, for the class page to draw it again: every field as
    typed, each rule's box as ticked, and the error with the field it is about."""
    values: dict[str, Any] = {key: form_text(form, key, 400) for key in SETTINGS_FIELDS}
    values["provisional"] = form.get("provisional") == "on"
    values["zone_holidays"] = form.get("zone_holidays") == "on"
    rules = {str(k)[len("rule_"):]: form.get(str(k)) == "on"
             for k in form if str(k).startswith("rule_")}
    return {"values": values, "rules_on": rules, "error": message,
            "error_field": form_field(where)}
