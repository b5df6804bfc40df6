"""A deterministic PNG service logo, written with zlib alone (no imaging library).

The picture: a flat orange tile with a white ring (a nod to Jupyter's orbit) on a
transparent background, 128x128 RGBA.  Same bytes on every machine and run.
"""

from __future__ import annotations

import struct
import zlib

SIZE = 128
_ORANGE = (243, 119, 38, 255)
_WHITE = (255, 255, 255, 255)
_CLEAR = (0, 0, 0, 0)


def _pixel(x: int, y: int) -> tuple[int, int, int, int]:
    centre = (SIZE - 1) / 2
    dx, dy = x - centre, y - centre
    corner = 20
    inside_x = min(x, SIZE - 1 - x) >= corner or min(y, SIZE - 1 - y) >= corner
    near = (min(x, SIZE - 1 - x) - corner) ** 2 + (min(y, SIZE - 1 - y) - corner) ** 2
    if not inside_x and near > corner**2:
        return _CLEAR
    radius2 = dx * dx + dy * dy
    if 30**2 <= radius2 <= 40**2 or (dy * dy < 36 and abs(dx) < 54 and radius2 > 40**2):
        return _WHITE
    return _ORANGE


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def service_logo_png() -> bytes:
    """The logo as PNG bytes."""
    rows = bytearray()
    for y in range(SIZE):
        rows.append(0)  # filter: none
        for x in range(SIZE):
            rows.extend(_pixel(x, y))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def main() -> None:
    """Regenerate the committed logo: ``python3 -m nestgen.package.logo``."""
    from pathlib import Path

    target = Path(__file__).resolve().parent.parent / "data" / "service_logo.png"
    target.write_bytes(service_logo_png())


if __name__ == "__main__":
    main()
