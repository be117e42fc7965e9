"""The part every reference server shares: its app served on loopback HTTPS, and the started reference.

Each standard's `reference_server.py` builds its app from the loopback test PKI and says, in a `LoopbackReference`
subclass, which config table points a run at it; the certificates, the TLS context, the security probes' defects
and the start are done here once.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, Self, TypeVar

from conformance.pki import LoopbackPki, ensure_loopback_pki, server_ssl_context
from conformance.standards._flaws import flawed_server
from conformance.transport import App, LoopbackServer

__all__ = ["LoopbackReference"]

_App = TypeVar("_App", bound=App)


class LoopbackReference(Generic[_App]):
    """A started reference: its `server` (at `base_url`), its `app` and the `pki` it was started with; a subclass
    gives `config`, the standard's table that points a run at it."""

    def __init__(self, server: LoopbackServer, app: _App, pki: LoopbackPki) -> None:
        self.server = server
        self.app = app
        self.pki = pki
        self.base_url = server.base_url

    @classmethod
    def start(cls, state_dir: Path, defects: Sequence[str], build: Callable[[LoopbackPki], _App], *, port: int = 0,
              tls: Callable[[LoopbackPki], ssl.SSLContext] | None = None, client_cert: bool = True,
              allow_get: bool = False) -> Self:
        """Serve the app `build` makes from the loopback PKI (certificates made on first use) on 127.0.0.1, with
        the probe defects among `defects` switched on; TLS by `tls`, or the test PKI's server context that
        requires (`client_cert`) or only asks for a client certificate."""
        pki = ensure_loopback_pki(state_dir / "pki")
        app = build(pki)
        context = tls(pki) if tls is not None else server_ssl_context(pki, require_client_cert=client_cert)
        server = flawed_server(app, ssl_context=context, defects=tuple(defects), port=port, allow_get=allow_get)
        return cls(server.start(), app, pki)

    @property
    def config(self) -> dict[str, Any]:
        """The standard's config table that points a run at this reference."""
        raise NotImplementedError

    def stop(self) -> None:
        self.server.stop()
