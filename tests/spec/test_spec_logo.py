"""service.logo must be a PNG or JPEG of a sensible size: never random bytes or 60 MB."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from spec_helpers import positioned_problems

from nestgen.imageinfo import MAX_LOGO_BYTES, image_info, logo_problem
from nestgen.package.logo import service_logo_png
from nestgen.spec import load_spec


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def _spec_with_logo(write_spec, text: str, data: bytes) -> Path:
    path = write_spec(text.replace("service:\n", "service:\n  logo: logo.png\n"))
    (path.parent / "logo.png").write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bytes(range(256)) * 4, "the logo is not a PNG or JPEG image"),
        (b"GIF89a" + bytes(100), "the logo is not a PNG or JPEG image"),
        (b"\x89PNG\r\n\x1a\n" + bytes(30), "the logo is not a PNG or JPEG image"),
        (_png(5000, 100), "the logo is 5000x100 pixels; at most 4096 on a side"),
    ],
)
def test_bad_logos_are_positioned_errors(write_spec, minimal_spec_text, data, message):
    (found,) = positioned_problems(_spec_with_logo(write_spec, minimal_spec_text, data))
    assert found["field"] == "service.logo"
    assert found["msg"] == message


def test_a_huge_logo_is_refused_without_reading_it_all(write_spec, minimal_spec_text):
    path = _spec_with_logo(write_spec, minimal_spec_text, b"")
    with (path.parent / "logo.png").open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # 60 MB of zeros (sparse)
    (found,) = positioned_problems(path)
    assert found["msg"] == "the logo is 62,914,560 bytes; at most 1,048,576 (1 MiB)"


@pytest.mark.parametrize("data", [service_logo_png(), _png(200, 200), _jpeg(256, 128)])
def test_good_logos_load(write_spec, minimal_spec_text, data):
    spec = load_spec(_spec_with_logo(write_spec, minimal_spec_text, data))
    assert spec.service.logo is not None and spec.service.logo.read_bytes() == data


def test_image_info_reads_the_real_sizes():
    assert image_info(service_logo_png()) == image_info(_png(128, 128))
    assert image_info(_jpeg(640, 480)).kind == "JPEG"
    assert (image_info(_jpeg(640, 480)).width, image_info(_jpeg(640, 480)).height) == (640, 480)
    assert logo_problem(b"\x00" * (MAX_LOGO_BYTES + 1)).startswith("the logo is 1,048,577 bytes")
