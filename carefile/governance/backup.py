"""Back up and restore the whole database: pg_dump / pg_restore for PostgreSQL, SQLite's online backup API
for SQLite. A backup is checked as soon as it is written; a restore replaces everything in one transaction
(PostgreSQL) or one backup step (SQLite), so a failed restore leaves the database as it was."""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    size: int


def _vendor(alias: str) -> str:
    return connections[alias].vendor


def _pg_command(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise BackupError(
            f"{tool} is not installed: install the PostgreSQL client tools (apt-get install postgresql-client)"
        )
    return found


def _pg_args(settings: dict) -> tuple[list[str], dict]:
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {detail[-1] if detail else f'exit status {result.returncode}'}")


def _sqlite_check(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            (status,) = db.execute("PRAGMA integrity_check").fetchone()
            has_migrations = db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from None
    if status != "ok":
        raise BackupError(f"{path} is damaged: SQLite integrity check says {status}")
    if not has_migrations:
        raise BackupError(f"{path} is not a Carefile database: it has no django_migrations table")


def database_backup(out: Path, *, alias: str = "default") -> BackupResult:
    """Write a backup of the whole database to `out`, then check it can be read back."""
    out = Path(out)
    if out.parent and not out.parent.exists():
        raise BackupError(f"The folder {out.parent} does not exist")
    connection = connections[alias]
    vendor = _vendor(alias)
    partial = out.with_name(out.name + ".partial")
    if vendor == "postgresql":
        settings = connection.settings_dict
        args, env = _pg_args(settings)
        _run(
            [
                _pg_command("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(partial),
                settings["NAME"],
            ],
            env,
            "pg_dump",
        )
        _run([_pg_command("pg_restore"), "--list", str(partial)], env, "Checking the backup")
    elif vendor == "sqlite":
        connection.ensure_connection()
        partial.unlink(missing_ok=True)
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        _sqlite_check(partial)
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported")
    os.replace(partial, out)  # only a complete, checked backup takes the name asked for
    return BackupResult(path=out, engine=vendor, size=out.stat().st_size)


def backup_engine(path: Path) -> str:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    raise BackupError(f"{path} is not a Carefile backup: neither a pg_dump file nor a SQLite database")


def database_restore(source: Path, *, alias: str = "default") -> str:
    """Replace everything in the database with the backup at `source`. Returns the database's name."""
    source = Path(source)
    engine = backup_engine(source)
    vendor = _vendor(alias)
    if engine != vendor:
        raise BackupError(
            f"{source} is a {engine} backup but the database is {vendor}: restore it into a {engine} database"
        )
    connection = connections[alias]
    settings = connection.settings_dict
    if vendor == "postgresql":
        args, env = _pg_args(settings)
        connection.close()  # our own connection must not hold locks on the tables being replaced
        _run(
            [
                _pg_command("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                settings["NAME"],
                str(source),
            ],
            env,
            "pg_restore",
        )
    else:
        _sqlite_check(source)
        connection.ensure_connection()
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    return str(settings["NAME"])
