"""``stageplan serve``: the web page for coordinators, on this machine or the school network.

The data folder keeps every saved version of every class; when it is empty it is
seeded with the bundled example classes, so a fresh install shows a class at once.
A login is required by default (``stageplan user add`` first); ``--no-auth`` exists
only for ``--host 127.0.0.1`` (this machine alone) and the command says so. The server
answers only the ``Host`` names it is configured for (``--allowed-host``; default the
bound address and localhost), against DNS rebinding.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from solver.cli.common import handle_errors, lang_option, resolve_lang
from solver.core.errors import InputError, msg
from solver.i18n.catalog import ui


def port_free(host: str, port: int) -> None:
    """InputError (one line, exit 2) when ``host:port`` cannot be listened on: taken by
    another server, or not an address of this machine. Checked before the banner, as
    uvicorn would (SO_REUSEADDR), so that a busy port is never uvicorn's English error."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(msg("port {} is already in use", port), field="--port",
                                 value=port,
                                 hint=msg("another stageplan serve? stop it, or choose another "
                                          "port (--port {})", port + 1)) from None
            raise InputError(msg("cannot listen on {}:{} ({})", host, port, exc.strerror),
                             field="--host", value=host,
                             hint=msg("an address of this machine, 127.0.0.1 or 0.0.0.0")) \
                from None


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: the whole network; needs a login).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--data", "data", default="stageplan-data", show_default=True,
              type=click.Path(file_okay=False),
              help="Folder keeping the classes and every saved version.")
@click.option("--time-limit", default=60.0, show_default=True,
              type=click.FloatRange(1, 3600), help="Seconds a solve may take at most.")
@click.option("--no-auth", is_flag=True,
              help="No login (only with --host 127.0.0.1: anyone on this machine is a "
              "coordinator).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A Host name the server answers (repeatable; default: the bound "
              "address, localhost and, for 0.0.0.0, this machine's names).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Solves running at once (each in its own process).")
@click.option("--queue-size", default=8, show_default=True, type=click.IntRange(1, 1000),
              help="Solves waiting or running at most; more are refused (429).")
@click.option("--per-user", default=2, show_default=True, type=click.IntRange(1, 100),
              help="Solves one user may have waiting or running.")
@click.option("--memory-limit", default=2048, show_default=True, type=click.IntRange(0, 1 << 20),
              metavar="MIB", help="Memory one solve may use, in MiB (0: no limit); a "
              "solve that needs more stops with a clear message.")
@click.option("--secure-cookies", is_flag=True,
              help="Send the session cookie over HTTPS only (behind a TLS proxy).")
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
              metavar="serve.toml",
              help="Settings file (TOML: [server], [limits], [log], [login]); options "
              "given on the command line win.")
