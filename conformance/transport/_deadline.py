"""A total deadline per exchange, enforced below httpx: every connect, handshake and read gets at most the time
left, and a watchdog shuts the socket when the time is up, so a candidate dripping bytes cannot stretch it."""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore

__all__ = ["Deadline", "DeadlineBackend", "deadline"]


class Deadline:
    """The end of one exchange, and the socket to shut when it passes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def left(self, timeout: float | None) -> float:
        """The smaller of `timeout` and the time left; the deadline passing is a timeout of its own."""
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            self.expired = True
            raise httpcore.ReadTimeout(f"the exchange's deadline of {self.seconds:g} s passed")
        return remaining if timeout is None else min(timeout, remaining)

    @property
    def passed(self) -> bool:
        """Whether the deadline ended the exchange (a socket timeout may fire a moment before the watchdog)."""
        return self.expired or time.monotonic() >= self.at - 0.05

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for an SSLSocket: it wakes a blocked read without unwrapping TLS under it.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


_current = threading.local()


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Bound everything the calling thread's DeadlineBackend does inside the block to `seconds` in total."""
    bound = Deadline(seconds)
    timer = threading.Timer(seconds, bound.expire)
    timer.daemon = True
    previous = getattr(_current, "deadline", None)
    _current.deadline = bound
    timer.start()
    try:
        yield bound
    finally:
        timer.cancel()
        _current.deadline = previous


def _bounded(timeout: float | None, sock: socket.socket | None = None) -> float | None:
    bound: Deadline | None = getattr(_current, "deadline", None)
    if bound is None:
        return timeout
    if sock is not None:
        bound.watch(sock)
    return bound.left(timeout)


class _Stream(httpcore.NetworkStream):
    """Delegates to httpcore's stream, with every timeout cut to the time the exchange has left."""

    def __init__(self, inner: httpcore.NetworkStream, handle: socket.socket) -> None:
        self._inner = inner
        self._sock = handle  # a duplicate of the TCP socket: TLS wrapping detaches the original, not this one

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, self._sock))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, self._sock))

    def close(self) -> None:
        self._inner.close()
        self._sock.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        try:
            upgraded = self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout, self._sock))
        except BaseException:
            self._sock.close()
            raise
        return _Stream(upgraded, self._sock)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.SyncBackend):
    """httpcore's socket backend whose streams obey the calling thread's `deadline`."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, _bounded(timeout), local_address, socket_options)
        return _Stream(stream, socket.socket(fileno=os.dup(stream.get_extra_info("socket").fileno())))
