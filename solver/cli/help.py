"""The command line's help and usage errors in the user's language.

Click writes ``--help`` from the English help texts of the commands and options, and
its own words ("Usage:", "Options", "Show this message and exit.", "[default: …]",
"No such option"). When the language is French (``--lang fr`` on the command line,
else the locale, as for every message), ``LocalizedGroup.main`` swaps in a help
formatter that writes each text from ``HELP_FR`` (keyed by the English text, spaces
collapsed) and click's words in French, and prints usage errors in French. Nothing
is changed on the commands themselves, so one process can show both languages.
A test checks that every help text of every command has its French here.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from solver.i18n.catalog import LANGS, default_lang

# English help text (spaces collapsed) -> French
HELP_FR: dict[str, str] = {
    "Plan and check BTS internship placements (stages en milieu professionnel).":
        "Planifier et vérifier les stages en milieu professionnel des BTS.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    # repair and explain (issue 14)
    "List up to K fixes per repaired student (the repair first), of the same minimal cost "
    "or the next costs, each in words.":
        "Lister jusqu'à K réparations par étudiant réparé (la réparation d'abord), du même "
        "coût minimal ou des coûts suivants, chacune en clair.",
    "Repair's taste among equal-cost fixes: a YAML list of preferences (default: "
    "solver/jobs/repair_taste.py REPAIR_PREFERENCES).":
        "Les préférences de la réparation entre réparations de même coût : une liste YAML "
        "de préférences (par défaut : REPAIR_PREFERENCES de solver/jobs/repair_taste.py).",
    'A "why not?" question: "S03 abroad 2027-05-17..2027-06-11" (or « S03 étranger '
    '17/05/2027..11/06/2027 »; several joined by ";"): a compliant class calendar with it, '
    "or its minimal conflict with the rest; exit 0 possible, 1 not.":
        "Une question « et pourquoi pas ? » : « S03 étranger 17/05/2027..11/06/2027 » "
        "(plusieurs séparées par « ; ») : un calendrier conforme de la classe qui la "
        "respecte, ou son conflit minimal avec le reste ; sortie 0 possible, 1 non.",
    "Let the correction sets name the texts' rules too (by default only school-side "
    "items: policy, blocked dates, locked periods).":
        "Proposer aussi les règles du texte parmi ce qu'on peut lever (par défaut seulement "
        "ce qui relève de l'établissement : politique, dates bloquées, périodes "
        "verrouillées).",
    "Several disjoint minimal conflicts (at most 5), not only the first.":
        "Plusieurs conflits minimaux disjoints (au plus 5), pas seulement le premier.",
    "How many correction sets to list (0: none).":
        "Combien d'ensembles à lever lister (0 : aucun).",
    "Check every student's plan in FILE; exit 0 compliant, 1 a rule broken, 2 bad input.":
        "Vérifier le plan de chaque étudiant de FILE ; sortie 0 conforme, 1 une règle non "
        "respectée, 2 entrée invalide.",
    "plain: the Python checker; cp-sat: the compiled model with the plan fixed.":
        "plain : le vérificateur Python ; cp-sat : le modèle compilé, plan fixé.",
    "Output format.": "Format de sortie.",
    "Write to this file (atomically) instead of standard output.":
        "Écrire dans ce fichier (de façon atomique) au lieu de la sortie standard.",
    "Language of messages (default: from the locale, else en).":
        "Langue des messages (par défaut : celle de l'environnement, sinon en).",
    "List the built-in programme models.": "Lister les diplômes intégrés.",
    "Settings file (TOML: [server], [limits], [log], [login]); options given on the "
    "command line win.":
        "Fichier de réglages (TOML : [server], [limits], [log], [login]) ; les options "
        "données sur la ligne de commande l'emportent.",
    "Print the JSON Schema of class files (class-file) or of a command's JSON output "
    "(verify, generate, repair, explain, whatif, compare, batch, rules, calendar); without "
    "NAME, list the names.":
        "Afficher le schéma JSON des fichiers de classe (class-file) ou de la sortie JSON "
        "d'une commande (verify, generate, repair, explain, whatif, compare, batch, rules, "
        "calendar) ; sans NOM, lister les noms.",
    "Show a programme's rules with the sentences of the texts they come from.":
        "Afficher les règles d'un diplôme avec les phrases des textes dont elles viennent.",
    "Serve the web page (French by default, ?lang=en for English).":
        "Servir la page web (en français par défaut, ?lang=en pour l'anglais).",
    "Address to listen on (0.0.0.0: the whole network).":
        "Adresse d'écoute (0.0.0.0 : tout le réseau).",
    "Port to listen on.": "Port d'écoute.",
    "Folder keeping the classes and every saved version.":
        "Dossier qui garde les classes et chaque version enregistrée.",
    "Seconds a solve may take at most.": "Durée maximale d'un calcul, en secondes.",
    "Memory one solve may use, in MiB (0: no limit); a solve that needs more stops with a "
    "clear message.": "Mémoire qu'un calcul peut utiliser, en Mio (0 : sans limite) ; un "
                      "calcul qui en demande plus s'arrête avec un message clair.",
    "Fill in a compliant calendar for the class in FILE; exit 0 done, 1 impossible (the "
    "conflicting rules are printed), 2 bad input, 4 stopped by --time-limit.":
        "Construire un calendrier conforme pour la classe de FILE ; sortie 0 fait, "
        "1 impossible (les règles en conflit sont affichées), 2 entrée invalide, "
        "4 arrêté par --time-limit.",
    "Solver budget in (deterministic) seconds; the status says whether the calendar is "
    "proven optimal or only compliant.":
        "Budget du solveur en secondes (déterministes) ; le bilan dit si le calendrier est "
        "optimal (prouvé) ou seulement conforme.",
    "YAML list of preferences (kinds avoid_holidays, avoid_before_blocked, few_periods, "
    "preferred_windows, lean_placements) replacing the defaults.":
        "Liste YAML de préférences (types avoid_holidays, avoid_before_blocked, "
        "few_periods, preferred_windows, lean_placements) qui remplace celle par défaut.",
    "Give every student their own windows instead of class windows.":
        "Donner à chaque étudiant ses propres fenêtres au lieu de celles de la classe.",
    "Smallest change making each plan in FILE compliant; exit 0 repaired or already "
    "compliant, 1 impossible (the conflict is printed), 2 bad input, 4 stopped by "
    "--time-limit.":
        "Plus petite modification rendant conforme chaque plan de FILE ; sortie 0 réparé "
        "ou déjà conforme, 1 impossible (le conflit est affiché), 2 entrée invalide, "
        "4 arrêté par --time-limit.",
    "Overwrite FILE with the repaired plan (atomically).":
        "Écraser FILE avec le plan réparé (de façon atomique).",
    "Why the class in FILE cannot comply: a minimal set of rules in conflict; exit 0 "
    "nothing to explain, 1 explained, 2 bad input, 4 stopped by --time-limit.":
        "Pourquoi la classe de FILE ne peut pas être conforme : un ensemble minimal de "
        "règles en conflit ; sortie 0 rien à expliquer, 1 expliqué, 2 entrée invalide, "
        "4 arrêté par --time-limit.",
    "Wall-clock limit of the whole command in seconds (also each solve's deterministic "
    "budget); exit 4 when it stops the search before an answer.":
        "Limite de temps réel de toute la commande, en secondes (c'est aussi le budget "
        "déterministe de chaque résolution) ; sortie 4 quand elle arrête la recherche "
        "avant une réponse.",
    "Run variants of FILE and compare them with it; exit 0, or 2 on bad input.":
        "Calculer des variantes de FILE et les comparer avec lui ; sortie 0, ou 2 si "
        "l'entrée est invalide.",
    "A change (repeatable), all in one variant: calendar.zone=C, calendar.blocked+={from: "
    "2027-05-03, to: 2027-05-07}, students[S01].adjustment=reduced, students-=S03, "
    "rules[ID].min=12, rules[ID].weight=5, rules[ID].enabled=false, apply=reduced[S01,S02].":
        "Un changement (répétable), tous dans une même variante : calendar.zone=C, "
        "calendar.blocked+={from: 2027-05-03, to: 2027-05-07}, "
        "students[S01].adjustment=reduced, students-=S03, rules[ID].min=12, "
        "rules[ID].weight=5, rules[ID].enabled=false, apply=reduced[S01,S02].",
    "A named variant with its changes (repeatable).":
        "Une variante nommée avec ses changements (répétable).",
    "Only verify the existing plans; generate no calendar.":
        "Seulement vérifier les plans existants ; ne générer aucun calendrier.",
    "Solver budget per calendar, in deterministic seconds.":
        "Budget du solveur par calendrier, en secondes déterministes.",
    "Processes of the local pool (default: cores / CP-SAT threads per solve).":
        "Processus du groupe local (par défaut : cœurs / fils CP-SAT par calcul).",
    "Compare scenario FILES side by side (the first is the base); exit 0, or 2.":
        "Comparer des scénarios FILES côte à côte (le premier est la référence) ; sortie "
        "0, ou 2.",
    "Verify and generate every scenario under FOLDER into one summary; exit 0, or 2.":
        "Vérifier et générer chaque scénario de FOLDER en un seul bilan ; sortie 0, ou 2.",
    "Only verify the plans; generate no calendar.":
        "Seulement vérifier les plans ; ne générer aucun calendrier.",
    "Also write the summary as CSV to this file.": "Écrire aussi le bilan en CSV dans ce fichier.",
    "Also write the summary as HTML to this file.":
        "Écrire aussi le bilan en HTML dans ce fichier.",
    # import, print (issue 12)
    "Turn the class list FILE (CSV or XLSX) into a class file; exit 0, or 2 on bad rows "
    "(all listed, nothing written). A class past the published school holidays gets a "
    "provisional calendar (said).":
        "Transformer la liste de classe FILE (CSV ou XLSX) en fichier de classe ; sortie 0, "
        "ou 2 si des lignes sont invalides (toutes listées, rien n'est écrit). Une classe "
        "qui dépasse les vacances scolaires publiées reçoit un calendrier provisoire (dit).",
    "School-holiday zone of the school (or --academie).":
        "Zone de vacances scolaires de l'établissement (ou --academie).",
    "Académie of the school (Lille, Lyon...): gives the zone, kept in the file.":
        "Académie de l'établissement (Lille, Lyon…) : donne la zone, gardée dans le fichier.",
    "The final exams (no placement on or after their first day), e.g. "
    "10/05/2029..21/05/2029.":
        "Les épreuves finales (aucun stage à partir de leur premier jour), par exemple "
        "10/05/2029..21/05/2029.",
    "Weeks with no placement (CCF, events); repeat the option for each.":
        "Semaines sans stage (CCF, événements) ; répétez l'option pour chacune.",
    "Tutor cap: at most N students on placement in the same week (a school-policy rule).":
        "Plafond des tuteurs : au plus N étudiants en stage la même semaine (une règle de "
        "l'établissement).",
    "Programme id (see `stageplan models`).": "Identifiant du diplôme (voir `stageplan models`).",
    "School-holiday zone of the school.": "Zone de vacances scolaires de l'établissement.",
    "First day of year 1 (YYYY-MM-DD or DD/MM/YYYY).":
        "Premier jour de la 1re année (AAAA-MM-JJ ou JJ/MM/AAAA).",
    "Last day of training (YYYY-MM-DD or DD/MM/YYYY).":
        "Dernier jour de la formation (AAAA-MM-JJ ou JJ/MM/AAAA).",
    "Which column is which: nom=Nom,prenom=Prénom,id=INE,statut=Voie,amenagement=Aménagement "
    "(the others are guessed).":
        "Quelle colonne est quoi : nom=Nom,prenom=Prénom,id=INE,statut=Voie,"
        "amenagement=Aménagement (les autres sont devinées).",
    "Name of the class (label: in the file).": "Nom de la classe (label: dans le fichier).",
    "Printable HTML pages of the plan in FILE: the class calendar or one page per student; "
    "exit 0, or 2 on bad input.":
        "Pages HTML à imprimer du plan de FILE : le calendrier de la classe ou une page par "
        "étudiant ; sortie 0, ou 2 si l'entrée est invalide.",
    "class: the whole-class page (A4 landscape); students: one page per student, the annex "
    "of a convention.":
        "class : la page de toute la classe (A4 paysage) ; students : une page par étudiant, "
        "l'annexe d'une convention.",
    "Date printed as the day of the check on the student pages (YYYY-MM-DD or DD/MM/YYYY; "
    "none by default).":
        "Date imprimée comme jour de la vérification sur les pages des étudiants "
        "(AAAA-MM-JJ ou JJ/MM/AAAA ; aucune par défaut).",
    "html: a page to open and print; pdf: the printed pages (needs the optional WeasyPrint: "
    "pip install 'stageplan[pdf]').":
        "html : une page à ouvrir et imprimer ; pdf : les pages imprimées (demande "
        "WeasyPrint, facultatif : pip install 'stageplan[pdf]').",
    "Only this student (id; repeatable), with --what students.":
        "Seulement cet étudiant (identifiant ; répétable), avec --what students.",
    "Number written as SEQUENCE in the ICS events: give a larger one at each re-export "
    "so that calendars update the events.":
        "Nombre écrit en SEQUENCE dans les événements ICS : donnez-en un plus grand à chaque "
        "nouvel export pour que les agendas mettent les événements à jour.",
    # serve, user, token (issue 13)
    "Address to listen on (0.0.0.0: the whole network; needs a login).":
        "Adresse d'écoute (0.0.0.0 : tout le réseau ; connexion obligatoire).",
    "No login (only with --host 127.0.0.1: anyone on this machine is a coordinator).":
        "Sans connexion (seulement avec --host 127.0.0.1 : toute personne sur cette machine "
        "est coordinateur).",
    "A Host name the server answers (repeatable; default: the bound address, localhost and, "
    "for 0.0.0.0, this machine's names).":
        "Un nom d'hôte (en-tête Host) auquel le serveur répond (répétable ; par défaut : "
        "l'adresse d'écoute, localhost et, pour 0.0.0.0, les noms de cette machine).",
    "Solves running at once (each in its own process).":
        "Nombre de calculs menés en même temps (chacun dans son propre processus).",
    "Solves waiting or running at most; more are refused (429).":
        "Nombre maximal de calculs en file d'attente ou en cours ; au-delà, ils sont "
        "refusés (429).",
    "Solves one user may have waiting or running.":
        "Nombre de calculs qu'un même utilisateur peut avoir en file d'attente ou en cours.",
    "Send the session cookie over HTTPS only (behind a TLS proxy).":
        "N'envoyer le cookie de session qu'en HTTPS (derrière un proxy TLS).",
    "Accounts of the web page: add, change, remove, list.":
        "Comptes de la page web : ajouter, modifier, supprimer, lister.",
    "Add the account NAME (its password is asked, never shown).":
        "Ajouter le compte NAME (son mot de passe est demandé, jamais affiché).",
    "coordinator: everything; teacher: upload, solve, edit; viewer: read.":
        "coordinator (coordinateur) : tout ; teacher (enseignant) : déposer, calculer, "
        "modifier ; viewer (lecture seule) : consulter.",
    "Read the password from standard input.": "Lire le mot de passe sur l'entrée standard.",
    "Replace an existing account of this name.": "Remplacer un compte existant de ce nom.",
    "The data folder of stageplan serve.": "Le dossier de données de stageplan serve.",
    "Change NAME's password (their open sessions end).":
        "Changer le mot de passe de NAME (ses sessions ouvertes sont fermées).",
    "Remove the account NAME and its API tokens.":
        "Supprimer le compte NAME et ses jetons d'API.",
    "List the accounts and their roles.": "Lister les comptes et leurs rôles.",
    "API tokens of the web page.":
        "Jetons d'API de la page web : créer (create), révoquer (revoke).",
    "Make an API token acting as USER; it is printed once, on standard output.":
        "Créer un jeton d'API qui agit au nom de USER ; il n'est affiché qu'une fois, sur la "
        "sortie standard.",
    "What the token is for (kept beside it).": "À quoi sert le jeton (gardé avec lui).",
    "Revoke every API token of USER.": "Révoquer tous les jetons d'API de USER.",
    # generate (issue 9)
    "Wall-clock limit of the whole command in seconds (also the solver's deterministic "
    "budget); the status says whether the calendar is proven optimal or only compliant, "
    "and exit 4 that the limit came before any answer.":
        "Limite de temps réel de toute la commande, en secondes (c'est aussi le budget "
        "déterministe du solveur) ; le bilan dit si le calendrier est optimal (prouvé) ou "
        "seulement conforme, et la sortie 4 que la limite est arrivée avant toute réponse.",
    "Ignore the periods already in the file that are not locked (the draft); by default a "
    "compliant draft is kept and a broken one changes the least.":
        "Ignorer les périodes déjà présentes dans le fichier qui ne sont pas verrouillées (le "
        "brouillon) ; par défaut, un brouillon conforme est gardé et un brouillon non "
        "conforme est modifié le moins possible.",
    "Days before DATE are history: kept exactly as they are, nothing new placed there, "
    "class caps counted from DATE on (default: today, once the class has started; "
    "'start' for none).":
        "Les jours avant DATE sont l'historique : gardés tels quels, rien de nouveau n'y est "
        "placé, les plafonds de la classe comptent à partir de DATE (par défaut : "
        "aujourd'hui, une fois la formation de la classe commencée ; 'start' pour aucun).",
    "A class in progress: class caps and same dates count from DATE on, a week before it "
    "over a cap is a warning (default: the whole training).":
        "Classe en cours : les plafonds et les dates communes de la classe comptent à partir "
        "de DATE, une semaine antérieure au-dessus d'un plafond est un avertissement (par "
        "défaut : toute la formation).",
    # whatif, compare, batch (issue 11)
    "Where the jobs run: local (process pool), serial, dask (dask.distributed; pip install "
    "'stageplan[dask]').":
        "Où les calculs sont faits : local (groupe de processus), serial, dask "
        "(dask.distributed ; pip install 'stageplan[dask]').",
    "Processes of the local pool or of the Dask LocalCluster (default: cores / CP-SAT "
    "threads per solve).":
        "Processus du groupe local ou du LocalCluster de Dask (par défaut : cœurs / fils "
        "CP-SAT par calcul).",
    "With --executor dask: a running Dask scheduler (default: a LocalCluster on this "
    "machine).":
        "Avec --executor dask : un ordonnanceur Dask déjà lancé (par défaut : un "
        "LocalCluster sur cette machine).",
    "Keep finished summaries in DIR (by content hash): a rerun skips unchanged classes.":
        "Garder les bilans terminés dans DIR (par empreinte du contenu) : un nouveau "
        "lancement passe les classes inchangées.",
    "Send the workers keyed hashes instead of student ids, and no names; the output gets "
    "the ids back.":
        "Envoyer aux nœuds de calcul des empreintes à clé au lieu des identifiants des "
        "étudiants, et aucun nom ; la sortie retrouve les identifiants.",
    "Rerun once, with this budget, the calendars that are compliant but not proven "
    "optimal.":
        "Relancer une fois, avec ce budget, les calendriers conformes dont l'optimalité "
        "n'est pas prouvée.",
    "Write the rolled-up report to DIR: French CSVs (classes, etablissements, academies, "
    "zones, diplomes), rapport.xlsx, rapport.html.":
        "Écrire le bilan consolidé dans DIR : des CSV en français (classes, etablissements, "
        "academies, zones, diplomes), rapport.xlsx, rapport.html.",
    # calendar (issue 10)
    "School calendars: import the ministry's ICS file, show a class's calendar.":
        "Calendriers scolaires : importer le fichier ICS du ministère (import), afficher le "
        "calendrier d'une classe (show).",
    "Read the ministry's school calendar FILE.ics (one per zone, Corsica or overseas "
    "académie) and print the 'holidays:' block of a class file (or write it with -o).":
        "Lire le calendrier scolaire du ministère FILE.ics (un par zone, pour la Corse ou "
        "une académie d'outre-mer) et afficher le bloc 'holidays:' d'un fichier de classe "
        "(ou l'écrire avec -o).",
    "Keep the breaks that end on or after this day.":
        "Garder les vacances qui finissent ce jour-là ou après.",
    "Keep the breaks that begin on or before this day.":
        "Garder les vacances qui commencent ce jour-là ou avant.",
    "Write a holidays file (for 'holidays_file:') atomically instead of printing the block "
    "to paste.":
        "Écrire un fichier de vacances (pour 'holidays_file:'), de façon atomique, au lieu "
        "d'afficher le bloc à coller.",
    "What the calendar of the class FILE is made of: years, summer break, holidays, "
    "bridges, public holidays of the place, provisional or not.":
        "De quoi est fait le calendrier de la classe FILE : années, vacances d'été, vacances, "
        "ponts, jours fériés du lieu, provisoire ou non.",
}

SECTIONS_FR = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}

# click's usage errors (click.exceptions, click.core, click.types), English -> French
ERRORS_FR: list[tuple[str, str]] = [
    (r"No such option:? '?(.*?)'?\.?(?: Did you mean (.*?)\?)?", "option inconnue « {0} »{1}"),
    (r"No such command '(.*?)'\.", "commande inconnue « {0} »."),
    (r"Missing argument '(.*?)'\.", "argument manquant « {0} »."),
    (r"Missing option '(.*?)'\.", "option manquante « {0} »."),
    (r"Option '(.*?)' requires an argument\.", "l'option « {0} » demande une valeur."),
    (r"Got unexpected extra arguments? \((.*?)\)", "argument(s) en trop ({0})"),
    (r"Invalid value for '(.*?)': '(.*?)' is not one of (.*?)\.",
     "valeur invalide pour « {0} » : « {1} » n'est pas parmi {2}."),
    (r"Invalid value for '(.*?)': '(.*?)' is not a valid float( range)?\.",
     "valeur invalide pour « {0} » : « {1} » n'est pas un nombre."),
    (r"Invalid value for '(.*?)': '(.*?)' is not a valid integer( range)?\.",
     "valeur invalide pour « {0} » : « {1} » n'est pas un nombre entier."),
    (r"Invalid value for '(.*?)': (.*?) is not in the range (.*?)\.",
     "valeur invalide pour « {0} » : {1} n'est pas dans l'intervalle {2}."),
    (r"Invalid value for '(.*?)': (.*)", "valeur invalide pour « {0} » : {1}"),
]


def normalise(text: str) -> str:
    return " ".join(text.split())


def help_text(text: str, lang: str) -> str:
    """A help text in ``lang`` (the English one when it has no French)."""
    if lang != "fr":
        return text
    return HELP_FR.get(normalise(text), text)


def _extras(text: str) -> str:
    text = re.sub(r"\[default: (.*?)\]", r"[par défaut : \1]", text)
    text = text.replace("[env var: ", "[variable d'environnement : ")
    text = text.replace("[required]", "[obligatoire]")
    return text


METAVARS_FR = (("INTEGER RANGE", "ENTIER"), ("FLOAT RANGE", "NOMBRE"), ("INTEGER", "ENTIER"),
               ("FLOAT", "NOMBRE"), ("TEXT", "TEXTE"))


def _metavars(term: str) -> str:
    for en, fr in METAVARS_FR:
        term = re.sub(rf"\b{en}\b", fr, term)
    return term


class FrenchHelpFormatter(click.HelpFormatter):
    """Click's help layout, with every text and heading in French."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(SECTIONS_FR.get(heading, heading))

    def write_text(self, text: str) -> None:
        super().write_text(help_text(text, "fr"))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        out = []
        for term, text in rows:
            extra = ""
            m = re.search(r"\s*((?:\[[^\]]*\]\s*)+)$", text)
            if m:
                text, extra = text[:m.start()], " " + _extras(m.group(1))
            out.append((_metavars(term), help_text(text, "fr") + extra))
        super().write_dl(out, col_max, col_spacing)


