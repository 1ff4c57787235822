"""``stageplan token``: API tokens for scripts (``Authorization: Bearer TOKEN``).

A token acts with its user's role. It is printed once; the data folder keeps only its
SHA-256 digest, so a lost token is revoked and made again, never read back.
"""

from __future__ import annotations

import click

from solver.cli.common import group_lang_option, handle_errors, lang_option, set_group_lang
from solver.cli.help import FrenchCommandsGroup
from solver.web.commands.user import DATA_OPTION, accounts_of


@click.group("token", cls=FrenchCommandsGroup)
@group_lang_option
def token_cmd(group_lang: str | None) -> None:
    """API tokens of the web page."""
    set_group_lang(group_lang)


@token_cmd.command("create")
@click.argument("user")
@click.option("--label", default="", help="What the token is for (kept beside it).")
@DATA_OPTION
@lang_option
@handle_errors
def create_cmd(user: str, label: str, data: str, lang: str | None) -> None:
    """Make an API token acting as USER; it is printed once, on standard output."""
    click.echo(accounts_of(data).create_token(user, label))


@token_cmd.command("revoke")
@click.argument("user")
@DATA_OPTION
@lang_option
@handle_errors
def revoke_cmd(user: str, data: str, lang: str | None) -> None:
    """Revoke every API token of USER."""
    n = accounts_of(data).revoke_tokens(user)
    click.echo(f"stageplan: {n} token(s) of '{user}' revoked")


COMMAND = token_cmd
