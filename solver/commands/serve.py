"""``stageplan serve``: the web page for coordinators, on this machine or the school network.

The data folder keeps every saved version of every class; when it is empty it is
seeded with the bundled example classes, so a fresh install shows a class at once.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..cli_common import handle_errors, lang_option
from ..errors import InputError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: the whole network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--data", "data", default="stageplan-data", show_default=True,
              type=click.Path(file_okay=False),
              help="Folder keeping the classes and every saved version.")
@click.option("--time-limit", default=60.0, show_default=True,
              type=click.FloatRange(1, 3600), help="Seconds a solve may take at most.")
@lang_option
@handle_errors
def serve_cmd(host: str, port: int, data: str, time_limit: float, lang: str | None) -> None:
    """Serve the web page (French by default, ?lang=en for English)."""
    try:
        import uvicorn

        from ..web.app import create_app
    except ImportError as exc:  # an install without the web extras
        raise InputError(f"the web page needs {exc.name}", hint="pip install stageplan") \
            from None
    folder = Path(data)
    if folder.exists() and not folder.is_dir():
        raise InputError("not a folder", data, field="--data")
    app = create_app(folder, time_limit=time_limit)
    click.echo(f"stageplan: http://{host}:{port}/  (data: {folder.resolve()})")
    uvicorn.run(app, host=host, port=port, log_level="warning")


COMMAND = serve_cmd
