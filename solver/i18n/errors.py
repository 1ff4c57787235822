"""Input errors in the user's language: French message bodies for every ``InputError``.

Loaders and jobs raise ``InputError`` with messages and hints made where they are
raised by ``msg("unknown value '{}'", value)``: a ``Message``, which is the English
text itself and keeps its template (``msgid``, the gettext msgid) and its values.
``input_error_text(exc, lang)`` writes the whole line a user reads (file, line, field,
message, hint) in their language by looking each ``msgid`` up in ``TEMPLATES`` (or
``HINTS``, or ``WORDS`` for an English word put into a message) and filling the
French template with the values, themselves translated (a word, a date as
JJ/MM/AAAA). Nothing is read back from the English: a plain text (already in the
user's language, or a message with no id) is printed unchanged.
``tests/test_i18n_msgids.py`` checks that every raise site passes a ``msg(...)`` and
that every msgid of the source has its French here.
"""

from __future__ import annotations

import datetime as dt
import re

from solver.core.errors import InputError, Message
from solver.i18n.catalog import fmt_date

# English template (the msgid) -> French template; "{}" marks the values put in, in
# order ("{0}", "{1}" in French when the order changes).
TEMPLATES: dict[str, str] = {
    # fields.py, yamlload.py
    "is required": "est obligatoire",
    "months are whole numbers from 1 to 12": "les mois sont des nombres entiers de 1 à 12",
    "expected a mapping (key: value lines), found {}":
        "une table (lignes clé : valeur) est attendue, trouvé {}",
    "expected text, found {}": "un texte est attendu, trouvé {}",
    "expected a whole number, found {}": "un nombre entier est attendu, trouvé {}",
    "expected a number, found {}": "un nombre est attendu, trouvé {}",
    "expected true or false, found {}": "true ou false (oui ou non) est attendu, trouvé {}",
    "expected a list, found {}": "une liste est attendue, trouvé {}",
    "must be at least {}, found {}": "doit valoir au moins {}, trouvé {}",
    "must be at most {}, found {}": "doit valoir au plus {}, trouvé {}",
    "'{}' is not a date": "« {} » n'est pas une date",
    "item {} must be text": "l'élément {} doit être un texte",
    "unknown value '{}'": "valeur inconnue « {} »",
    "unknown field '{}'": "champ inconnu « {} »",
    "unknown field '{}' in '{}'": "champ inconnu « {} » dans « {} »",
    "key '{}' appears twice in the same mapping":
        "la clé « {} » apparaît deux fois dans la même table",
    "a key must be a plain word": "une clé doit être un simple mot",
    "'{}' is not a real date ({})": "« {} » n'est pas une date réelle ({})",
    "file not found": "fichier introuvable",
    "this is a folder, not a file": "c'est un dossier, pas un fichier",
    "cannot read the file: {}": "impossible de lire le fichier : {}",
    "file is larger than {} MiB": "le fichier dépasse {} Mio",
    "this is a binary file, not YAML or JSON text":
        "c'est un fichier binaire, pas un texte YAML ou JSON",
    "not UTF-8 text (byte {})": "texte non UTF-8 (octet {})",
    "not valid YAML/JSON: {}": "YAML/JSON invalide : {}",
    "the file describes more than {} values": "le fichier décrit plus de {} valeurs",
    # model.py
    "unknown programme '{}'": "diplôme inconnu « {} »",
    "model file '{}' not found": "fichier de modèle « {} » introuvable",
    "rule id '{}' is used twice (first at line {})":
        "l'identifiant de règle « {} » est utilisé deux fois (d'abord ligne {})",
    "unknown {} '{}'": "{} inconnu(e) « {} »",
    "student id '{}' is used twice (first at line {})":
        "l'identifiant d'étudiant « {} » est utilisé deux fois (d'abord ligne {})",
    "'end' ({}) must be after 'start' ({})": "« end » ({}) doit suivre « start » ({})",
    "a training longer than four years is not a BTS":
        "une formation de plus de quatre ans n'est pas un BTS",
    "unknown zone '{}'": "zone inconnue « {} »",
    "'to' ({}) is before 'from' ({})": "« to » ({}) précède « from » ({})",
    "the built-in holiday data covers {} to {} only":
        "les données de vacances intégrées couvrent seulement du {} au {}",
    "no summer holidays found to start year 2":
        "aucunes vacances d'été trouvées pour commencer la 2e année",
    "'year2_start' ({}) must lie between start and end":
        "« year2_start » ({}) doit se situer entre start et end",
    "a distance learner needs 'status:'": "un étudiant à distance a besoin de « status: »",
    "'status' is only for route: distance": "« status » ne sert qu'avec route: distance",
    "{} does not know route '{}'": "le {} ne connaît pas la voie « {} »",
    "{} does not provide '{}'": "le {} ne prévoit pas « {} »",
    "give either 'to' or 'weeks', not both": "indiquez « to » ou « weeks », pas les deux",
    "'{}' is not an ISO 3166 alpha-2 code": "« {} » n'est pas un code pays ISO 3166 alpha-2",
    "must be one line of at most 200 characters":
        "doit tenir sur une ligne de 200 caractères au plus",
    # rules
    "unknown rule kind '{}'": "type de règle inconnu « {} »",
    "bad parameters for {}: {}": "paramètres invalides pour {} : {}",
    "max ({}) is below min ({})": "max ({}) est inférieur à min ({})",
    "'{}' is not a month-day": "« {} » n'est pas un mois-jour",
    "month_day_from and month_day_to go together":
        "month_day_from et month_day_to vont ensemble",
    "unknown preference kind '{}'": "type de préférence inconnu « {} »",
    "preferences must be a list of {kind: ..., weight: ...}":
        "les préférences sont une liste de {kind: ..., weight: ...}",
    # overlay.py, whatif
    "'{}' is not PATH=VALUE": "« {} » n'est pas de la forme CHEMIN=VALEUR",
    "'{}' is not NAME or NAME[S01,S02]": "« {} » n'est pas de la forme NOM ou NOM[S01,S02]",
    "'enabled' is true or false": "« enabled » vaut true ou false",
    "a change has exactly one of: {}": "un changement a exactement une clé parmi : {}",
    "'{}' is not a path": "« {} » n'est pas un chemin",
    "the path is empty": "le chemin est vide",
    "no {} '{}' in the base scenario": "aucun(e) {} « {} » dans le scénario de base",
    "the base scenario names no programme": "le scénario de base ne nomme aucun diplôme",
    "no rule of kind '{}' in this scenario": "aucune règle du type « {} » dans ce scénario",
    "no rule '{}' in this scenario": "aucune règle « {} » dans ce scénario",
    "'replace' takes a rule, not a parameter": "« replace » prend une règle, pas un paramètre",
    "'{}' takes a rule, not a parameter": "« {} » prend une règle, pas un paramètre",
    "'{}': give one parameter after the rule": "« {} » : un seul paramètre après la règle",
    "rule '{}' ({}) has no parameter '{}'": "la règle « {} » ({}) n'a pas de paramètre « {} »",
    "'{}' does not apply to a rule parameter": "« {} » ne s'applique pas à un paramètre de règle",
    "'replace' needs a rule mapping with 'kind:'":
        "« replace » demande une règle (table avec « kind: »)",
    "a rule is a mapping with 'kind:'": "une règle est une table avec « kind: »",
    "name the rule: rules[ID]": "nommez la règle : rules[ID]",
    "'{}' applies to rules: rules[ID]": "« {} » s'applique aux règles : rules[ID]",
    "'{}' is not in the base scenario": "« {} » n'est pas dans le scénario de base",
    "'{}' is not a list": "« {} » n'est pas une liste",
    "'{}' is an item: name one of its fields, or remove it":
        "« {} » est un élément : nommez l'un de ses champs, ou supprimez-le",
    "'{}' is not a mapping": "« {} » n'est pas une table",
    "'{}' is not a list: use '=' to set it": "« {} » n'est pas une liste : utilisez « = »",
    "cannot {} '{}'": "impossible de faire {} sur « {} »",
    "'at_most' needs a number": "« at_most » demande un nombre",
    "'{}' is not a number ({})": "« {} » n'est pas un nombre ({})",
    "the programme has no model file": "le diplôme n'a pas de fichier de modèle",
    "unknown built-in overlay '{}'": "variante intégrée inconnue « {} »",
    "'{}' applies to chosen students": "« {} » s'applique à des étudiants choisis",
    "'{}' applies to the whole class, not to students":
        "« {} » s'applique à toute la classe, pas à des étudiants",
    "an overlay with 'changes:' needs 'base:'": "une variante avec « changes: » demande « base: »",
    "overlays form a cycle ({})": "les variantes forment un cycle ({})",
    "base file '{}' not found": "fichier de base « {} » introuvable",
    "'{}' is not NAME:PATH=VALUE,...": "« {} » n'est pas de la forme NOM:CHEMIN=VALEUR,...",
    "two variants are named '{}'": "deux variantes s'appellent « {} »",
    "variant '{}' has no change": "la variante « {} » n'a aucun changement",
    "not a folder": "ce n'est pas un dossier",
    "unknown executor '{}'": "exécuteur inconnu « {} »",
    "the '{}' executor is not available yet": "l'exécuteur « {} » n'est pas encore disponible",
    "the web page needs {}": "la page web a besoin de {}",
    # web
    "a class file is a mapping (programme:, calendar:, students:)":
        "un fichier de classe est une table (programme:, calendar:, students:)",
    "what-if overlays are not class files": "les variantes « et si » ne sont pas des classes",
    "'{}' is not a valid scenario name": "« {} » n'est pas un nom de scénario valide",
    "no file was sent": "aucun fichier envoyé",
    "the form could not be read": "le formulaire est illisible",
    "unsupported content type '{}'": "type de contenu non pris en charge « {} »",
    "the request body is not JSON ({})": "le corps de la requête n'est pas du JSON ({})",
    "the request needs 'scenario': the class file's text":
        "la requête demande « scenario » : le texte du fichier de classe",
    "unknown language '{}'": "langue inconnue « {} »",
    "whatif needs at least one change": "« et si » demande au moins un changement",
    "'set' is a list of PATH=VALUE strings": "« set » est une liste de textes CHEMIN=VALEUR",
    "a rule change needs the rule, the parameter and the value":
        "un changement de règle demande la règle, le paramètre et la valeur",
    "choose the student to change": "choisissez l'étudiant à modifier",
    "letters, digits and - _ . only": "lettres, chiffres et - _ . uniquement",
    "not a student id": "ce n'est pas un identifiant d'étudiant",
    "the end is before the start": "la fin précède le début",
    "unknown adjustment '{}'": "aménagement inconnu « {} »",
    "unknown route '{}'": "voie inconnue « {} »",
    # importer.py (class lists)
    "'{}' is not FIELD=COLUMN": "« {} » n'est pas de la forme CHAMP=COLONNE",
    "unknown column field '{}'": "champ de colonne inconnu « {} »",
    "this is a binary file, not CSV text": "c'est un fichier binaire, pas un texte CSV",
    "not a readable XLSX workbook ({})": "classeur XLSX illisible ({})",
    # solver/io/guards.py (issue 22): imports checked before parsing
    "the workbook holds {} parts (at most {})": "le classeur contient {} parties (au plus {})",
    "the workbook would inflate to {} MiB (at most {} MiB)":
        "le classeur ferait {} Mio une fois décompressé (au plus {} Mio)",
    "the workbook inflates past the sizes it announces":
        "le classeur se décompresse au-delà des tailles qu'il annonce",
    "the workbook's part {} declares a DOCTYPE or entities, which a spreadsheet never needs":
        "la partie {} du classeur déclare un DOCTYPE ou des entités, dont un tableur n'a "
        "jamais besoin",
    "this workbook cannot be read ({}{})": "ce classeur est illisible ({}{})",
    "the workbook has no sheet": "le classeur n'a aucune feuille",
    "the table has more than {} rows": "le tableau a plus de {} lignes",
    "a cell holds {} characters (at most {})": "une cellule contient {} caractères (au plus {})",
    "this CSV cannot be read ({})": "ce CSV est illisible ({})",
    'a quote (") is opened and never closed: the rest of the file would be read into one '
    'cell': "un guillemet (\") est ouvert et jamais fermé : le reste du fichier serait lu "
            "dans une seule cellule",
    "the calendar is larger than {} MiB": "le calendrier dépasse {} Mio",
    "year {} is out of range ({} to {})": "l'année {} est hors limites ({} à {})",
    "a recurring event (with {}) is not supported: each school break must be its own event":
        "un évènement récurrent (avec {}) n'est pas accepté : chaque période de vacances "
        "doit être un évènement à part",
    "this class is too large to solve at once: {} students x {} time units = {} (at most {})":
        "cette classe est trop grande pour un seul calcul : {} étudiants x {} unités de "
        "temps = {} (au plus {})",
    "the class or the version this change started from is gone":
        "la classe ou la version dont part cette modification n'existe plus",
    "no header row with the columns of a class list (Nom, Prénom...)":
        "aucune ligne d'en-tête avec les colonnes d'une liste de classe (Nom, Prénom...)",
    "no column '{}' in the header row": "aucune colonne « {} » dans la ligne d'en-tête",
    "no column for the students' names (Nom)": "aucune colonne pour le nom des étudiants (Nom)",
    "the file is empty": "le fichier est vide",
    "more than {} rows: is this one class?": "plus de {} lignes : est-ce bien une classe ?",
    "the name is empty": "le nom est vide",
    "the identifier is empty": "l'identifiant est vide",
    "'{}' is not an identifier": "« {} » n'est pas un identifiant",
    "identifier '{}' is used twice (first at row {})":
        "l'identifiant « {} » est utilisé deux fois (d'abord ligne {})",
    "no student in the file": "aucun étudiant dans le fichier",
    "no student '{}' in this class": "aucun étudiant « {} » dans cette classe",
    "{} row(s) cannot be imported; nothing was written":
        "{} ligne(s) ne peuvent pas être importées ; rien n'a été écrit",
    # issue 20: the import's calendar (académie, exams, CCF weeks, tutor cap)
    "port {} is already in use": "le port {} est déjà utilisé",
    "cannot listen on {}:{} ({})": "impossible d'écouter sur {}:{} ({})",
    "unknown académie '{}'": "académie inconnue « {} »",
    "académie {} is in zone {}, not {}": "l'académie {} est en zone {}, pas {}",
    "the school-holiday zone is missing": "la zone de vacances scolaires manque",
    "'{}' is not a span of dates": "« {} » n'est pas une période (DU..AU)",
    "'{}': the end is before the start": "« {} » : la fin précède le début",
    "'{}' is before '{}'": "« {} » précède « {} »",
    "give both days of the final exams, or neither":
        "indiquez les deux jours des épreuves finales, ou aucun",
    "'{}' is not a number of students": "« {} » n'est pas un nombre d'étudiants",
    # issue 10: calendars, ICS import
    "a student joining in year 2 (positionnement) has a reduced duration":
        "un étudiant qui entre en 2e année (positionnement) a une durée réduite",
    "unknown subdivision '{}'": "subdivision inconnue « {} »",
    "subdivision '{}' is not known to holidays: {}":
        "la subdivision « {} » est inconnue de la bibliothèque holidays : {}",
    "give either 'holidays:' or 'holidays_file:', not both":
        "indiquez « holidays: » ou « holidays_file: », pas les deux",
    "a holidays file is read only for a class file on disk (the command line)":
        "un fichier de vacances n'est lu que pour un fichier de classe sur disque (la ligne "
        "de commande)",
    "holidays file '{}' not found": "fichier de vacances « {} » introuvable",
    "only projects the built-in zone data": "ne projette que les données de zone intégrées",
    "the built-in holiday data starts on {}": "les données de vacances intégrées commencent le {}",
    "the built-in holiday data of zone {} ends on {}; the school calendar after that is not "
    "published yet":
        "les données de vacances intégrées de la zone {} s'arrêtent le {} ; le calendrier "
        "scolaire au-delà n'est pas encore publié",
    "--to ({}) is before --from ({})": "--to ({}) précède --from ({})",
    "no school holidays between --from and --to":
        "aucunes vacances scolaires entre --from et --to",
    "not an iCalendar file: it must start with BEGIN:VCALENDAR":
        "ce n'est pas un fichier iCalendar : il doit commencer par BEGIN:VCALENDAR",
    "the file ends without END:VCALENDAR (cut short?)":
        "le fichier se termine sans END:VCALENDAR (tronqué ?)",
    "a property line needs 'NAME:value'": "une ligne de propriété demande « NOM:valeur »",
    "'{}' is not an iCalendar date (YYYYMMDD)": "« {} » n'est pas une date iCalendar (AAAAMMJJ)",
    # ICS read with icalendar, class lists' encodings, schemas (issue 23)
    "'{}' is not a valid {} ({})": "« {} » n'est pas un {} valide ({})",
    "cannot expand the recurrence ({})": "impossible de développer la récurrence ({})",
    "events nested in other components are not read":
        "les événements placés dans d'autres composants ne sont pas lus",
    "not a readable iCalendar file ({})": "fichier iCalendar illisible ({})",
    "the event has both DTEND and DURATION": "l'événement a à la fois DTEND et DURATION",
    "the event repeats forever (RRULE without COUNT or UNTIL)":
        "l'événement se répète sans fin (RRULE sans COUNT ni UNTIL)",
    "the recurrence gives more than {} occurrences":
        "la récurrence donne plus de {} occurrences",
    "unknown time zone '{}'": "fuseau horaire inconnu « {} »",
    "{} ({}) is not after DTSTART ({})": "{} ({}) ne suit pas DTSTART ({})",
    "the file starts with a {} mark but byte {} is not text in it":
        "le fichier commence par une marque {} mais l'octet {} n'est pas du texte dans ce "
        "codage",
    "no schema named '{}'": "aucun schéma nommé « {} »",
    # serve --config, [login.oidc] (issue 23)
    "'{}' must be text": "« {} » doit être un texte",
    "'{}' must be {}": "« {} » doit être {}",
    "'{}' must lie between {} and {}": "« {} » doit être compris entre {} et {}",
    "[login.oidc.roles] must map roles to the provider's groups":
        "[login.oidc.roles] doit associer les rôles aux groupes du fournisseur",
    "[login.oidc] and no_auth exclude each other": "[login.oidc] et no_auth s'excluent",
    "[login.oidc] needs '{}'": "[login.oidc] demande « {} »",
    "a role maps to a list of group names": "un rôle s'associe à une liste de noms de groupes",
    "not a TOML file ({})": "pas un fichier TOML ({})",
    "the issuer must be an https:// address": "l'émetteur doit être une adresse https://",
    "unknown key '{}' in [login.oidc]": "clé inconnue « {} » dans [login.oidc]",
    "unknown key '{}' in [{}]": "clé inconnue « {} » dans [{}]",
    "unknown log level '{}'": "niveau de journal inconnu « {} »",
    "unknown section [{}]": "section inconnue [{}]",
    "cannot write the log file: {}": "impossible d'écrire le journal : {}",
    "BEGIN:VEVENT inside another event": "BEGIN:VEVENT à l'intérieur d'un autre événement",
    "END:VEVENT without BEGIN:VEVENT": "END:VEVENT sans BEGIN:VEVENT",
    "the event is not closed": "l'événement n'est pas fermé",
    "the event has no DTSTART": "l'événement n'a pas de DTSTART",
    "the event has no SUMMARY (the name of the break)":
        "l'événement n'a pas de SUMMARY (le nom des vacances)",
    "DTEND ({}) is not after DTSTART ({})": "DTEND ({}) ne suit pas DTSTART ({})",
    "« {} » has no DTEND and no later « Rentrée scolaire des élèves » to end it":
        "« {} » n'a ni DTEND ni « Rentrée scolaire des élèves » ultérieure qui le termine",
    "no school holidays found (no VEVENT whose SUMMARY says « Vacances »)":
        "aucunes vacances scolaires trouvées (aucun VEVENT dont le SUMMARY dit « Vacances »)",
    # issue 11: batches on Dask, cache
    "--scheduler needs --executor dask": "--scheduler demande --executor dask",
    "the dask executor needs dask.distributed, which is not installed":
        "l'exécuteur dask demande dask.distributed, qui n'est pas installé",
    "cannot reach the Dask scheduler: {}": "impossible de joindre l'ordonnanceur Dask : {}",
    "{} Dask worker(s) run another stageplan than this machine ({} differ): {}":
        "{} nœud(s) de calcul Dask font tourner un autre stageplan que cette machine ({} "
        "diffèrent) : {}",
    "the cache must be a folder": "le cache doit être un dossier",
    "cannot write the cache folder: {}": "impossible d'écrire dans le dossier du cache : {}",
    "--retry-unproven {} is not more than --time-limit {}":
        "--retry-unproven {} n'est pas supérieur à --time-limit {}",
    "a class file is a mapping": "un fichier de classe est une table",
    # issue 13: accounts, web safety
    "'{}' is not a valid user name": "« {} » n'est pas un nom d'utilisateur valide",
    "unknown role '{}'": "rôle inconnu « {} »",
    "user '{}' exists already": "l'utilisateur « {} » existe déjà",
    "no user '{}'": "aucun utilisateur « {} »",
    "the password is shorter than {} characters":
        "le mot de passe fait moins de {} caractères",
    "the password is longer than {} characters": "le mot de passe dépasse {} caractères",
    "no password on standard input": "aucun mot de passe sur l'entrée standard",
    "no terminal to ask the password on": "aucun terminal où demander le mot de passe",
    "the accounts file cannot be read ({})": "le fichier des comptes est illisible ({})",
    "the accounts file is not a JSON object": "le fichier des comptes n'est pas un objet JSON",
    "no account in {}: the web page asks for a login":
        "aucun compte dans {} : la page web demande une connexion",
    "--no-auth is refused with --host {}: without a login anyone who reaches the server "
    "would see every class":
        "--no-auth est refusé avec --host {} : sans connexion, quiconque atteint le serveur "
        "verrait toutes les classes",
    "'{}' cannot be changed from the web page":
        "« {} » ne peut pas être modifié depuis la page web",
    "the web page accepts the built-in programmes only":
        "la page web n'accepte que les diplômes intégrés",
    "a change is at most {} characters": "un changement fait au plus {} caractères",
    "at most {} changes at a time": "au plus {} changements à la fois",
    "a text holds a lone UTF-16 surrogate escape ({})":
        "un texte contient une moitié isolée de paire UTF-16 (surrogate) ({})",
    "the file is nested too deeply": "le fichier est imbriqué trop profondément",
    "this file cannot be read ({}: {})": "ce fichier est illisible ({} : {})",
    "this file cannot be verified ({}: {})": "ce fichier ne peut pas être vérifié ({} : {})",
    # input limits (issue 13: yamlload.py, fields.py)
    "values are nested more than {} levels deep":
        "les valeurs sont imbriquées sur plus de {} niveaux",
    "the escape {} is half of a character (a lone surrogate)":
        "l'échappement {} n'est qu'une moitié de caractère (un « surrogate » isolé)",
    "a number of {} characters is far too large":
        "un nombre de {} caractères est bien trop grand",
    "'{}' is not a finite number": "« {} » n'est pas un nombre fini",
    "expected a finite number, found {}": "un nombre fini est attendu, trouvé {}",
    "the file holds more than {} characters of text":
        "le fichier contient plus de {} caractères de texte",
    "this is not a regular file (a pipe, a device or a socket)":
        "ce n'est pas un fichier ordinaire (un tube, un périphérique ou une socket)",
    "not valid JSON: {}": "JSON invalide : {}",
    "{} is outside the dates this tool plans ({} to {})":
        "{} est hors des dates que cet outil planifie ({} à {})",
    # ask.py, explain --ask (issue 14)
    "cannot read the question '{}'": "question illisible « {} »",
    "unknown place '{}'": "lieu inconnu « {} »",
    "no student '{}' in the class": "aucun étudiant « {} » dans la classe",
    "the span ends ({}) before it starts ({})":
        "la période finit ({}) avant de commencer ({})",
    "the span holds no working day of the training":
        "la période ne contient aucun jour ouvré de la formation",
    "the question is empty": "la question est vide",
    "'{}' is not a real date": "« {} » n'est pas une date réelle",
}

