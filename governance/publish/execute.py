"""Run notebooks with papermill, and turn a failure into a message naming the cell.

A report kernel spends most of its life starting: the interpreter, pandas, DuckDB, altair and
vl-convert's JavaScript engine take longer than the report's own queries. `KernelSession`
therefore keeps one kernel per worker process and runs that worker's notebooks in it one after
another, resetting IPython's namespace between them (`reset(new_session=True)`: every variable
of the previous report is gone and execution counts start at 1 again; imported modules stay
loaded, which is the point). A notebook that fails or times out takes its kernel with it, so the
next one starts clean.

A kept kernel must not keep the database: DuckDB refuses a writer while any process has the
file open, even read-only, and a worker's kernel lives as long as the worker. After each
notebook the session closes the reports it opened (`close_open_reports` in
governance.reports.notebook): a kernel holds the database only while a notebook runs.

Workers start with `start_worker`: owner-only files, and death with the report process
(governance.publish.lifeline).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing.util
import os
import signal
from pathlib import Path

import papermill
from jupyter_client import BlockingKernelClient, KernelManager
from papermill.exceptions import PapermillExecutionError

from governance.errors import ReportError
from governance.publish import lifeline
from governance.reports.parameters import ReportParameters
from governance.store.connection import RUN_ENV, RunMark, owner_only_process

KERNEL_NAME = "governance"
DEFAULT_TIMEOUT_S = 600


def run_notebook(
    source: Path,
    target: Path,
    params: ReportParameters,
    *,
    kernel_name: str = KERNEL_NAME,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    log_path: Path | None = None,
    kernel: KernelManager | None = None,
) -> Path:
    """Execute `source` into `target`; cell output goes to `log_path` (papermill's log_output).

    `kernel`: a running kernel to execute in (see KernelSession); papermill starts and stops
    its own when None.
    """
    engine_options = {} if kernel is None else {"km": kernel}
    handler = None
    logger = logging.getLogger("papermill")
    if log_path is not None:
        handler = logging.FileHandler(log_path, encoding="utf-8")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=params.as_papermill(),
            kernel_name=kernel_name,
            execution_timeout=timeout_s,
            log_output=log_path is not None,
            progress_bar=False,
            cwd=str(source.parent),
            **engine_options,
        )
    except PapermillExecutionError as exc:
        raise ReportError(
            f"{source.name}: cell {exc.exec_count or exc.cell_index} failed with "
            f"{exc.ename}: {exc.evalue} (executed copy kept at {target})"
        ) from None
    except Exception as exc:  # kernel died, timeout, missing kernel...
        raise ReportError(f"{source.name}: {type(exc).__name__}: {exc}") from None
    finally:
        if handler is not None:
            logger.removeHandler(handler)
            handler.close()
    return target


RESET_NAMESPACE = "get_ipython().reset(new_session=True, aggressive=False)"
#: run in the kernel after each notebook; a notebook that never opened a report imports nothing
RELEASE_DATABASE = (
    "import sys as _sys\n"
    "_notebook = _sys.modules.get('governance.reports.notebook')\n"
    "if _notebook is not None:\n"
    "    _notebook.close_open_reports()\n"
    "del _sys, _notebook"
)


class KernelSession:
    """A kernel kept between notebooks; `run` is `run_notebook` in it, after a namespace reset."""

    def __init__(self, kernel_name: str = KERNEL_NAME) -> None:
        self.kernel_name = kernel_name
        self._kernel: KernelManager | None = None
        self._cwd: Path | None = None

    def run(
        self,
        source: Path,
        target: Path,
        params: ReportParameters,
        *,
        timeout_s: int = DEFAULT_TIMEOUT_S,
        log_path: Path | None = None,
    ) -> Path:
        kernel = self._ready(source.parent)
        try:
            executed = run_notebook(
                source,
                target,
                params,
                kernel_name=self.kernel_name,
                timeout_s=timeout_s,
                log_path=log_path,
                kernel=kernel,
            )
        except ReportError:
            self.close()  # a failed or interrupted kernel may hold half a report's state
            raise
        with contextlib.suppress(ReportError):  # then the kernel is closed, the database too
            self._execute(kernel, RELEASE_DATABASE, "release the database")
        return executed

    @property
    def kernel_pid(self) -> int | None:
        """The running kernel's process id (it leads its own process group)."""
        if self._kernel is None or self._kernel.provisioner is None:
            return None
        return getattr(self._kernel.provisioner, "pid", None)

    def _ready(self, cwd: Path) -> KernelManager:
        """The running kernel, reset; a new one when there is none or the folder changed."""
        if self._kernel is not None and (self._cwd != cwd or not self._kernel.is_alive()):
            self.close()
        if self._kernel is None:
            kernel = KernelManager(kernel_name=self.kernel_name)
            try:
                # killed by Linux when this thread's process dies, even by SIGKILL
                kernel.start_kernel(cwd=str(cwd), preexec_fn=lifeline.child_dies_with_this_thread())
            except Exception as exc:  # no such kernelspec, cannot spawn...
                raise ReportError(
                    f"kernel {self.kernel_name!r} did not start: {type(exc).__name__}: {exc}"
                ) from None
            self._kernel, self._cwd = kernel, cwd
            return kernel
        self._reset(self._kernel)
        return self._kernel

    def _reset(self, kernel: KernelManager) -> None:
        self._execute(kernel, RESET_NAMESPACE, "be reset between reports")

    def _execute(self, kernel: KernelManager, code: str, what: str) -> None:
        """Run `code` in the kernel, outside the notebook; a failure closes the kernel."""
        client = BlockingKernelClient()
        client.load_connection_info(kernel.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(code, store_history=False, timeout=60)
        except Exception as exc:  # timeout, dead kernel
            self.close()
            raise ReportError(
                f"kernel {self.kernel_name!r} could not {what}: {type(exc).__name__}: {exc}"
            ) from None
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            self.close()
            raise ReportError(f"kernel {self.kernel_name!r} could not {what}")

    def close(self) -> None:
        if self._kernel is not None:
            kernel, self._kernel = self._kernel, None
            kernel.shutdown_kernel(now=True)


_worker_session: KernelSession | None = None


def worker_session(kernel_name: str) -> KernelSession:
    """This process's kernel session, shut down when the process exits.

    For ProcessPoolExecutor workers: their exit runs multiprocessing's finalizers (not atexit),
    hence `Finalize` rather than `atexit.register`.
    """
    global _worker_session
    if _worker_session is None or _worker_session.kernel_name != kernel_name:
        if _worker_session is not None:
            _worker_session.close()
        _worker_session = KernelSession(kernel_name)
        multiprocessing.util.Finalize(_worker_session, _worker_session.close, exitpriority=10)
    return _worker_session


def start_worker(mark: str) -> None:
    """ProcessPoolExecutor initializer of a report worker of the run `mark` (a RunMark).

    The worker writes executed notebooks and logs that can show personal data: owner-only
    files. It dies with the fork server (its parent) and, should that outlive the report
    process, with the report process itself, killing its kernel first; its kernel carries
    the run's mark so that a later run can find it.
    """
    owner_only_process()
    os.environ[RUN_ENV] = mark  # inherited by the kernels this worker starts
    lifeline.die_with_parent()
    run = RunMark.parse(mark)
    if run is not None:
        lifeline.watch(run, _orphaned)


def _orphaned() -> None:
    """The report process is gone: nobody will read what this worker does."""
    pid = _worker_session.kernel_pid if _worker_session is not None else None
    if pid is not None:
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
    os._exit(1)
