"""A throwaway PostgreSQL server for test suites (stdlib only; the db helpers import psycopg)."""
from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

# Durability off: a test server's data is thrown away anyway.
SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
            "max_connections": "200", "listen_addresses": "'127.0.0.1'"}


class ClusterError(RuntimeError):
    """A throwaway cluster could not be set up; the message says why."""


def find_bindir() -> Path | None:
    """Return the folder holding initdb/pg_ctl/postgres, or None if there is none."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    dirs = glob.glob("/usr/lib/postgresql/*/bin")  # Debian/Ubuntu; newest major version first
    dirs.sort(key=lambda d: [int(n) for n in re.findall(r"\d+", Path(d).parent.name)], reverse=True)
    for d in dirs:
        if (Path(d) / "initdb").exists():
            return Path(d)
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).resolve().parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _temp_base() -> str | None:
    # On tmpfs, CREATE DATABASE runs 2-10x faster than on disk; skip a small (Docker: 64 MB) one.
    if os.environ.get("PGSERVER_TMPDIR"):
        return os.environ["PGSERVER_TMPDIR"]
    shm = "/dev/shm"
    ok = os.path.isdir(shm) and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2**30
    return shm if ok else None


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, on 127.0.0.1 and a private Unix socket."""

    host, locale = "127.0.0.1", "C.UTF-8"

    def __init__(self, bindir: Path | None = None):
        self.bindir, self.dir, self.port = bindir, None, None
        self.user: str | None = None  # as root: the user that initdb and pg_ctl run as

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the 'postgres' database."""
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/postgres"

    def _run(self, *args) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self.user and shutil.which("runuser"):
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        elif self.user:
            cmd = ["su", self.user, "-s", "/bin/sh", "-c", shlex.join(cmd)]
        return subprocess.run(cmd, cwd=self.dir, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120)

    def start(self) -> ThrowawayCluster:
        """Create the cluster, start the server and wait until it accepts connections."""
        bindir = self.bindir = self.bindir or find_bindir()
        if not bindir or not (bindir / "initdb").exists():
            raise ClusterError(f"PostgreSQL server binaries not found in {bindir} (set PG_BINDIR)")
        self.dir = Path(tempfile.mkdtemp(prefix="pgtest-", dir=_temp_base()))
        atexit.register(self.stop)
        if os.geteuid() == 0:  # initdb refuses to run as root
            users = {p.pw_name: p for p in pwd.getpwall()}
            pw = users.get("postgres") or users.get("nobody")  # Debian's package makes 'postgres'
            if pw is None:
                raise ClusterError("running as root, and no 'postgres' or 'nobody' user")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.user = pw.pw_name
        data, log = self.dir / "data", self.dir / "server.log"
        initdb = [bindir / "initdb", "-D", data, "-A", "trust", "-U", "postgres",
                  "--encoding=UTF8", "--no-sync"]
        res = self._run(*initdb, f"--locale={self.locale}")
        if res.returncode and "locale" in res.stderr.lower():
            shutil.rmtree(data, ignore_errors=True)
            res = self._run(*initdb, "--no-locale")
        if res.returncode:
            raise ClusterError(f"initdb failed: {_last_line(res.stderr or res.stdout)}")
        with open(data / "postgresql.conf", "a") as conf:  # appending keeps the file's owner
            conf.write("\nunix_socket_directories = '%s'\n" % str(self.dir).replace("'", "''"))
            conf.writelines(f"{k} = {v}\n" for k, v in SETTINGS.items())
        for _ in range(3):  # another process may take the free port before the server binds it
            self.port = _free_port()
            res = self._run(bindir / "pg_ctl", "start", "-w", "-D", data, "-l", log,
                            "-o", f"-p {self.port}")
            if res.returncode == 0:
                return self
            logtext = log.read_text(errors="replace") if log.exists() else ""
            if "already in use" not in logtext:
                break
        raise ClusterError(f"pg_ctl start failed: {_last_line(logtext or res.stderr)}")

    def stop(self) -> None:
        """Stop the server (immediate mode) and remove its folder; safe to call twice."""
        if self.dir is None:
            return
        data = self.dir / "data"
        if (data / "postmaster.pid").exists():
            self._run(self.bindir / "pg_ctl", "stop", "-m", "immediate", "-w", "-D", data)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = self.port = None
        atexit.unregister(self.stop)

    def __enter__(self) -> ThrowawayCluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _last_line(text: str) -> str:
    return (text.strip().splitlines() or ["(no output)"])[-1]


class ExternalServer:
    """A server given by TEST_DATABASE_URL: nothing to start or stop."""

    def __init__(self, url: str):
        self.url, parts = url, urlsplit(url)
        self.host, self.port = parts.hostname, parts.port

    def stop(self) -> None:
        """Do nothing: the server is not ours."""


def start_or_skip_reason() -> tuple[ThrowawayCluster | ExternalServer | None, str | None]:
    """Return (server, None), honouring TEST_DATABASE_URL, or (None, why none could start)."""
    if os.environ.get("TEST_DATABASE_URL"):
        return ExternalServer(os.environ["TEST_DATABASE_URL"]), None
    cluster = ThrowawayCluster()
    try:
        return cluster.start(), None
    except (ClusterError, OSError, subprocess.SubprocessError) as exc:
        cluster.stop()
        return None, f"no PostgreSQL for tests: {exc}"


def libpq_url(url: str) -> str:
    """Strip SQLAlchemy's '+driver' part so that psycopg/libpq accept the URL."""
    return re.sub(r"^(\w+)\+\w+://", r"\1://", url)


def url_for_database(url: str, name: str) -> str:
    """Return the same server's URL, pointing at database `name`."""
    return urlsplit(url)._replace(path="/" + name).geturl()


def create_database(url: str, name: str, template: str | None = None,
                    strategy: str | None = "FILE_COPY") -> None:
    """CREATE DATABASE name [TEMPLATE template [STRATEGY strategy, on PostgreSQL 15+]]."""
    import psycopg
    from psycopg import sql
    query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            if strategy and conn.info.server_version >= 150000:  # FILE_COPY: faster for small dbs
                if strategy.upper() not in ("FILE_COPY", "WAL_LOG"):
                    raise ValueError(f"unknown strategy {strategy!r}")
                query += sql.SQL(" STRATEGY " + strategy.upper())
        conn.execute(query)


def drop_database(url: str, name: str) -> None:
    """DROP DATABASE IF EXISTS name, ending its open connections (PostgreSQL 13+)."""
    import psycopg
    from psycopg import sql
    query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute(query)
