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

No kernel to install by hand: `kernel_specs` finds the `governance` kernelspec and, when there
is none, installs one into the running environment (`sys.prefix`, this interpreter), saying so
in one line on stderr; when that prefix is not writable it writes the kernelspec into a private
temporary folder searched first, so kernels still start from this interpreter. Every kernel
(`new_kernel`) talks to this process over loopback IPC sockets in a private folder, not TCP:
nothing on the network, and no ipykernel warning about unencrypted TCP on stderr.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import multiprocessing.util
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

import papermill
from jupyter_client import BlockingKernelClient, KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from papermill.exceptions import PapermillExecutionError

from governance.errors import ReportError
from governance.publish import lifeline
from governance.reports.parameters import ReportParameters
from governance.store.connection import RUN_ENV, RunMark, owner_only_process

KERNEL_NAME = "governance"
KERNEL_DISPLAY_NAME = "Python (governance)"
DEFAULT_TIMEOUT_S = 600

#: per process and kernel name: the kernelspec manager that finds the kernel
_spec_managers: dict[str, KernelSpecManager] = {}


def kernel_specs(kernel_name: str = KERNEL_NAME) -> KernelSpecManager:
    """A KernelSpecManager that finds `kernel_name`.

    The `governance` kernel is installed when missing: into `sys.prefix` (pointing at this
    interpreter, one line on stderr), or, when the prefix is not writable, into a private
    temporary folder put first on the search path. Other kernel names are looked up only.
    """
    manager = _spec_managers.get(kernel_name)
    if manager is None:
        manager = KernelSpecManager()
        if kernel_name == KERNEL_NAME and kernel_name not in manager.find_kernel_specs():
            manager = _provide_kernelspec(kernel_name)
        _spec_managers[kernel_name] = manager
    return manager


def _provide_kernelspec(kernel_name: str) -> KernelSpecManager:
    # report workers start together: one installs, the others find its kernelspec
    lock_path = Path(tempfile.gettempdir()) / f"governance-kernelspec-{os.getuid()}.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        manager = KernelSpecManager()
        if kernel_name in manager.find_kernel_specs():
            return manager
        from ipykernel.kernelspec import install, write_kernel_spec

        try:
            folder = install(
                kernel_name=kernel_name, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix
            )
        except OSError:
            private = Path(tempfile.mkdtemp(prefix="governance-kernels-"))
            multiprocessing.util.Finalize(
                None,
                shutil.rmtree,
                args=(private,),
                kwargs={"ignore_errors": True},
                exitpriority=0,
            )
            write_kernel_spec(
                private / kernel_name, overrides={"display_name": KERNEL_DISPLAY_NAME}
            )
            print(
                f"kernel '{kernel_name}' is not installed and {sys.prefix} is not writable: "
                f"running report kernels from {sys.executable}",
                file=sys.stderr,
            )
            return KernelSpecManager(kernel_dirs=[str(private), *manager.kernel_dirs])
        print(
            f"installed the Jupyter kernel '{kernel_name}' ({sys.executable}) in {folder}",
            file=sys.stderr,
        )
        manager = KernelSpecManager()
        if kernel_name not in manager.find_kernel_specs():  # the prefix is not searched
            manager = KernelSpecManager(
                kernel_dirs=[str(Path(folder).parent), *manager.kernel_dirs]
            )
        return manager


def new_kernel(kernel_name: str = KERNEL_NAME) -> KernelManager:
    """A kernel manager (not started) for `kernel_name` over IPC sockets in a private folder.

    `close_kernel` shuts the kernel down and removes the folder.
    """
    folder = tempfile.mkdtemp(prefix="governance-kernel-")  # 0700: only this user connects
    return KernelManager(
        kernel_name=kernel_name,
        kernel_spec_manager=kernel_specs(kernel_name),
        transport="ipc",
        ip=os.path.join(folder, "ipc"),
        connection_file=os.path.join(folder, "connection.json"),
    )


def close_kernel(kernel: KernelManager) -> None:
    """Shut `kernel` down (if it runs) and remove its sockets' folder."""
    try:
        if kernel.has_kernel:
            kernel.shutdown_kernel(now=True)
        else:
            kernel.cleanup_resources()
    finally:
        if kernel.transport == "ipc":
            shutil.rmtree(os.path.dirname(kernel.ip), ignore_errors=True)


def start_kernel(kernel_name: str, cwd: Path) -> KernelManager:
    """A started kernel (see new_kernel) that dies with this thread's process."""
    try:
        kernel = new_kernel(kernel_name)
    except Exception as exc:
        raise ReportError(
            f"kernel {kernel_name!r} is not available: {type(exc).__name__}: {exc}"
        ) from None
    try:
        # killed by Linux when this thread's process dies, even by SIGKILL
        kernel.start_kernel(cwd=str(cwd), preexec_fn=lifeline.child_dies_with_this_thread())
    except Exception as exc:  # no such kernelspec, cannot spawn...
        close_kernel(kernel)
        raise ReportError(
            f"kernel {kernel_name!r} did not start: {type(exc).__name__}: {exc}"
        ) from None
    return kernel


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

    `kernel`: a running kernel to execute in (see KernelSession); when None, one is started
    for this notebook (start_kernel: IPC, the kernelspec installed if missing) and stopped.
    """
    if kernel is None:
        own = start_kernel(kernel_name, source.parent)
        try:
            return run_notebook(
                source,
                target,
                params,
                kernel_name=kernel_name,
                timeout_s=timeout_s,
                log_path=log_path,
                kernel=own,
            )
        finally:
            close_kernel(own)
    engine_options = {"km": kernel}
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
            kernel = start_kernel(self.kernel_name, cwd)
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
            close_kernel(kernel)


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
