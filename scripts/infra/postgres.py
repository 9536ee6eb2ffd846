"""A private PostgreSQL 15 cluster under a run directory, for tests and the local demo."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .ports import InfraError, pid_is_alive, read_pid, run, usable_port

PG_BIN = Path(os.environ.get("SYNCYARD_PG_BIN", "/usr/lib/postgresql/15/bin"))
# The migrations' role: owns the database, the schemas and the tables (R23).
ROLE = "syncyard"
PASSWORD = "syncyard"
# The services' role at run time: no owner of anything, so it can neither turn row-level
# security off nor drop a table; each service's migrations grant it DML on their schema.
RUNTIME_ROLE = "syncyard_app"
RUNTIME_PASSWORD = "syncyard_app"
DATABASE = "syncyard"
SERVER_OPTIONS = "-c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=32MB"
# Durability lives in a file postgresql.conf includes, not on the command line (which would
# win over any reload): a test session can make its fast cluster durable for the crash drills.
DURABILITY_FILE = "durability.conf"
DURABLE = "fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n"
# Only for test clusters that need speed and are never crashed: an acknowledged commit may be lost.
FAST = "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"


def _home(run_dir: Path) -> Path:
    return run_dir / "postgres"


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root, so drop to the `postgres` OS user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _prepare_home(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return
    shutil.chown(home, "postgres", "postgres")
    home.chmod(0o700)
    # The postgres user must be able to walk down to the data directory.
    for parent in home.parents:
        if parent == Path("/"):
            break
        if not parent.stat().st_mode & 0o001:
            parent.chmod(parent.stat().st_mode | 0o011)


def postgres_url(port: int, database: str = DATABASE) -> str:
    """The SQLAlchemy asyncpg URL of a database on a private node, as the migrations' role."""
    return f"postgresql+asyncpg://{ROLE}:{PASSWORD}@127.0.0.1:{port}/{database}"


def runtime_url(database_url: str) -> str:
    """The same database as the services' runtime role: for a URL of the migrations' role
    (what `start_postgres` returns); any other URL is returned as it is."""
    url = urlsplit(database_url)
    if url.username != ROLE:
        return database_url
    where = url.netloc.rpartition("@")[2]
    netloc = f"{RUNTIME_ROLE}:{RUNTIME_PASSWORD}@{where}"
    return urlunsplit((url.scheme, netloc, url.path, url.query, url.fragment))


def _running_port(home: Path) -> int | None:
    """The port of the cluster already running from `home`, if one is."""
    pid = read_pid(home / "data" / "postmaster.pid")
    port_file = home / "port"
    if pid is None or not pid_is_alive(pid) or not port_file.exists():
        return None
    return int(port_file.read_text())


