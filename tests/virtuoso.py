"""A throwaway Virtuoso Open Source 7 server for the remote-SPARQL tests.

`running_virtuoso(folder)` writes a minimal ini into `folder` (database, log and lock files there too),
starts `virtuoso-t +configfile virtuoso.ini +foreground` listening on 127.0.0.1 only, on two free
ports, waits (bounded) until its SPARQL endpoint answers, yields its base URL
(`http://127.0.0.1:PORT`) and stops the server on exit. The account is Virtuoso's default `dba`/`dba`.
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


@contextlib.contextmanager
def running_virtuoso(folder: str | Path, timeout: float = READY_TIMEOUT) -> Iterator[str]:
    """Start Virtuoso with its database in `folder`; yield its base URL; stop it afterwards."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError(
            "virtuoso-t not found: the remote SPARQL tests need Virtuoso Open Source 7; "
            "install it with `apt-get install virtuoso-opensource`"
        )
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(d=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    url = f"http://127.0.0.1:{http_port}"
    with open(folder / "stdout.log", "wb") as out:
        process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + timeout
        while not _answers(url):
            if process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with status {process.returncode}: {_tail(folder)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso did not answer on {url}/sparql within {timeout:.0f} s: {_tail(folder)}")
            time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _tail(folder: Path, lines: int = 5) -> str:
    for name in ("virtuoso.log", "stdout.log"):
        path = folder / name
        if path.is_file() and path.stat().st_size:
            return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])
    return "no log"
