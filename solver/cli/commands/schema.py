"""``stageplan schema NAME``: the JSON Schema of a class file or of a command's output.

``stageplan schema`` lists the names; ``stageplan schema verify`` prints the JSON Schema
(draft 2020-12) that ``verify --format json`` follows, ``stageplan schema class-file``
the one of class files (for an editor: name it in the file with ``$schema:``, or with a
``# yaml-language-server: $schema=class-file.schema.json`` comment). ``-o`` writes it
atomically. Exit 0, or 2 for an unknown name.
"""

from __future__ import annotations

import click

from solver.cli.common import emit, handle_errors, lang_option, output_option, resolve_lang
from solver.core.errors import InputError, msg
from solver.core.files import SCHEMA_VERSION, dumps_json
from solver.i18n.catalog import ui
from solver.io.schemas import SCHEMAS, json_schema


@click.command("schema")
@click.argument("name", required=False)
@output_option
@lang_option
@handle_errors
def schema_cmd(name: str | None, output: str | None, lang: str | None) -> None:
    """Print the JSON Schema of class files (class-file) or of a command's JSON output
    (verify, generate, repair, explain, whatif, compare, batch, rules, calendar); without
    NAME, list the names."""
    if name is None:
        emit(ui("schema_list", resolve_lang(lang), version=SCHEMA_VERSION) + "\n"
             + "".join(f"  {n}\n" for n in SCHEMAS), output)
        return
    if name not in SCHEMAS:
        raise InputError(msg("no schema named '{}'", name), None, None, "NAME", name,
                         msg("one of: {}", ", ".join(SCHEMAS)))
    emit(dumps_json(json_schema(name)), output)


COMMAND = schema_cmd