def translate_usage_error(message: str, lang: str) -> str:
    if lang != "fr":
        return message
    for pattern, fr in ERRORS_FR:
        m = re.fullmatch(pattern, message, re.DOTALL)
        if m:
            groups = [g or "" for g in m.groups()]
            if fr.startswith("option inconnue") and len(groups) > 1 and groups[1]:
                groups[1] = f". Vouliez-vous dire {groups[1]} ?"
            return fr.format(*groups)
    return message


def lang_from_args(args: Sequence[str]) -> str:
    """``--lang fr`` / ``--lang=fr`` among the arguments, else the locale's language."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            return args[i + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGS:
            return arg[7:]
    return default_lang()


@contextmanager
def _formatter(lang: str) -> Iterator[None]:
    saved = click.Context.formatter_class
    if lang == "fr":
        click.Context.formatter_class = FrenchHelpFormatter
    try:
        yield
    finally:
        click.Context.formatter_class = saved


class FrenchCommandsGroup(click.Group):
    """A group whose list of commands is written from their French help (the first
    sentence, not click's English short help) when the help is in French."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not isinstance(formatter, FrenchHelpFormatter):
            super().format_commands(ctx, formatter)
            return
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            text = help_text(cmd.help or "", "fr")
            first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(" ;:.")
            rows.append((name, first))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class LocalizedGroup(FrenchCommandsGroup):
    """The ``stageplan`` group: help and usage errors in the language of the call."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        from solver.cli.common import mark_command_start

        mark_command_start(own_process=args is None)
        argv = list(sys.argv[1:] if args is None else args)
        lang = lang_from_args(argv)
        with _formatter(lang):
            if lang != "fr" or not standalone_mode:
                return super().main(argv, prog_name, complete_var, standalone_mode, **extra)
            try:
                rv = super().main(argv, prog_name, complete_var, False, **extra)
            except click.ClickException as exc:
                hint = ""
                if isinstance(exc, click.UsageError) and exc.ctx is not None:
                    click.echo(exc.ctx.get_usage(), err=True)
                    hint = (f"Essayez « {exc.ctx.command_path} "
                            f"{exc.ctx.help_option_names[0]} » pour l'aide.\n")
                click.echo(hint + "Erreur : "
                           + translate_usage_error(exc.format_message(), lang), err=True)
                sys.exit(exc.exit_code)
            except click.Abort:
                click.echo("Abandon.", err=True)
                sys.exit(1)
            sys.exit(rv if isinstance(rv, int) else 0)