HINTS: dict[str, str] = {
    # input limits (issue 13)
    "a class file needs only a few levels":
        "un fichier de classe n'a besoin que de quelques niveaux",
    "write the character itself, or both halves of the pair":
        "écrivez le caractère lui-même, ou les deux moitiés de la paire",
    "no field takes a number of more than a few digits":
        "aucun champ ne prend un nombre de plus de quelques chiffres",
    "write an ordinary number such as 3 or 2.5":
        "écrivez un nombre ordinaire, comme 3 ou 2.5",
    "save the class in a file and give its name":
        "enregistrez la classe dans un fichier et donnez son nom",
    "the body is not JSON": "le corps de la requête n'est pas du JSON",
    "check the year": "vérifiez l'année",
    "e.g. nom=Nom,prenom=Prénom,statut=Voie": "par ex. nom=Nom,prenom=Prénom,statut=Voie",
    "export the list as CSV or XLSX": "exportez la liste en CSV ou en XLSX",
    "save the list as .xlsx or .csv": "enregistrez la liste en .xlsx ou en .csv",
    "give the columns with --columns nom=...,prenom=...":
        "indiquez les colonnes avec --columns nom=...,prenom=...",
    "columns: {}": "colonnes : {}",
    "give it with --columns nom=COLUMN": "indiquez-la avec --columns nom=COLONNE",
    "letters, digits, - _ . only": "lettres, chiffres, - _ . uniquement",
    "did you mean '{}'?": "vouliez-vous dire « {} » ?",
    "{} {}": "{} {}",   # a suggestion, then the known values (fields.with_known)
    "one of: {}": "au choix : {}",
    "known: {}": "connus : {}",
    "accepted: {}": "acceptés : {}",
    "available: {}": "disponibles : {}",
    "add '{}:'": "ajoutez « {}: »",
    "add 'value:' under '{}: {}'": "ajoutez « value: » sous « {}: {} »",
    "write dates as YYYY-MM-DD": "écrivez les dates AAAA-MM-JJ ou JJ/MM/AAAA",
    "swap the dates": "inversez les dates",
    "give each student its own id": "donnez à chaque étudiant son propre identifiant",
    "keep only one": "n'en gardez qu'une",
    "e.g. DE, ES, GB": "par ex. DE, ES, GB",
    "e.g. months: [8]": "par ex. months: [8]",
    "zones are A, B or C; for other schools list 'holidays:'":
        "les zones sont A, B ou C ; pour les autres établissements, listez « holidays: »",
    "give 'zone: A|B|C' or list 'holidays:'": "indiquez « zone: A|B|C » ou listez « holidays: »",
    "list this calendar's school holidays under 'holidays:'":
        "listez les vacances scolaires de ce calendrier sous « holidays: »",
    "give 'year2_start:' or a summer entry in 'holidays:'":
        "indiquez « year2_start: » ou des vacances d'été dans « holidays: »",
    "add at least one window": "ajoutez au moins une fenêtre",
    "write MM-DD, e.g. 11-15": "écrivez MM-JJ, par ex. 11-15",
    "save the file as UTF-8": "enregistrez le fichier en UTF-8",
    "remove the control characters": "retirez les caractères de contrôle",
    "YAML anchors and aliases may have multiplied them":
        "des ancres et alias YAML les ont peut-être multipliées",
    "base: the class file these changes apply to":
        "base : le fichier de classe auquel s'appliquent ces changements",
    "e.g. {set: calendar.zone, value: C}": "par ex. {set: calendar.zone, value: C}",
    "e.g. calendar.zone=C or students[S01].adjustment=reduced":
        "par ex. calendar.zone=C ou students[S01].adjustment=reduced",
    "e.g. apply=reduced[S05,S06]": "par ex. apply=reduced[S05,S06]",
    "e.g. --variant zoneC:calendar.zone=C": "par ex. --variant zoneC:calendar.zone=C",
    # overlay hints that had no French (issue 17 step 3: found by tests/test_i18n_msgids.py)
    "e.g. calendar.zone, students[S01].route, rules[ID].min":
        "par ex. calendar.zone, students[S01].route, rules[ID].min",
    "e.g. rules[total-weeks].min=12": "par ex. rules[total-weeks].min=12",
    "e.g. {id: cap, kind: max_abroad_per_week, max: 8}":
        "par ex. {id: cap, kind: max_abroad_per_week, max: 8}",
    "e.g. apply={}[S01,S02]": "par ex. apply={}[S01,S02]",
    "the path is relative to the overlay's folder":
        "le chemin est relatif au dossier de la variante",
    "remove takes an item: students[S03] or students-=S03":
        "remove prend un élément : students[S03] ou students-=S03",
    "open the base class and use the What if button":
        "ouvrez la classe de base et utilisez le bouton Et si…",
    "the web page accepts class files up to this size":
        "la page web accepte les fichiers de classe jusqu'à cette taille",
    "the web page accepts the built-in programmes: {}":
        "la page web accepte les diplômes intégrés : {}",
    "send JSON, multipart/form-data or application/yaml":
        "envoyez du JSON, du multipart/form-data ou de l'application/yaml",
    "send the class file in the form field 'file'":
        "envoyez le fichier de classe dans le champ « file » du formulaire",
    "lower-case letters, digits and '-', 1 to 63 characters":
        "lettres minuscules, chiffres et « - », de 1 à 63 caractères",
    "fr or en": "fr ou en",
    "YYYY-MM-DD": "AAAA-MM-JJ",
    "WeasyPrint: {}": "WeasyPrint : {}",
    '"set": ["calendar.zone=B"]': '"set": ["calendar.zone=B"]',
    '{"scenario": "programme: bts-ci\\n...", "lang": "fr"}':
        '{"scenario": "programme: bts-ci\\n...", "lang": "fr"}',
    "pip install stageplan": "pip install stageplan",
    "see DEFAULT_PREFERENCES in solver/preferences.py":
        "voir DEFAULT_PREFERENCES dans solver/preferences.py",
    "built-in overlays: {}": "variantes intégrées : {}",
    "kinds here: {}": "types présents ici : {}",
    "parameters: {}": "paramètres : {}",
    # issue 10: calendars, ICS import
    "add 'adjustment: reduced'": "ajoutez « adjustment: reduced »",
    "write 'place: france' for a placement there; the abroad block needs a foreign country":
        "écrivez « place: france » pour un stage là-bas ; le bloc à l'étranger demande un "
        "pays étranger",
    "a département with its own public holidays: {}":
        "un département qui a ses propres jours fériés : {}",
    "Corsica's calendar is set by the académie de Corse and is not in the built-in data: "
    "import it (stageplan calendar import corse.ics -o vacances.yaml, then 'holidays_file: "
    "vacances.yaml') or list 'holidays:'":
        "le calendrier de la Corse est fixé par l'académie de Corse et n'est pas dans les "
        "données intégrées : importez-le (stageplan calendar import corse.ics -o "
        "vacances.yaml, puis « holidays_file: vacances.yaml ») ou listez « holidays: »",
    "overseas académies set their own calendar: import the rectorat's ICS (stageplan "
    "calendar import FILE.ics) or list 'holidays:'":
        "les académies d'outre-mer fixent leur propre calendrier : importez l'ICS du "
        "rectorat (stageplan calendar import FILE.ics) ou listez « holidays: »",
    "zones are A, B or C; for other schools import the ministry's ICS (stageplan calendar "
    "import FILE.ics) or list 'holidays:'":
        "les zones sont A, B ou C ; pour les autres établissements, importez l'ICS du "
        "ministère (stageplan calendar import FILE.ics) ou listez « holidays: »",
    "give 'zone: A|B|C', list 'holidays:' or point to a 'holidays_file:' (stageplan "
    "calendar import FILE.ics)":
        "indiquez « zone: A|B|C », listez « holidays: » ou indiquez un « holidays_file: » "
        "(stageplan calendar import FILE.ics)",
    "here, list the school holidays under 'holidays:' (the web page's calendar import gives "
    "that list)":
        "ici, listez les vacances scolaires sous « holidays: » (l'import de calendrier de la "
        "page web donne cette liste)",
    "write it with 'stageplan calendar import FILE.ics -o FILE.yaml'":
        "écrivez-le avec « stageplan calendar import FILE.ics -o FILE.yaml »",
    "a list of {name, from, to}": "une liste de {name, from, to}",
    "with an explicit holiday list, drop 'provisional:'":
        "avec une liste de vacances explicite, retirez « provisional: »",
    "either import the ministry's calendar when it is published (stageplan calendar import "
    "FILE.ics -o vacances.yaml, then 'holidays_file: vacances.yaml'), or list the holidays "
    "under 'holidays:', or add 'provisional: true' to project them from the usual national "
    "pattern (every output is then marked « calendrier provisoire »)":
        "importez le calendrier du ministère dès sa publication (stageplan calendar import "
        "FILE.ics -o vacances.yaml, puis « holidays_file: vacances.yaml »), ou listez les "
        "vacances sous « holidays: », ou ajoutez « provisional: true » pour les projeter "
        "selon le calendrier national habituel (chaque sortie porte alors la mention "
        "« calendrier provisoire »)",
    "e.g. 2027-01-04 or 04/01/2027": "par ex. 2027-01-04 ou 04/01/2027",
    "widen the dates": "élargissez les dates",
    "export the calendar as .ics from the ministry's page":
        "exportez le calendrier en .ics depuis la page du ministère",
    "the ministry's files are UTF-8": "les fichiers du ministère sont en UTF-8",
    "e.g. DTSTART;VALUE=DATE:20251018": "par ex. DTSTART;VALUE=DATE:20251018",
    'coordinator = ["/stageplan/coordinateurs"]': 'coordinator = ["/stageplan/coordinateurs"]',
    "keys: {}": "clés : {}",
    "a folder the server's user may write to":
        "un dossier où l'utilisateur du serveur peut écrire",
    "sections: {}": "sections : {}",
    "write key = value lines under [server], [limits], [log], [login]":
        "écrivez des lignes clé = valeur sous [server], [limits], [log], [login]",
    "add UNTIL=… or COUNT=… to the RRULE, or one event per break":
        "ajoutez UNTIL=… ou COUNT=… à la RRULE, ou un événement par période de vacances",
    "e.g. Europe/Paris, Indian/Reunion, America/Cayenne":
        "par ex. Europe/Paris, Indian/Reunion, America/Cayenne",
    "export the list again as CSV or XLSX": "exportez de nouveau la liste en CSV ou XLSX",
    "keep one of them (RFC 5545, 3.6.1)": "n'en gardez qu'un (RFC 5545, 3.6.1)",
    "one VEVENT per break, directly in VCALENDAR":
        "un VEVENT par période de vacances, directement dans VCALENDAR",
    "one event per break, or a shorter RRULE":
        "un événement par période de vacances, ou une RRULE plus courte",
    "add END:VEVENT": "ajoutez END:VEVENT",
    "close the event of line {} with END:VEVENT":
        "fermez l'événement de la ligne {} par END:VEVENT",
    "add DTEND, or import a file that goes on to the next school year":
        "ajoutez DTEND, ou importez un fichier qui va jusqu'à l'année scolaire suivante",
    "send the ICS file in the form field 'file'":
        "envoyez le fichier ICS dans le champ « file » du formulaire",
    # issue 11: batches on Dask, cache
    "add --executor dask": "ajoutez --executor dask",
    "pip install 'stageplan[dask]'": "pip install 'stageplan[dask]'",
    "start one with 'dask scheduler' and give its tcp://HOST:8786 address":
        "lancez-en un avec « dask scheduler » et indiquez son adresse tcp://HÔTE:8786",
    "install the same stageplan version and extras on every worker":
        "installez la même version de stageplan, avec les mêmes extras, sur chaque nœud de "
        "calcul (worker)",
    "give a folder you can write to": "indiquez un dossier où vous pouvez écrire",
    "give a larger budget than the first one": "donnez un budget plus grand que le premier",
    # issue 13: accounts, web safety
    "letters, digits and . _ @ -, 1 to 64 characters, starting with a letter or a digit":
        "lettres, chiffres et . _ @ -, de 1 à 64 caractères, en commençant par une lettre ou "
        "un chiffre",
    "coordinator, teacher or viewer":
        "coordinateur (coordinator), enseignant (teacher) ou lecture seule (viewer)",
    "choose a longer password": "choisissez un mot de passe plus long",
    "echo 'the password' | stageplan user add ...":
        "echo 'le mot de passe' | stageplan user add ...",
    "use --password-stdin to read it from standard input":
        "utilisez --password-stdin pour le lire sur l'entrée standard",
    "restore it from a backup or delete it and add the users again":
        "restaurez-le depuis une sauvegarde, ou supprimez-le et ajoutez de nouveau les "
        "utilisateurs",
    "stageplan user add NAME --role ... first": "commencez par stageplan user add NOM --role ...",
    "stageplan user add NAME --role coordinator --data {} first (or --no-auth --host "
    "127.0.0.1 for this machine alone)":
        "commencez par stageplan user add NOM --role coordinator --data {} (ou --no-auth "
        "--host 127.0.0.1 pour cette seule machine)",
    "stageplan user passwd NAME changes the password; stageplan user remove NAME removes "
    "the account":
        "stageplan user passwd NOM change le mot de passe ; stageplan user remove NOM "
        "supprime le compte",
    "use --host 127.0.0.1 (this machine only), or create accounts with stageplan user add "
    "NAME --role coordinator":
        "utilisez --host 127.0.0.1 (cette machine seulement), ou créez des comptes avec "
        "stageplan user add NOM --role coordinator",
    "change the class itself, then ask again":
        "modifiez la classe elle-même, puis refaites la demande",
    "programme={}": "programme={}",
    "write the character itself, or both halves of its pair":
        "écrivez le caractère lui-même, ou les deux moitiés de sa paire",
    "a class file needs only a few levels of lists and mappings":
        "un fichier de classe n'a besoin que de quelques niveaux de listes et de tables",
    "check its dates and numbers": "vérifiez ses dates et ses nombres",
    "check its dates and numbers; nothing was saved":
        "vérifiez ses dates et ses nombres ; rien n'a été enregistré",
    # ask.py, explain --ask (issue 14)
    'write it as "S03 abroad 2027-05-17..2027-06-11" '
    "(or « S03 étranger 17/05/2027..11/06/2027 »)":
        "écrivez-la « S03 étranger 17/05/2027..11/06/2027 » "
        '(ou "S03 abroad 2027-05-17..2027-06-11")',
    'write it as "S03 abroad 2027-05-17..2027-06-11"':
        "écrivez-la « S03 étranger 17/05/2027..11/06/2027 »",
    "one of: abroad/étranger, france, off/libre": "au choix : étranger, france, libre",
    "write dates as YYYY-MM-DD or DD/MM/YYYY":
        "écrivez les dates JJ/MM/AAAA ou AAAA-MM-JJ",
    "the training runs from {} to {}": "la formation va du {} au {}",
    # solver/io/guards.py, classmodel.check_model_size (issue 22)
    "save the class list as .xlsx or .csv":
        "enregistrez la liste de la classe en .xlsx ou en .csv",
    "save the class list alone as .xlsx or .csv":
        "enregistrez la liste de la classe seule en .xlsx ou en .csv",
    "save the list alone as .xlsx or .csv": "enregistrez la liste seule en .xlsx ou en .csv",
    "save the list again as .xlsx or .csv": "enregistrez à nouveau la liste en .xlsx ou .csv",
    "save the list again from the spreadsheet program, as .xlsx or .csv":
        "enregistrez à nouveau la liste depuis le tableur, en .xlsx ou en .csv",
    "open it in the spreadsheet program and save it again as .xlsx, or export the list as "
    ".csv": "ouvrez-le dans le tableur et enregistrez-le à nouveau en .xlsx, ou exportez la "
            "liste en .csv",
    "a class list has one row a student; keep that table alone in the file":
        "une liste de classe a une ligne par étudiant ; gardez ce tableau seul dans le "
        "fichier",
    'is a quote (") left open above?': "un guillemet (\") est-il resté ouvert plus haut ?",
    'a cell is too long, or a quote (") is left open':
        "une cellule est trop longue, ou un guillemet (\") est resté ouvert",
    "close the quote, or remove it": "fermez le guillemet, ou retirez-le",
    "a school calendar is a few kilobytes: is this the ministry's .ics?":
        "un calendrier scolaire fait quelques kilo-octets : est-ce bien le .ics du "
        "ministère ?",
    "check the calendar's dates": "vérifiez les dates du calendrier",
    "export the calendar with one event a break (the ministry's calendar does)":
        "exportez le calendrier avec un évènement par période de vacances (comme celui du "
        "ministère)",
    "split the class into smaller classes (one file a class; `stageplan batch` runs many)":
        "découpez la classe en classes plus petites (un fichier par classe ; `stageplan "
        "batch` en traite plusieurs)",
    "write FROM..TO, e.g. 10/05/2029..21/05/2029":
        "écrivez DU..AU, par exemple 10/05/2029..21/05/2029",
    "a metropolitan académie (Lille, Lyon, Versailles...); Corsica and overseas: import the "
    "rectorat's calendar (stageplan calendar import FILE.ics)":
        "une académie de métropole (Lille, Lyon, Versailles…) ; Corse et outre-mer : importez "
        "le calendrier du rectorat (stageplan calendar import FICHIER.ics)",
    "give --zone {} or no zone": "indiquez --zone {} ou aucune zone",
    "another stageplan serve? stop it, or choose another port (--port {})":
        "un autre stageplan serve ? arrêtez-le, ou choisissez un autre port (--port {})",
    "an address of this machine, 127.0.0.1 or 0.0.0.0":
        "une adresse de cette machine, 127.0.0.1 ou 0.0.0.0",
    "give --zone A|B|C or --academie NAME (Lille, Lyon...)":
        "indiquez --zone A|B|C ou --academie NOM (Lille, Lyon…)",
}

