"""The data directory: made private and given its secret key at start-up, never on import."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    """Where the database, the secret key and patients' photos live."""
    return Path(os.environ.get("CONSILIUM_DATA_DIR", "var")).resolve()


def _owner_only(path: Path, mode: int) -> None:
    """Take group and other permissions off a file or directory the app created earlier."""
    if path.exists() and path.stat().st_mode & 0o077:
        # A directory another account owns is left as it is: its owner chose its permissions.
        with contextlib.suppress(PermissionError):
            path.chmod(mode)


def prepare(directory: Path, *, sqlite_file: Path | None, secret_key_given: bool) -> None:
    """Create the data directory readable by the app's own account only, whatever the umask,
    with its static folder, the SQLite file (before SQLite opens it, since SQLite gives its
    -wal and -shm files the database file's permissions) and the secret key."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(directory, 0o700)
    (directory / "static").mkdir(exist_ok=True)
    if sqlite_file is not None:
        os.close(os.open(sqlite_file, os.O_WRONLY | os.O_CREAT, 0o600))
        _owner_only(sqlite_file, 0o600)
    if not secret_key_given:
        stored_secret_key(directory)


def stored_secret_key(directory: Path) -> str:
    """The key kept in the data directory, generated on first use so restarts keep sessions."""
    key_file = directory / "secret_key"
    if not key_file.exists():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process starting at the same moment wrote it
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()
