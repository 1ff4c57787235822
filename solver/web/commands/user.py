"""``stageplan user``: the accounts of the web page (``stageplan serve``).

``user add NAME --role coordinator|teacher|viewer`` asks for the password twice (or
reads one line from standard input with ``--password-stdin``, for scripts) and keeps
only its Argon2id hash, in the data folder's ``.stageplan-users.json`` (mode 0600).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from solver.cli.common import (
    group_lang_option,
    handle_errors,
    lang_option,
    resolve_lang,
    set_group_lang,
)
from solver.cli.help import FrenchCommandsGroup
from solver.core.errors import InputError, msg
from solver.i18n.catalog import ui
from solver.web.roles import ROLES

if TYPE_CHECKING:
    from solver.web.auth import Accounts

DATA_OPTION = click.option("--data", "data", default="stageplan-data", show_default=True,
                           type=click.Path(file_okay=False),
                           help="The data folder of stageplan serve.")


def read_password(from_stdin: bool, lang: str) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InputError(msg("no password on standard input"), field="--password-stdin",
                             hint=msg("echo 'the password' | stageplan user add ..."))
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError(msg("no terminal to ask the password on"), field="password",
                         hint=msg("use --password-stdin to read it from standard input"))
    while True:   # asked twice, in the user's language (click's own check is English)
        first = str(click.prompt(ui("user_password", lang), hide_input=True))
        if first == str(click.prompt(ui("user_password_again", lang), hide_input=True)):
            return first
        click.echo(ui("user_password_differ", lang), err=True)


def accounts_of(data: str) -> Accounts:
    """The accounts kept in ``data``; the machinery is imported when a command runs."""
    from solver.web.auth import Accounts

    return Accounts(data)


@click.group("user", cls=FrenchCommandsGroup)
@group_lang_option
def user_cmd(group_lang: str | None) -> None:
    """Accounts of the web page: add, change, remove, list."""
    set_group_lang(group_lang)


@user_cmd.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="coordinator: everything; teacher: upload, solve, edit; viewer: read.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--replace", is_flag=True, help="Replace an existing account of this name.")
@DATA_OPTION
@lang_option
@handle_errors
def add_cmd(name: str, role: str, password_stdin: bool, replace: bool, data: str,
            lang: str | None) -> None:
    """Add the account NAME (its password is asked, never shown)."""
    accounts = accounts_of(data)
    lang = resolve_lang(lang)
    accounts.add(name, role, read_password(password_stdin, lang), replace=replace)
    click.echo(ui("user_saved", lang, name=name, role=role, path=accounts.path))


@user_cmd.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@DATA_OPTION
@lang_option
@handle_errors
def passwd_cmd(name: str, password_stdin: bool, data: str, lang: str | None) -> None:
    """Change NAME's password (their open sessions end)."""
    accounts = accounts_of(data)
    user = accounts.get(name)
    if user is None:
        raise InputError(msg("no user '{}'", name[:80]), field="NAME", value=name[:80])
    lang = resolve_lang(lang)
    accounts.add(name, user.role, read_password(password_stdin, lang), replace=True)
    click.echo(ui("user_passwd_done", lang, name=name))


@user_cmd.command("remove")
@click.argument("name")
@DATA_OPTION
@lang_option
@handle_errors
def remove_cmd(name: str, data: str, lang: str | None) -> None:
    """Remove the account NAME and its API tokens."""
    accounts_of(data).remove(name)
    click.echo(ui("user_removed", resolve_lang(lang), name=name))


@user_cmd.command("list")
@DATA_OPTION
@lang_option
@handle_errors
def list_cmd(data: str, lang: str | None) -> None:
    """List the accounts and their roles."""
    for user in accounts_of(data).users():
        click.echo(f"{user.name}\t{user.role}")


COMMAND = user_cmd
