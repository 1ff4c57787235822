"""The catalogue's sentences for repair's alternatives and explain's correction sets,
"why not?" questions and stopped searches (issue 14), in English and French.

They join ``i18n.UI`` when this module is imported (the renderers of repair and explain
import it), so they are asked for with ``ui(key, lang)`` like every other sentence;
they live in a module of their own only so that parallel work on ``i18n.py`` does not
collide with them.
"""

from __future__ import annotations

from solver.i18n.catalog import UI

ENTRIES: dict[str, tuple[str, str]] = {
    "exp_unknown_tried": (
        "The search stopped at the time limit before an answer: it examined {students} "
        "({assumed} rules, date spans and locked periods; {solves} solve(s) of at most "
        "{limit} s each). No conflict is claimed; try a longer --time-limit.",
        "La recherche s'est arrêtée à la limite de temps avant de conclure : elle a "
        "examiné {students} ({assumed} règles, périodes bloquées et périodes verrouillées ; "
        "{solves} résolution(s) d'au plus {limit} s chacune). Aucun conflit n'est affirmé ; "
        "essayez un --time-limit plus long."),
    "exp_nobody": ("the class", "la classe"),
    "rep_alternatives": ("Other fixes of {days} changed working day(s):",
                         "Autres réparations de {days} jour(s) ouvré(s) modifié(s) :"),
    "rep_alternative": ("Fix {k} ({days} working day(s) changed):",
                        "Réparation {k} ({days} jour(s) ouvré(s) modifié(s)) :"),
    "rep_no_alternative": ("No other fix of {days} changed working day(s) exists.",
                           "Aucune autre réparation de {days} jour(s) ouvré(s) modifié(s) "
                           "n'existe."),
    "ask_bad": ("cannot read the question {text!r}",
                "question illisible : {text!r}"),
    "ask_yes": ("Yes: a compliant calendar of the class exists with {wish}.",
                "Oui : un calendrier conforme de la classe existe avec {wish}."),
    "ask_no": ("No: {wish} cannot hold together with these {n} constraints "
               "(drop any one and the rest can):",
               "Non : {wish} ne peut pas tenir avec ces {n} contraintes "
               "(levez-en une et le reste est possible) :"),
    "ask_unknown": ("Could not decide within the time limit ({seconds} s) whether {wish} "
                    "is possible; try a longer --time-limit.",
                    "Impossible de conclure dans le temps imparti ({seconds} s) si {wish} "
                    "est possible ; essayez un --time-limit plus long."),
    "ask_wish": ("{sid} {place} from {from} to {to}", "{sid} {place} du {from} au {to}"),
    "ask_member": ("the wish: {wish}", "le souhait : {wish}"),
    "mcs_title": ("What to relax (smallest sets first; relaxing all of one set makes "
                  "the class feasible, relaxing less does not):",
                  "Ce qu'on peut lever (les plus petits ensembles d'abord ; lever tout un "
                  "ensemble rend la classe possible, en lever moins ne suffit pas) :"),
    "mcs_item": ("Option {k}: {items}", "Option {k} : {items}"),
    "mcs_none": ("No set of school-side items (policy, blocked dates, locked periods) "
                 "makes the class feasible; only the texts' rules remain "
                 "(--relax-rules to list them).",
                 "Aucun ensemble d'éléments de l'établissement (politique, dates bloquées, "
                 "périodes verrouillées) ne rend la classe possible ; seules les règles du "
                 "texte restent (--relax-rules pour les proposer)."),
    "mcs_unknown": ("No correction set was found within the time limit (the search for "
                    "what to relax stopped; it does not say that none exists).",
                    "Aucun ensemble à lever trouvé dans le temps imparti (la recherche s'est "
                    "arrêtée ; cela ne dit pas qu'il n'en existe pas)."),
    "mcs_not_minimal": ("(the time limit stopped the check that none of it can stay)",
                        "(la limite de temps a interrompu la vérification qu'aucun de ces "
                        "éléments ne peut rester)"),
    "mcs_more": ("(at most {k} sets listed)", "(au plus {k} ensembles listés)"),
    "exp_all": ("Disjoint conflict {k}:", "Conflit disjoint {k} :"),
    "mcs_need": ("up to {count} in the week of {week} (limit {limit})",
                 "jusqu'à {count} la semaine du {week} (limite {limit})"),
}

UI.update({k: v for k, v in ENTRIES.items() if k not in UI})
