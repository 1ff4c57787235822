"""The catalogue's sentences for repair's alternatives and explain's correction sets,
"why not?" questions and stopped searches (issue 14), in English and French.

They join ``i18n.UI`` when this module is imported (the renderers of repair and explain
import it), so they are asked for with ``ui(key, lang)`` like every other sentence;
they live in a module of their own only so that parallel work on ``i18n.py`` does not
collide with them.
"""

from __future__ import annotations

from solver.i18n.catalog import UI
from solver.i18n.translations import N_, catalogue

ENTRIES: dict[str, str] = catalogue(
    N_("ask_off", "off"),
    N_("exp_unknown_tried",
       "The search stopped at the time limit before an answer: it examined {students} "
       "({assumed} rules, date spans and locked periods; {solves} solve(s) of at most "
       "{limit} s each). No conflict is claimed; try a longer --time-limit."),
    N_("exp_nobody", "the class"),
    # {days}: catalog's rep_n_days in its plural form
    N_("rep_alternatives", "Other fixes of {days} changed:"),
    N_("rep_alternative", "Fix {k} ({days} changed):"),
    N_("rep_no_alternative", "No other fix of {days} changed exists."),
    N_("ask_bad", "cannot read the question {text!r}"),
    N_("ask_yes", "Yes: a compliant calendar of the class exists with {wish}."),
    N_("ask_no",
       "No: {wish} cannot hold together with these {n} constraints "
       "(drop any one and the rest can):"),
    N_("ask_unknown",
       "Could not decide within the time limit ({seconds} s) whether {wish} "
       "is possible; try a longer --time-limit."),
    N_("ask_wish", "{sid} {place} from {from} to {to}"),
    N_("ask_member", "the wish: {wish}"),
    N_("mcs_title",
       "What to relax (smallest sets first; relaxing all of one set makes "
       "the class feasible, relaxing less does not):"),
    N_("mcs_item", "Option {k}: {items}"),
    N_("mcs_none",
       "No set of school-side items (policy, blocked dates, locked periods) "
       "makes the class feasible; only the texts' rules remain "
       "(--relax-rules to list them)."),
    N_("mcs_unknown",
       "No correction set was found within the time limit (the search for "
       "what to relax stopped; it does not say that none exists)."),
    N_("mcs_not_minimal", "(the time limit stopped the check that none of it can stay)"),
    N_("mcs_more", "(at most {k} sets listed)"),
    N_("exp_all", "Disjoint conflict {k}:"),
    N_("mcs_need", "up to {count} in the week of {week} (limit {limit})"),
)

UI.update({k: v for k, v in ENTRIES.items() if k not in UI})