# English words put into a message (msg("a list")) that have a French form
WORDS: dict[str, str] = {
    "a mapping": "une table", "a list": "une liste", "nothing": "rien",
    "true/false": "vrai/faux", "a number": "un nombre", "a date": "une date", "text": "un texte",
    "route": "voie", "adjustment": "aménagement", "student": "étudiant",
    "remove": "supprimer", "add": "ajouter", "set": "modifier", "at_most": "at_most",
}


# Python's own words that end up inside a message (a date that does not exist)
PYTHON_FR = {
    "day is out of range for month": "ce jour n'existe pas dans ce mois",
    "month must be in 1..12": "le mois doit être entre 1 et 12",
    "year is out of range": "année hors limites",
}


def _canonical_words(items: str) -> str:
    """« none, reduced » -> « sans aménagement (none), durée réduite (reduced) »: a
    hint's list of the contract's values, said in French with the value to type."""
    from solver.i18n.catalog import ADJUSTMENT_NAMES, ROUTE_NAMES

    names = {k: v[1] for k, v in {**ROUTE_NAMES, **ADJUSTMENT_NAMES}.items()}
    names.update({"france": "France", "abroad": "étranger"})
    parts = [p.strip() for p in items.split(",")]
    if not parts or not all(p in names for p in parts):
        return items
    return ", ".join(f"{names[p]} ({p})" for p in parts)


