"""Patient photos: checked by decoding, re-encoded without metadata, stored under random names."""

from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Bigger images are refused from their header, before decoding: a decompression bomb fits
# in 10 MB, and Pillow itself only warns up to twice its own limit.
MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class PhotoRejected(ValueError):
    """The upload is not a photo we accept; the message says why, for the form."""

    kind: str = ""  # which of the report's photos, "before" or "after", once known


@dataclass(frozen=True)
class StoredPhoto:
    name: str
    width: int
    height: int


def store_photo(upload: BinaryIO, size: int, directory: Path) -> StoredPhoto:
    """Check, clean and save an uploaded photo; raise PhotoRejected for anything else.

    The file is decoded fully (so a renamed script or a truncated file fails here),
    turned upright by its EXIF orientation, shrunk to MAX_SIDE and saved as a new JPEG or
    PNG, which leaves every metadata block (EXIF, GPS, XMP, comments) behind.
    """
    if size > MAX_UPLOAD_BYTES:
        raise PhotoRejected("Photos can be at most 10 MB.")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoRejected("Photos can be at most 10 MB.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoRejected("Photos must be JPEG, PNG or WebP images.")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise PhotoRejected(
                    f"Photos can be at most {MAX_PIXELS // 1_000_000} megapixels; "
                    f"this one is {width:,} × {height:,} pixels."
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoRejected("This file is not a JPEG, PNG or WebP image we can read.") from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    keeps_transparency = upright.mode in ("RGBA", "LA", "P")
    clean = upright.convert("RGBA" if keeps_transparency else "RGB")
    extension = "png" if keeps_transparency else "jpg"
    name = f"{secrets.token_hex(16)}.{extension}"
    # Patients' photos are for the app's own account only, whatever the process umask.
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # A fresh image object carries no info dict, so nothing of the upload's metadata is saved.
    fresh = Image.new(clean.mode, clean.size)
    fresh.paste(clean)
    fd = os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        if extension == "png":
            fresh.save(handle, format="PNG", optimize=True)
        else:
            fresh.save(handle, format="JPEG", quality=85, optimize=True)
    return StoredPhoto(name=name, width=fresh.width, height=fresh.height)
