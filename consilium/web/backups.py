"""Backing up the database, patients' photos and doctors' application documents into one
archive, and restoring from it."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
PHOTOS = "photos"
DOCUMENTS = "documents"


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why."""


@dataclass(frozen=True)
class Summary:
    path: Path
    vendor: str
    photos: int
    documents: int = 0


def _postgres_env(alias: str) -> dict[str, str]:
    """libpq's variables for the database, so no password appears on a command line."""
    db = settings.DATABASES[alias]
    values = {
        "PGDATABASE": db.get("NAME"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed; it comes with PostgreSQL's client.")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _dump_database(folder: Path, alias: str) -> str:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        # SQLite's online backup copies a consistent snapshot while others keep writing.
        with sqlite3.connect(folder / SQLITE_FILE) as target:
            connection.connection.backup(target)
        target.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / POSTGRES_FILE)],
            _postgres_env(alias),
        )
        return POSTGRES_FILE
    raise BackupError(f"Backing up a {connection.vendor} database is not supported.")


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_file()) if root.is_dir() else []


def back_up(output: Path, alias: str = "default") -> Summary:
    """Write the database, every photo and every application document into a gzipped tar
    archive at `output`."""
    photos = _files(Path(settings.PHOTO_ROOT))
    documents = _files(Path(settings.DOCUMENT_ROOT))
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        database = _dump_database(folder, alias)
        manifest = {
            "format": FORMAT,
            "vendor": connections[alias].vendor,
            "created": timezone.now().isoformat(),
            "database": database,
            "photos": len(photos),
            "documents": len(documents),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
        # Patients' health and photos: only the owner may read the archive.
        partial = output.with_name(output.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(folder / MANIFEST, arcname=MANIFEST)
            archive.add(folder / database, arcname=database)
            for photo in photos:
                archive.add(photo, arcname=f"{PHOTOS}/{photo.name}")
            for document in documents:
                archive.add(document, arcname=f"{DOCUMENTS}/{document.name}")
        partial.replace(output)
    return Summary(output, connections[alias].vendor, len(photos), len(documents))


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError("This is not a Consilium backup: it has no readable manifest.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format ({manifest.get('format')}) is not one we read.")
    return dict(manifest)


def _unpack(archive_path: Path, folder: Path) -> None:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # The data filter refuses absolute paths, links out of the folder and devices.
            archive.extractall(folder, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {archive_path}: {error}") from error


def _restore_database(folder: Path, manifest: dict[str, Any], alias: str) -> None:
    connection = connections[alias]
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest.get('vendor')} database; "
            f"this site uses {connection.vendor}."
        )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / SQLITE_FILE) as source:
            # Page by page into the live database, under its write lock: readers see the
            # old data or the new, never a mix.
            source.backup(connection.connection)
        source.close()
        return
    connection.close()
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
         "--dbname", str(settings.DATABASES[alias]["NAME"]), str(folder / POSTGRES_FILE)],
        _postgres_env(alias),
    )  # fmt: skip


def _restore_files(source: Path, root: Path) -> int:
    """Make the folder `root` hold exactly the backup's files from `source`, owner-only."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    wanted = {p.name: p for p in source.iterdir()} if source.is_dir() else {}
    for present in root.iterdir():
        if present.is_file() and present.name not in wanted:
            present.unlink()
    for name, stored in wanted.items():
        target = root / name
        shutil.copyfile(stored, target)
        target.chmod(0o600)
    return len(wanted)


def restore(archive_path: Path, alias: str = "default") -> Summary:
    """Replace the database, the photos and the application documents with the archive's."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        _unpack(archive_path, folder)
        manifest = _read_manifest(folder)
        _restore_database(folder, manifest, alias)
        photos = _restore_files(folder / PHOTOS, Path(settings.PHOTO_ROOT))
        documents = _restore_files(folder / DOCUMENTS, Path(settings.DOCUMENT_ROOT))
    return Summary(archive_path, str(manifest["vendor"]), photos, documents)