# PyYAML's problems (the part of "not valid YAML/JSON: {}" it writes), most common first
YAML_FR = [
    ("expected the node content, but found", "un contenu est attendu, trouvé"),
    ("mapping values are not allowed here", "une valeur « clé: » n'est pas permise ici"),
    ("could not find expected ':'", "le « : » attendu est introuvable"),
    ("did not find expected key", "la clé attendue est introuvable"),
    ("did not find expected node content", "le contenu attendu est introuvable"),
    ("did not find expected ',' or ']'", "le « , » ou « ] » attendu est introuvable"),
    ("did not find expected ',' or '}'", "le « , » ou « } » attendu est introuvable"),
    ("found character that cannot start any token", "caractère qui ne peut commencer aucun "
     "élément"),
    ("found a tab character that violates indentation",
     "une tabulation casse l'indentation"),
    ("found undefined alias", "alias non défini"),
    ("found unexpected end of stream", "fin de fichier inattendue"),
    ("expected <block end>, but found", "fin de bloc attendue, trouvé"),
    ("while parsing a block mapping", "en lisant une table"),
    ("while parsing a flow mapping", "en lisant une table { }"),
    ("while parsing a flow sequence", "en lisant une liste [ ]"),
    ("while scanning a simple key", "en lisant une clé"),
    ("while scanning a quoted scalar", "en lisant un texte entre guillemets"),
    ("could not determine a constructor for the tag",
     "aucun constructeur pour l'étiquette"),
    ("tags that build objects are not allowed",
     "les étiquettes qui construisent des objets sont interdites"),
    ("line ", "ligne "), ("column ", "colonne "),
]