@lang_option
@handle_errors
def serve_cmd(host: str, port: int, data: str, time_limit: float, no_auth: bool,
              allowed_hosts: tuple[str, ...], workers: int, queue_size: int, per_user: int,
              memory_limit: int, secure_cookies: bool, config: str | None,
              lang: str | None) -> None:
    """Serve the web page (French by default, ?lang=en for English)."""
    settings = from_config(config, locals())
    host, port, data = settings["host"], settings["port"], settings["data"]
    time_limit, no_auth = settings["time_limit"], settings["no_auth"]
    allowed_hosts, workers = settings["allowed_hosts"], settings["workers"]
    queue_size, per_user = settings["queue_size"], settings["per_user"]
    secure_cookies, memory_limit = settings["secure_cookies"], settings["memory_limit"]
    try:
        import uvicorn  # noqa: F401

        from solver.web.app import create_app
        from solver.web.auth import Accounts
        from solver.web.guard import default_hosts
        from solver.web.logs import configure as configure_logs
        from solver.web.oidc import OidcSettings
    except ImportError as exc:  # an install without the web extras
        raise InputError(msg("the web page needs {}", exc.name),
                         hint=msg("pip install stageplan")) \
            from None
    if no_auth and host != "127.0.0.1":
        raise InputError(msg("--no-auth is refused with --host {}: without a login anyone "
                             "who reaches the server would see every class", host),
                         field="--no-auth",
                         hint=msg("use --host 127.0.0.1 (this machine only), or create accounts "
                                  "with stageplan user add NAME --role coordinator"))
    folder = Path(data)
    if folder.exists() and not folder.is_dir():
        raise InputError(msg("not a folder"), data, field="--data")
    oidc = OidcSettings.from_dict(settings["oidc"], config) if settings.get("oidc") else None
    if oidc is not None and no_auth:
        raise InputError(msg("[login.oidc] and no_auth exclude each other"), config,
                         field="login.no_auth")
    if not no_auth and oidc is None and not Accounts(folder).has_users():
        raise InputError(msg("no account in {}: the web page asks for a login", folder),
                         str(folder), field="--data",
                         hint=msg("stageplan user add NAME --role coordinator --data {} first (or "
                                  "--no-auth --host 127.0.0.1 for this machine alone)", data))
    hosts = default_hosts(host, allowed_hosts)
    configure_logs(settings.get("log_level", "info"), settings.get("log_file"))
    app = create_app(folder, time_limit=time_limit, auth=not no_auth, allowed_hosts=hosts,
                     workers=workers, queue_size=queue_size, per_user=per_user,
                     secure_cookies=secure_cookies, memory_limit=memory_limit,
                     audit_log=settings.get("audit_log"), oidc=oidc)
    warn_if_unwritable(folder)
    port_free(host, port)
    lang = resolve_lang(lang)
    shown = f"[{host}]" if ":" in host else host
    auth = ui("serve_no_login" if no_auth else "serve_login", lang)
    if oidc is not None:
        auth += ", " + ui("serve_or_through", lang, issuer=oidc.issuer)
    click.echo(ui("serve_banner", lang, where=f"{shown}:{port}", data=folder.resolve(),
                  auth=auth, hosts=", ".join(hosts)))
    if host not in ("127.0.0.1", "::1", "localhost"):
        click.echo(ui("serve_plain_http", lang), err=True)
    run_server(app, host, port)


def warn_if_unwritable(folder: Path) -> None:
    """Say at start that saves will fail (read-only or full data folder)."""
    from solver.web.disk import folder_problem

    problem = folder_problem(folder)
    if problem is not None:
        click.echo(f"stageplan: warning: the data folder {folder} cannot be written "
                   f"({problem.strerror or problem}): every save will fail until this is "
                   "fixed", err=True)


def run_server(app: object, host: str, port: int) -> None:
    """Serve until SIGTERM or SIGINT; then stop every solving process at once (before
    waiting for open requests, which may be waiting for those very solves) and give the
    open requests a few seconds to end."""
    import uvicorn

    from solver.web.service import CHILDREN

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: object) -> None:
            jobs = getattr(getattr(app, "state", None), "jobs", None)
            if jobs is not None:
                jobs.shutdown()
            CHILDREN.stop_all()
            super().handle_exit(sig, frame)  # type: ignore[arg-type]

    config = uvicorn.Config(app, host=host, port=port, log_level="warning",  # type: ignore[arg-type]
                            timeout_graceful_shutdown=5)
    try:
        Server(config).run()
    finally:
        CHILDREN.stop_all()


def from_config(config: str | None, given: dict[str, Any]) -> dict[str, Any]:
    """The options, each from the command line when given there, else from the
    configuration file, else its default."""
    settings = {k: v for k, v in given.items() if k not in ("config", "lang")}
    if config is None:
        return settings
    from solver.web.config import load_config

    ctx = click.get_current_context()
    for option, value in load_config(config).items():
        source = ctx.get_parameter_source(option) if option in settings else None
        if source in (None, ParameterSource.DEFAULT):
            settings[option] = value
    return settings


COMMAND = serve_cmd
