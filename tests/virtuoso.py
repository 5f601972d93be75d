"""A throwaway Virtuoso Open Source 7 server for the remote-SPARQL tests.

`VirtuosoServer(folder).start()` writes a minimal ini into `folder` (database, log and lock files
there too) and starts `virtuoso-t +configfile virtuoso.ini +foreground` listening on 127.0.0.1 only,
on two free ports; `wait()` blocks (bounded) until its SPARQL endpoint answers; `stop()` ends it.
`running_virtuoso(folder)` does all three around a `with` block. A fresh database answers in about
7-12 s. The account is Virtuoso's default `dba`/`dba`; queries at `/sparql`, SPARQL Update with HTTP
digest authentication at `/sparql-auth`.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

USER, PASSWORD = "dba", "dba"
READY_TIMEOUT = 60.0  # seconds; a fresh database is usually ready in about 12 s

_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 500M
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK { }", "format": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class VirtuosoServer:
    """`start()` returns at once (build the data meanwhile); `wait()` blocks until it answers; `stop()`."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).resolve()
        self.process: subprocess.Popen | None = None
        self.url = ""

    @property
    def query_endpoint(self) -> str:
        return f"{self.url}/sparql"

    @property
    def update_endpoint(self) -> str:  # SPARQL Update, HTTP digest authentication
        return f"{self.url}/sparql-auth"

    def start(self) -> VirtuosoServer:
        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise RuntimeError(
                "virtuoso-t not found: the remote SPARQL tests need Virtuoso Open Source 7; "
                "install it with `apt-get install virtuoso-opensource`"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        sql_port, http_port = free_port(), free_port()
        while http_port == sql_port:
            http_port = free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(d=self.folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
        self.url = f"http://127.0.0.1:{http_port}"
        with open(self.folder / "stdout.log", "wb") as out:
            self.process = subprocess.Popen(
                [binary, "+configfile", str(ini), "+foreground"],
                cwd=self.folder, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self._started = time.monotonic()
        return self

    def wait(self, timeout: float = READY_TIMEOUT) -> str:
        """Block until the SPARQL endpoint answers (at most `timeout` s after `start`); the base URL."""
        assert self.process is not None, "start() first"
        deadline = self._started + timeout
        while not _answers(self.url):
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with status {self.process.returncode}: {_tail(self.folder)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso did not answer on {self.url}/sparql within {timeout:.0f} s: {_tail(self.folder)}")
            time.sleep(0.25)
        return self.url

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@contextlib.contextmanager
def running_virtuoso(folder: str | Path, timeout: float = READY_TIMEOUT) -> Iterator[str]:
    """Start Virtuoso with its database in `folder`; yield its base URL once it answers; stop it afterwards."""
    server = VirtuosoServer(folder).start()
    try:
        yield server.wait(timeout)
    finally:
        server.stop()


def _tail(folder: Path, lines: int = 5) -> str:
    for name in ("virtuoso.log", "stdout.log"):
        path = folder / name
        if path.is_file() and path.stat().st_size:
            return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])
    return "no log"