def psql(run_dir: Path, sql: str, database: str = "postgres") -> str:
    """Run SQL as the superuser over the cluster's private socket; returns unaligned output."""
    home = _home(run_dir)
    port = int((home / "port").read_text())
    command = [str(PG_BIN / "psql"), "-h", str(home), "-p", str(port), "-U", "postgres"]
    command += ["-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql]
    return run(_as_postgres(command), timeout=60).stdout.strip()


def _ensure_role_and_database(run_dir: Path) -> None:
    role_exists = psql(run_dir, f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'")
    if not role_exists:
        psql(run_dir, f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
    runtime_exists = psql(run_dir, f"SELECT 1 FROM pg_roles WHERE rolname = '{RUNTIME_ROLE}'")
    if not runtime_exists:  # no CREATEDB, no BYPASSRLS, a member of no role
        psql(run_dir, f"CREATE ROLE {RUNTIME_ROLE} LOGIN PASSWORD '{RUNTIME_PASSWORD}'")
    db_exists = psql(run_dir, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'")
    if not db_exists:
        psql(run_dir, f"CREATE DATABASE {DATABASE} OWNER {ROLE}")


def _write_durability(data: Path, *, durable: bool) -> None:
    """Include the durability file from postgresql.conf (once) and write the wanted settings."""
    conf = data / "postgresql.conf"
    include = f"include_if_exists = '{DURABILITY_FILE}'\n"
    if include not in conf.read_text():
        with conf.open("a") as out:
            out.write(include)
    (data / DURABILITY_FILE).write_text(DURABLE if durable else FAST)
    if os.geteuid() == 0:
        shutil.chown(data / DURABILITY_FILE, "postgres", "postgres")


def set_durability(run_dir: Path, *, durable: bool) -> None:
    """Switch a running cluster's durability (fsync, synchronous_commit and full_page_writes
    all take a reload); made durable, a checkpoint puts what was written fast on disk."""
    data = _home(Path(run_dir).resolve()) / "data"
    _write_durability(data, durable=durable)
    psql(run_dir, "SELECT pg_reload_conf()")
    wanted = "on" if durable else "off"
    deadline = time.monotonic() + 10
    while psql(run_dir, "SHOW fsync") != wanted:  # the reload is signalled, not awaited
        if time.monotonic() > deadline:
            raise InfraError(f"fsync is still not {wanted} after a reload")
        time.sleep(0.05)
    if durable:
        psql(run_dir, "CHECKPOINT")


def _remove_stale_locks(home: Path) -> None:
    """A killed postmaster leaves lock files; PostgreSQL trusts them while its pid is a zombie."""
    pid = read_pid(home / "data" / "postmaster.pid")
    if pid is None or pid_is_alive(pid):
        return
    (home / "data" / "postmaster.pid").unlink(missing_ok=True)
    for lock in home.glob(".s.PGSQL.*"):
        lock.unlink(missing_ok=True)


def start_postgres(
    run_dir: Path, port: int = 0, *, same_port: bool = False, durable: bool = True
) -> str:
    """Start (or reuse) a private cluster in `run_dir`; returns the asyncpg URL of `syncyard`
    as the migrations' role (`runtime_url` gives the services' role, which it also makes).

    Durable (fsync and synchronous_commit on) unless `durable` is False: only test clusters
    that need speed and are never crashed may ask for that.

    An occupied `port` is replaced by a free one, so read the port from the URL. A cluster that
    ran before comes back on its own port (asked for no other port, or for that one), as does
    `port` with `same_port` (a drill restarting the cluster its clients know): PostgreSQL
    listens with SO_REUSEADDR, so the connections a stop or crash left (in TIME_WAIT) do not
    keep it out.
    """
    run_dir = Path(run_dir).resolve()
    home = _home(run_dir)
    already = _running_port(home)
    if already is not None and (port in (0, already)):
        _ensure_role_and_database(run_dir)
        settings = home / "data" / DURABILITY_FILE
        if not settings.exists() or settings.read_text() != (DURABLE if durable else FAST):
            set_durability(run_dir, durable=durable)
        return postgres_url(already)
    if already is not None:
        stop_postgres(run_dir)
    _prepare_home(home)
    data = home / "data"
    if not (data / "PG_VERSION").exists():
        initdb = [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8"]
        initdb += ["--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"]
        run(_as_postgres(initdb), timeout=180)
    _remove_stale_locks(home)
    _write_durability(data, durable=durable)
    known = int((home / "port").read_text()) if (home / "port").exists() else 0
    if known and port in (0, known):
        port, same_port = known, True
    port = port if same_port and port else usable_port(port)
    options = f"-p {port} -k {home} {SERVER_OPTIONS}"
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options]
    pg_ctl += ["-l", str(home / "postgres.log"), "-w", "-t", "90", "start"]
    try:
        run(_as_postgres(pg_ctl), timeout=120)
    except InfraError as error:
        log = home / "postgres.log"
        tail = log.read_text()[-2000:] if log.exists() else ""
        raise InfraError(f"{error}\n--- postgres.log ---\n{tail}") from error
    (home / "port").write_text(str(port))
    _ensure_role_and_database(run_dir)
    return postgres_url(port)


def stop_postgres(run_dir: Path) -> None:
    """Stop the cluster of `run_dir` (fast shutdown); a no-op when none runs."""
    data = _home(Path(run_dir).resolve()) / "data"
    pid = read_pid(data / "postmaster.pid")
    if pid is None or not pid_is_alive(pid):
        return
    command = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "60", "stop"]
    run(_as_postgres(command), timeout=90)
