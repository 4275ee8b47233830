"""Applicants' documents: recognised by their first bytes, stored whole under random names."""

from __future__ import annotations

import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 5

# What a file starts with, the type it is served as, and the extension it is stored under.
# The name and the type the browser sent are never trusted: a renamed script matches none.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
CONTENT_TYPES = {extension: content_type for _, content_type, extension in _SIGNATURES}


class DocumentRejected(ValueError):
    """The upload is not a document we accept; the message says why, for the form."""


@dataclass(frozen=True)
class DocumentUpload:
    file: BinaryIO
    size: int
    label: str  # what the applicant's computer called it


@dataclass(frozen=True)
class CheckedDocument:
    data: bytes
    content_type: str
    extension: str
    label: str


def _label(name: str) -> str:
    """The uploaded file's name, made safe to show: no path, no control characters, short."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return printable[:120] or "document"


def check_document(upload: DocumentUpload) -> CheckedDocument:
    """Read the upload and tell its type from its first bytes; raise DocumentRejected else."""
    label = _label(upload.label)
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DocumentRejected(f"“{label}” is larger than 10 MB; send a smaller scan.")
    data = upload.file.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentRejected(f"“{label}” is larger than 10 MB; send a smaller scan.")
    if not data:
        raise DocumentRejected(f"“{label}” is empty.")
    for signature, content_type, extension in _SIGNATURES:
        if data.startswith(signature):
            return CheckedDocument(data, content_type, extension, label)
    raise DocumentRejected(f"“{label}” is not a PDF, PNG or JPEG file.")


def save_document(document: CheckedDocument, directory: Path) -> str:
    """Write the checked bytes under a new random name, readable by the app only; the name."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{document.extension}"
    fd = os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(document.data)
    return name
