"""Guarded connections: where fetch may connect, and for how long.

Every TCP connection of a fetch is opened here, by a network backend under httpx: the host is
resolved once (the resolver can be injected, so tests never need a real private address), every
address it resolves to must be public unless private ones are allowed, and the connection is made
to an address that was checked (a second lookup cannot swap in another). Every connect, TLS
handshake, write and read of a request is given what is left of that request's deadline, so a
server that answers one byte a second cannot hold a fetch beyond it.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import httpcore
import httpx

if TYPE_CHECKING:
    import ssl

Resolver = Callable[[str, int], Sequence[str]]
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, RFC 6052 / 8215).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_KINDS: tuple[tuple[str, str], ...] = (
    ("is_unspecified", "an unspecified"),
    ("is_loopback", "a loopback"),
    ("is_link_local", "a link-local"),
    ("is_multicast", "a multicast"),
    ("is_reserved", "a reserved"),
    ("is_private", "a private"),
)


class FetchError(Exception):
    """Why one URL was not fetched (recorded in the summary, never raised to the caller)."""


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolves host to, each once, in its order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"{host}: the name does not resolve ({exc})") from None
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


def _embedded(ip: Address) -> Address:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), else itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if any(ip in net for net in _NAT64):
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def address_kind(address: str) -> str | None:
    """What makes an address off limits ("a loopback", "a private", ...), None when public."""
    ip = _embedded(ipaddress.ip_address(address))
    for attribute, kind in _KINDS:
        if getattr(ip, attribute):
            return kind
    return None if ip.is_global else "a non-public"


class AddressGuard:
    """Resolves hosts once each and refuses non-public addresses unless they are allowed."""

    def __init__(self, resolve: Resolver = system_resolver, allow_private: bool = False) -> None:
        self._resolve = resolve
        self.allow_private = allow_private
        self._known: dict[tuple[str, int], tuple[str, ...]] = {}

    def addresses(self, host: str, port: int) -> tuple[str, ...]:
        """The checked addresses of host; FetchError when it has none or one is refused."""
        key = (host.lower(), port)
        if key not in self._known:
            found = tuple(self._resolve(host, port))
            if not found:
                raise FetchError(f"{host}: the name resolves to no address")
            self._known[key] = found
        found = self._known[key]
        if not self.allow_private:
            for address in found:
                kind = _checked_kind(host, address)
                if kind is not None:
                    raise FetchError(
                        f"refused: {host} resolves to {address}, {kind} address "
                        "(--allow-private fetches from such addresses)"
                    )
        return found


def _checked_kind(host: str, address: str) -> str | None:
    try:
        return address_kind(address)
    except ValueError:
        raise FetchError(f"{host}: the resolver gave {address!r}, not an IP address") from None


class Deadline:
    """The end of the current request (monotonic seconds), shared by its connections."""

    def __init__(self) -> None:
        self.ends: float | None = None

    def start(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    def stop(self) -> None:
        self.ends = None

    def passed(self) -> bool:
        return self.ends is not None and time.monotonic() >= self.ends

    def clamp(self, timeout: float | None, timed_out: type[Exception]) -> float | None:
        """The timeout for one operation: no longer than what is left; timed_out when nothing is."""
        if self.ends is None:
            return timeout
        left = self.ends - time.monotonic()
        if left <= 0:
            raise timed_out("the request's deadline has passed")
        return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation ends by the current request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        left = self._deadline.clamp(timeout, httpcore.ReadTimeout)
        return self._inner.read(max_bytes, left)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        left = self._deadline.clamp(timeout, httpcore.WriteTimeout)
        self._inner.write(buffer, left)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self._deadline.clamp(timeout, httpcore.ConnectTimeout)
        inner = self._inner.start_tls(ssl_context, server_hostname, left)
        return DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """TCP connections only to addresses the guard checked, each within the deadline."""

    def __init__(self, guard: AddressGuard, deadline: Deadline) -> None:
        self._guard = guard
        self._deadline = deadline
        self._system = httpcore.SyncBackend()
        # Every address connected to, in order (what the tests look at).
        self.connected: list[tuple[str, int]] = []

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        failure: Exception = httpcore.ConnectError(f"{host}: no address to connect to")
        for address in self._guard.addresses(host, port):
            left = self._deadline.clamp(timeout, httpcore.ConnectTimeout)
            self.connected.append((address, port))
            try:
                stream = self._system.connect_tcp(
                    address, port, left, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return DeadlineStream(stream, self._deadline)
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise FetchError("fetch connects over TCP only")


def guarded_client(backend: GuardedBackend, user_agent: str) -> httpx.Client:
    """An httpx client whose connections all go through the backend (and no proxy from the
    environment: a proxy would connect on our behalf, past the address check)."""
    context = httpx.create_ssl_context(trust_env=False)
    transport = httpx.HTTPTransport(verify=context, trust_env=False)
    # httpx gives no way to name the network backend of its connection pool: the pool is
    # replaced by the same pool over the guarded backend (a test checks every connection
    # goes through it).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=context,
        max_connections=10,
        max_keepalive_connections=10,
        keepalive_expiry=5.0,
        network_backend=backend,
    )
    return httpx.Client(transport=transport, headers={"User-Agent": user_agent}, trust_env=False)