def _french(msgid: str, kind: str) -> str | None:
    """The French of ``msgid`` (a message's English template), or None: ``kind`` is
    "msg" (a message), "hint" (the fix in parentheses) or "word" (an English word put
    into another message, such as "a list")."""
    table = TEMPLATES if kind == "msg" else HINTS if kind == "hint" else WORDS
    return table.get(msgid)


def translate(text: str, lang: str, kind: str = "msg") -> str:
    """``text`` (a message or hint) in ``lang``: a ``Message`` by its id and arguments;
    plain text (already in the user's language, or with no id) unchanged."""
    if lang != "fr" or not isinstance(text, Message):
        return text
    return _translated(text, kind)


def _translated(message: Message, kind: str) -> str:
    french = _french(message.msgid, kind)
    if french is None and kind != "word":
        french = _french(message.msgid, "word")
    if french is None:   # no French for it: the English, as it is
        return str(message)
    if not message.args:
        return french
    named = kind == "hint" and message.msgid not in _AS_TYPED
    return _fill(french, [_argument(a, kind, named) for a in message.args])


# hints whose values are to be typed as they are (no « durée réduite (reduced) »)
_AS_TYPED = {"e.g. apply={}[S01,S02]"}


def _argument(value: object, kind: str, named: bool) -> str:
    """One value of a message, in French: a message (a word such as "a list") by its
    own id, a date as JJ/MM/AAAA; other values as written, Python's and PyYAML's
    English inside them in French where known (those texts carry no id)."""
    if isinstance(value, Message):
        return _translated(value, kind)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return fmt_date(value, "fr")
    text = _python_words(format(value, ""))
    return _canonical_words(text) if named else text


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _french_date(m: re.Match[str]) -> str:
    """A real ISO date as JJ/MM/AAAA; anything else (« 2026-13-01 », the user's own
    mistake) quoted as it was typed."""
    try:
        dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return m[0]
    return f"{m[3]}/{m[2]}/{m[1]}"


