"""explore.ipynb through a real Jupyter server: loopback, a token, the `governance` kernelspec.

The test talks to the server as JupyterLab does: REST to start a kernel from the kernelspec,
then execute requests over the kernel's websocket, collecting what comes back on iopub. It
runs the notebook's code cells in order, then moves a widget from Python in that same kernel.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
import websocket
from explore_helpers import explore_database

from governance.store import connect

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    token: str

    def request(self, method: str, path: str, body: dict | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else None


@dataclass
class Reply:
    status: str
    outputs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [f"{o['ename']}: {o['evalue']}" for o in self.outputs if o["msg_type"] == "error"]

    def data(self, mime: str) -> list[Any]:
        return [o["data"][mime] for o in self.outputs if mime in o.get("data", {})]

    @property
    def text(self) -> str:
        return "".join(o["text"] for o in self.outputs if o["msg_type"] == "stream")


class Kernel:
    """One kernel of the server, driven over its websocket channel."""

    def __init__(self, server: Server, kernel_id: str):
        url = server.url.replace("http://", "ws://")
        self.ws = websocket.create_connection(
            f"{url}/api/kernels/{kernel_id}/channels",
            header=[f"Authorization: token {server.token}"],
            timeout=120,
        )
        self.session = uuid.uuid4().hex

    def execute(self, code: str) -> Reply:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "session": self.session,
                        "username": "test",
                        "version": "5.3",
                        "date": dt.datetime.now(dt.UTC).isoformat(),
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        reply, idle = None, False
        outputs: list[dict[str, Any]] = []
        while reply is None or not idle:
            message = json.loads(self.ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["msg_type"]
            if message["channel"] == "shell" and kind == "execute_reply":
                reply = message["content"]["status"]
            elif kind == "status" and message["content"]["execution_state"] == "idle":
                idle = True
            elif kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append({"msg_type": kind, **message["content"]})
        return Reply(reply, outputs)

    def close(self) -> None:
        self.ws.close()


@pytest.fixture(scope="module")
def explore_db(tmp_path_factory: pytest.TempPathFactory, sample_events_db: Path) -> Path:
    return explore_database(tmp_path_factory, sample_events_db)


@pytest.fixture(scope="module")
def server(explore_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`jupyter server` from this venv on 127.0.0.1, a random port and token, no browser."""
    port, token = free_port(), secrets.token_hex(16)
    runtime = tmp_path_factory.mktemp("jupyter_runtime")
    command = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = {**os.environ, "GOVERNANCE_DB": str(explore_db), "JUPYTER_RUNTIME_DIR": str(runtime)}
    log = (runtime / "server.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    live = Server(f"http://127.0.0.1:{port}", token)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                live.request("GET", "/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"jupyter server did not start: {(runtime / 'server.log').read_text()}"
                    )
                time.sleep(0.2)
        yield live
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def kernel(server: Server) -> Iterator[Kernel]:
    specs = server.request("GET", "/api/kernelspecs")
    assert "governance" in specs["kernelspecs"]
    started = server.request("POST", "/api/kernels", {"name": "governance"})
    assert started["name"] == "governance"
    connection = Kernel(server, started["id"])
    try:
        yield connection
    finally:
        connection.close()
        server.request("DELETE", f"/api/kernels/{started['id']}")


def test_explore_notebook_is_committed_without_outputs_with_its_parameters_cell() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata.kernelspec["name"] == "governance"
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    tagged = [cell for cell in nb.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is code[0]
    assert "db_path = None" in tagged[0].source  # the setup cell: default_database()


def test_explore_notebook_runs_on_the_server_with_its_widgets_and_sql(
    kernel: Kernel, explore_db: Path
) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    replies = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            replies[cell.id] = reply = kernel.execute(cell.source)
            assert reply.errors == [] and reply.status == "ok", f"cell {cell.id}: {reply.errors}"

    check_db = kernel.execute("print(db_path)")
    assert check_db.text.strip() == str(explore_db)  # GOVERNANCE_DB reached the kernel
    for cell_id in ("consents-show", "findings-show", "queues-show"):
        assert replies[cell_id].data(WIDGET_VIEW), f"{cell_id} shows no widget"

    con = connect(explore_db, read_only=True)
    try:
        valid = dict(
            con.execute(
                "SELECT purpose_id, count(*) FILTER (WHERE valid) FROM consent_state("
                "(SELECT max(occurred_at) FROM consent_events)) GROUP BY ALL"
            ).fetchall()
        )
    finally:
        con.close()
    table = "".join(replies["sql-consent-state"].data("text/html"))
    for purpose, count in valid.items():
        assert f"<td>{purpose}</td>" in table and f"<td>{count}</td>" in table
    composed = "".join(replies["sql-compose"].data("text/html"))  # reads the saved query
    assert "<td>grant</td>" in composed
    assert "consent_now" in "".join(replies["sql-pandas"].data("text/html"))
    frame = "".join(replies["duckdb-consent-state"].data("text/html"))
    assert "email_marketing" in frame and "valid_consents" in frame


def test_a_widget_moved_in_the_served_kernel_redraws(kernel: Kernel, explore_db: Path) -> None:
    kernel.execute(  # on its own (-k), this test makes the explorer the notebook would have
        "if 'consents' not in globals():\n"
        "    import os\n"
        "    from governance.explore import ConsentExplorer, open_database\n"
        "    consents = ConsentExplorer(open_database(os.environ['GOVERNANCE_DB']))"
    )
    moved = kernel.execute(
        "consents.purpose.value = 'cookies'\n"
        "print(consents.error, consents.frame['valid_at_end'].iloc[-1], "
        "'<svg' in consents.output.value, 'cookies' in consents.output.value)"
    )
    assert moved.errors == []
    error, last, has_chart, names_purpose = moved.text.split()
    end = kernel.execute("print(consents.frame['bucket_end'].iloc[-1].isoformat())").text.strip()
    con = connect(explore_db, read_only=True)
    try:
        expected = con.execute(
            "SELECT count(*) FROM consent_state(?::TIMESTAMPTZ - INTERVAL 1 MICROSECOND) "
            "WHERE purpose_id = 'cookies' AND valid",
            [end],
        ).fetchall()[0][0]
    finally:
        con.close()
    assert (error, int(last), has_chart, names_purpose) == ("None", expected, "True", "True")
