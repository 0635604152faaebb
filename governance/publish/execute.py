"""Run notebooks with papermill, and turn a failure into a message naming the cell.

A report kernel spends most of its life starting: the interpreter, pandas, DuckDB, altair and
vl-convert's JavaScript engine take longer than the report's own queries. `KernelSession`
therefore keeps one kernel per worker process and runs that worker's notebooks in it one after
another, resetting IPython's namespace between them (`reset(new_session=True)`: every variable
of the previous report is gone and execution counts start at 1 again; imported modules stay
loaded, which is the point). A notebook that fails or times out takes its kernel with it, so the
next one starts clean.
"""

from __future__ import annotations

import logging
import multiprocessing.util
from pathlib import Path

import papermill
from jupyter_client import BlockingKernelClient, KernelManager
from papermill.exceptions import PapermillExecutionError

from governance.errors import ReportError
from governance.reports.parameters import ReportParameters

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
            return run_notebook(
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

    def _ready(self, cwd: Path) -> KernelManager:
        """The running kernel, reset; a new one when there is none or the folder changed."""
        if self._kernel is not None and (self._cwd != cwd or not self._kernel.is_alive()):
            self.close()
        if self._kernel is None:
            kernel = KernelManager(kernel_name=self.kernel_name)
            try:
                kernel.start_kernel(cwd=str(cwd))
            except Exception as exc:  # no such kernelspec, cannot spawn...
                raise ReportError(
                    f"kernel {self.kernel_name!r} did not start: {type(exc).__name__}: {exc}"
                ) from None
            self._kernel, self._cwd = kernel, cwd
            return kernel
        self._reset(self._kernel)
        return self._kernel

    def _reset(self, kernel: KernelManager) -> None:
        client = BlockingKernelClient()
        client.load_connection_info(kernel.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(RESET_NAMESPACE, store_history=False, timeout=60)
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            self.close()
            raise ReportError(f"kernel {self.kernel_name!r} could not be reset between reports")

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