def _python_words(text: str) -> str:
    """Python's and PyYAML's own English inside a value (an exception's text), in
    French where known; ISO dates as JJ/MM/AAAA (a French message never shows
    2028-08-31)."""
    text = _ISO_DATE.sub(_french_date, text)
    if text in PYTHON_FR:
        return PYTHON_FR[text]
    for en, fr in YAML_FR:
        text = text.replace(en, fr)
    return text


_FIELD = re.compile(r"\{(\d*)\}")


def _fill(template: str, values: list[str]) -> str:
    """``template`` with each "{}" replaced by the next value, "{0}", "{1}" by that one
    (values may hold braces, so no ``str.format``)."""
    count = iter(range(len(values)))
    return _FIELD.sub(lambda m: values[int(m[1]) if m[1] else next(count)], template)


def input_error_text(exc: InputError, lang: str) -> str:
    """The one line a user reads: where (file:line, field), what is wrong, the fix."""
    if lang != "fr":
        return str(exc)
    parts = []
    if exc.file:   # no « <entrée> » for a typed value: its field says where
        parts.append(exc.file + (f":{exc.line}" if exc.line is not None else ""))
    if exc.field:
        parts.append(f"champ « {exc.field} »")
    text = (", ".join(parts) + " : " if parts else "") + translate(exc.message, lang)
    if exc.hint:
        text += f" ({translate(exc.hint, lang, 'hint')})"
    return text


def error_text(error: dict[str, object], lang: str) -> str:
    """``input_error_text`` for an error already turned into JSON (``InputError.to_json``,
    as the runner's jobs return them: its ``error`` and ``hint`` are still ``Message``
    objects, pickled with their ids across processes); its English ``message`` when
    it is not one."""
    if lang != "fr" or "error" not in error:
        return str(error.get("message") or error.get("error") or "")
    line = error.get("line")
    exc = InputError(_text(error["error"]) or "", _text(error.get("file")),
                     line if isinstance(line, int) else None, _text(error.get("field")),
                     hint=_text(error.get("hint")))
    return input_error_text(exc, lang)


def _text(value: object) -> str | None:
    """A JSON value as text, a ``Message`` kept as it is (its id translates it)."""
    return None if value is None else value if isinstance(value, str) else str(value)
