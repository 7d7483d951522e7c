"""Which outbound addresses rasd may connect to: public ones only, unless told otherwise.

A URL given to the web app (or found in a feed) could name the server's own loopback, the
cloud metadata service or another machine of the private network, in any spelling a resolver
accepts (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`). So the host is resolved here, every
address it resolves to is checked, and the caller connects to the checked address itself
(pinned), never to a name that could resolve differently a second time.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from rasd.errors import RasdError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class Target:
    """A URL whose host was resolved and checked: connect to `ip`, say `host` in Host/SNI."""

    scheme: str
    host: str
    port: int
    ip: str
    path: str  # path and query, at least "/"

    @property
    def pinned_url(self) -> str:
        """The URL with the checked address in place of the name (IPv6 in brackets)."""
        ip = f"[{self.ip}]" if ":" in self.ip else self.ip
        return f"{self.scheme}://{ip}:{self.port}{self.path}"

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"


@dataclass(frozen=True, slots=True)
class Policy:
    """What may be fetched: public addresses only by default; an optional allow-list of hosts."""

    allow_private: bool = False
    allow_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_env(cls) -> Policy:
        """`RASD_FETCH_ALLOW_PRIVATE=1` (tests, an intranet deployment) and `RASD_FETCH_ALLOW_HOSTS=a,b`."""
        hosts = {h.strip().lower() for h in os.environ.get("RASD_FETCH_ALLOW_HOSTS", "").split(",") if h.strip()}
        private = os.environ.get("RASD_FETCH_ALLOW_PRIVATE", "").strip().lower() in ("1", "true", "yes")
        return cls(allow_private=private, allow_hosts=frozenset(hosts))


def is_public(ip: Address) -> bool:
    """False for loopback, private, link-local, multicast, reserved, unspecified and their IPv6 maps."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if mapped is not None and not is_public(mapped):
            return False
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def resolve(url: str, policy: Policy) -> Target:
    """Check `url` and resolve its host to one allowed address; E013/E012 with no network detail."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise RasdError("E013", "only http and https URLs are fetched", where=url)
    try:
        host, port = parts.hostname, parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise RasdError("E013", "bad port in URL", where=url) from None
    if not host:
        raise RasdError("E013", "URL without a host", where=url)
    if policy.allow_hosts and host.lower() not in policy.allow_hosts:
        raise RasdError("E012", "host not on the allow-list", where=url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise RasdError("E012", "the host name does not resolve", where=url) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise RasdError("E012", "the host name does not resolve", where=url)
    if not policy.allow_private and not all(is_public(ip) for ip in addresses):
        # Every address must be public: a name resolving to one public and one private address
        # is refused, so a second resolution cannot pick the private one.
        raise RasdError("E012", "refused: the address is not a public one", where=url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme, host, port, str(addresses[0]), path)
