"""Where a page may send the browser next: paths on this site only.

``next=`` after signing in and ``back=`` after claiming come from the request, so an attacker
can write them. Browsers drop tabs and line breaks inside a URL and read a backslash as a
slash, so ``/\\t/evil.example`` would leave the site; a line break would also split the
``Location`` header. Anything but a plain path on this site falls back to a page we name.
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["same_site_path"]

MAX_PATH_LENGTH = 2000


def same_site_path(target: str | None, fallback: str) -> str:
    """``target`` if it is a path on this site, else ``fallback``."""
    if not target or len(target) > MAX_PATH_LENGTH or not target.startswith("/"):
        return fallback
    if any(ord(c) < 0x21 or ord(c) == 0x7F or c == "\\" for c in target) or not target.isascii():
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return fallback
    return target
