"""Headers every answer of the server carries, whatever route made it.

- ``Referrer-Policy: same-origin``: a link followed out of the page tells the other
  site nothing (class names and student ids live in our URLs); the page's own
  requests keep their Referer and Origin, which the CSRF check reads;
- ``X-Content-Type-Options: nosniff``: a download (YAML, XLSX, ICS, PDF) is never
  taken by the browser for a page or a script;
- ``Cache-Control: no-store`` unless the route said otherwise: print views and
  downloads carry student names, which the browser must not keep once the user has
  logged out; only ``/static/`` files may be cached.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULTS = ((b"referrer-policy", b"same-origin"), (b"x-content-type-options", b"nosniff"))


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                have = {k.lower() for k, _ in headers}
                extra = [(k, v) for k, v in DEFAULTS if k not in have]
                if not static and b"cache-control" not in have:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, with_headers)
