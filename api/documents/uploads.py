"""What may be uploaded: size and type limits, each refusal saying what, where and how to fix it.

A file's type is judged by its extension *and* its first bytes, so a renamed program or web page
is refused; it is always served back as a download, never shown in the browser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import Invalid

__all__ = ["ALLOWED", "Upload", "check_upload", "safe_filename", "max_file_bytes", "max_files", "describe_limits"]

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension -> (content type, what it is, signatures its first bytes may start with; () = text)
ALLOWED: dict[str, tuple[str, str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", "PDF", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document", (_ZIP,)),
    "doc": ("application/msword", "Word 97-2003 document", (_OLE,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook", (_ZIP,)),
    "xls": ("application/vnd.ms-excel", "Excel 97-2003 workbook", (_OLE,)),
    "odt": ("application/vnd.oasis.opendocument.text", "OpenDocument text", (_ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet", (_ZIP,)),
    "msg": ("application/vnd.ms-outlook", "Outlook email", (_OLE,)),
    "eml": ("message/rfc822", "email", ()),
    "txt": ("text/plain", "text", ()),
    "csv": ("text/csv", "CSV", ()),
    "jpg": ("image/jpeg", "JPEG photograph", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", "JPEG photograph", (b"\xff\xd8\xff",)),
    "png": ("image/png", "PNG image", (b"\x89PNG\r\n\x1a\n",)),
    "gif": ("image/gif", "GIF image", (b"GIF87a", b"GIF89a")),
}
DEFAULT_MAX_FILE_MB = 20
DEFAULT_MAX_FILES = 10


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes
    content_type: str


def max_file_bytes(config) -> int:
    return int(config.get("FILES_MAX_MB", DEFAULT_MAX_FILE_MB)) * 1024 * 1024


def max_files(config) -> int:
    return int(config.get("FILES_MAX_COUNT", DEFAULT_MAX_FILES))


def describe_limits(config) -> str:
    kinds = sorted({f".{ext}" for ext in ALLOWED})
    return (f"Up to {max_files(config)} files at a time, each up to {max_file_bytes(config) // (1024 * 1024)} MB: "
            + ", ".join(kinds) + ".")


def safe_filename(name: str) -> str:
    """A file name fit to store and send back: no folders, no control characters, not too long."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "", name).strip().strip(".")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 195 - len(ext)] + dot + ext) if dot else name[:200]
    return name


def _is_text(content: bytes) -> bool:
    if b"\x00" in content[:8192]:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            content.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


def check_upload(filename: str, content: bytes, config, *, field: str = "files", only: set[str] | None = None) -> Upload:
    """The upload, named and typed, or Invalid saying what is wrong with it and how to fix it."""
    name = safe_filename(filename)

    def refuse(message: str):
        raise Invalid(message, errors=[{"field": f"/{field}", "path": [field], "message": message, "file": name or filename}])

    if not name:
        refuse("the file has no name: choose a file to upload")
    limit = max_file_bytes(config)
    if not content:
        refuse(f"the file {name} is empty: choose the file again, or check it opens on your computer")
    if len(content) > limit:
        refuse(f"the file {name} is {len(content) / 1048576:.1f} MB: the largest file accepted is {limit // 1048576} MB; "
               "reduce it (for example save a photograph at a smaller size) or split it")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    allowed = {ext: ALLOWED[ext] for ext in (only or ALLOWED)}
    if extension not in allowed:
        kinds = ", ".join(sorted(f".{e}" for e in allowed))
        refuse(f"the file {name} is not a type of file that can be attached: use one of {kinds}")
    content_type, what, signatures = allowed[extension]
    genuine = any(content.startswith(s) for s in signatures) if signatures else _is_text(content)
    if not genuine:
        refuse(f"the file {name} is named as a {what} (.{extension}) but its content is not one: save it again as a "
               f"{what}, or give it the right extension")
    return Upload(filename=name, content=content, content_type=content_type)
