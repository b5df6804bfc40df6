"""What a service logo file is: PNG or JPEG, its pixel size, read from its own bytes."""

from __future__ import annotations

import struct
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_BYTES = 1024 * 1024  # nestgen's bound (a logo is shown at icon size)
MAX_LOGO_PIXELS = 4096
# JPEG start-of-frame markers (baseline, progressive, ...): they carry the picture's size.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass(frozen=True)
class ImageInfo:
    kind: str  # "PNG" or "JPEG"
    width: int
    height: int


def image_info(data: bytes) -> ImageInfo | None:
    """The format and size of a PNG or JPEG; None for anything else (or a broken header)."""
    if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return ImageInfo("PNG", width, height) if width and height else None
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    return None


def _jpeg(data: bytes) -> ImageInfo | None:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _SOF and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return ImageInfo("JPEG", width, height) if width and height else None
        at += 2 + length
    return None


def logo_problem(data: bytes, size: int | None = None) -> str | None:
    """Why ``data`` (of ``size`` bytes in all, when only its start was read) cannot be a logo."""
    size = len(data) if size is None else size
    if size > MAX_LOGO_BYTES:
        return f"the logo is {size:,} bytes; at most {MAX_LOGO_BYTES:,} (1 MiB)"
    info = image_info(data)
    if info is None:
        return "the logo is not a PNG or JPEG image"
    if max(info.width, info.height) > MAX_LOGO_PIXELS:
        return f"the logo is {info.width}x{info.height} pixels; at most {MAX_LOGO_PIXELS} on a side"
    return None
