"""Photos are checked by decoding, stripped of metadata and stored under random names."""

import io
import stat

import pytest
from PIL import Image

from consilium.outcomes.photos import MAX_UPLOAD_BYTES, PhotoRejected, store_photo


def gps_tagged_jpeg() -> bytes:
    image = Image.new("RGB", (2400, 1200), (200, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:01:02 10:00:00"  # DateTime
    gps = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_a_gps_tagged_photo_is_stored_without_gps_or_exif(tmp_path):
    data = gps_tagged_jpeg()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the upload really carries GPS
    stored = store_photo(io.BytesIO(data), len(data), tmp_path)
    saved = tmp_path / stored.name
    with Image.open(saved) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        assert max(image.size) <= 1600
    assert b"PhoneMaker" not in saved.read_bytes()
    assert stored.name.endswith(".jpg")
    assert len(stored.name) == 36


def test_it_stores_photos_readable_by_the_owner_only(tmp_path):
    directory = tmp_path / "photos"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="JPEG")
    stored = store_photo(io.BytesIO(buffer.getvalue()), buffer.tell(), directory)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE((directory / stored.name).stat().st_mode) == 0o600


def test_png_and_webp_are_accepted(tmp_path):
    for fmt in ("PNG", "WEBP"):
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), "white").save(buffer, format=fmt)
        stored = store_photo(io.BytesIO(buffer.getvalue()), buffer.tell(), tmp_path)
        assert (tmp_path / stored.name).exists()


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"#!/bin/sh\nrm -rf /\n",
        b"\xff\xd8\xff\xe0 truncated jpeg",
    ],
)
def test_anything_that_is_not_a_readable_photo_is_refused(tmp_path, content):
    with pytest.raises(PhotoRejected, match="not a JPEG, PNG or WebP"):
        store_photo(io.BytesIO(content), len(content), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_gif_is_refused_by_format(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    with pytest.raises(PhotoRejected, match="must be JPEG, PNG or WebP"):
        store_photo(io.BytesIO(buffer.getvalue()), buffer.tell(), tmp_path)


def test_a_photo_over_10_mb_is_refused(tmp_path):
    with pytest.raises(PhotoRejected, match="at most 10 MB"):
        store_photo(io.BytesIO(b"x"), MAX_UPLOAD_BYTES + 1, tmp_path)


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims the given size; its pixel data does not match."""
    import struct
    import zlib

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    # IHDR is the first chunk: 8-byte signature, 4-byte length, "IHDR", then width and height.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_claiming(width: int, height: int) -> bytes:
    import struct

    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, format="JPEG")
    data = bytearray(buffer.getvalue())
    frame = data.index(b"\xff\xc0")  # baseline frame header: length, precision, height, width
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    "content", [png_claiming(8_900, 8_900), jpeg_claiming(7_000, 7_000)], ids=["png", "jpeg"]
)
def test_it_refuses_an_image_over_the_pixel_limit_from_its_header(tmp_path, content):
    # Pillow only warns between its limit and twice it; these sizes fall in that band.
    with pytest.raises(PhotoRejected, match="at most 40 megapixels"):
        store_photo(io.BytesIO(content), len(content), tmp_path)
    assert list(tmp_path.iterdir()) == []
