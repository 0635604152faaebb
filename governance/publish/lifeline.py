"""A report run's processes die with it, and what a killed run left behind is found and stopped.

`governance report` starts a fork server, the fork server the workers, each worker a kernel
(in a session of its own: jupyter_client starts kernels with `start_new_session`, so that an
interrupt reaches a kernel's whole process group and not the terminal's). A `kill -9` of the
report process reaches none of them, and none of them notices on its own:
  * the fork server exits when its "alive" pipe reaches EOF, but every worker holds a copy of
    the pipe's write end (so that it could start processes itself);
  * a worker waits on its call queue, whose write end it holds too;
  * a kernel exits when its parent changes (ipykernel's ParentPollerUnix, armed by the
    JPY_PARENT_PID that jupyter_client's launcher sets to the worker's pid), which a live
    worker never gives it a reason to do.
Reported: a killed report's workers and kernels still ran 12 minutes later, the kernels holding
the database; seen here: all six processes of a two-notebook run still there a minute after the
kill, and every load exiting 4. Hence, from the report process down:
  1. the fork server and each worker ask Linux for SIGKILL when their parent dies
     (`prctl(PR_SET_PDEATHSIG)`): the fork server's parent is the report process (it is
     armed when it imports this module as a preload module), a worker's is the fork server,
     a kernel's is its worker (`child_dies_with_this_thread`, when the worker starts it);
  2. each worker also watches the report process itself (a pidfd), in case the fork server
     was started before, without this module: it kills its kernel's process group and exits;
  3. ipykernel's own poller is a last resort only: it exits within a second of its parent
     changing, but a kernel whose worker died while it was starting watches for pid 1 alone to
     adopt it, which never happens under a subreaper (systemd --user, a container's init);
  4. every process of the run carries `GOVERNANCE_RUN=report:<pid>:<start>` in its
     environment, and the archive lock records the same mark: a later run that finds the
     lock's holder dead stops whatever still carries its mark (`leftovers`, `stop`).
Linux only (prctl, pidfd, /proc); elsewhere these do nothing and the lock message stays.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator

from governance.store.connection import RUN_ENV, RunMark, process_start, running_marks

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _prctl() -> Callable[..., int] | None:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return None


def die_with_parent(sig: signal.Signals = signal.SIGKILL) -> bool:
    """Have Linux send `sig` to this process when its parent exits; False where unsupported.

    Linux ties this to the parent *thread* that forked us: the fork server forks from its
    main thread, and the report process starts the fork server from the thread that runs
    `build_reports`, which outlives the run.
    """
    prctl = _prctl()
    return prctl is not None and prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0


def child_dies_with_this_thread() -> Callable[[], None]:
    """A `preexec_fn` for subprocess.Popen: the child gets SIGKILL when the thread starting it
    ends (with its process, or on its own), and does not start at all when that already
    happened. For a kernel a worker starts from its main thread: its only thread that lasts.

    The function is resolved here, before the fork: the child only calls it.
    """
    parent = os.getpid()
    prctl = _prctl()

    def arm() -> None:
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arm


@contextlib.contextmanager
def marked(mark: RunMark) -> Iterator[None]:
    """Processes started inside the block carry `mark` in their environment."""
    previous = os.environ.get(RUN_ENV)
    os.environ[RUN_ENV] = str(mark)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(RUN_ENV, None)
        else:
            os.environ[RUN_ENV] = previous


def watch(mark: RunMark, on_death: Callable[[], None]) -> threading.Thread:
    """Call `on_death` (on a daemon thread) as soon as the run's process has exited."""

    def wait() -> None:
        try:
            handle = os.pidfd_open(mark.pid)
        except (OSError, AttributeError):
            handle = None
        try:
            if handle is not None and mark.alive():  # the pidfd is the run's process
                select.select([handle], [], [])
            else:
                while mark.alive():
                    time.sleep(0.5)
        finally:
            if handle is not None:
                os.close(handle)
        on_death()

    thread = threading.Thread(target=wait, name="governance-lifeline", daemon=True)
    thread.start()
    return thread


def leftovers(mark: RunMark) -> list[int]:
    """Processes other than this one that carry `mark` (the run's fork server, workers,
    kernels); only those we may signal, i.e. ours, can be read."""
    return sorted(
        pid for pid, found in running_marks().items() if found == mark and pid != os.getpid()
    )


def stop(pids: list[int], timeout_s: float = 10.0) -> list[int]:
    """SIGKILL `pids` (a kernel with the process group it leads) and wait until they are gone;
    returns those still there after `timeout_s`."""
    started = {pid: process_start(pid) for pid in pids}
    for pid in pids:
        with contextlib.suppress(OSError):
            if os.getpgid(pid) == pid:
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout_s
    remaining = list(pids)
    while remaining and time.monotonic() < deadline:
        remaining = [p for p in remaining if started[p] and process_start(p) == started[p]]
        if remaining:
            time.sleep(0.05)
    return remaining


def _arm_fork_server() -> None:
    """Run on import: in the fork server of a report run, die with the report process.

    The report process names the fork server's preload modules, this one first, and marks
    its environment before starting it; no other process imports this module as a direct
    child of the process its mark names.
    """
    mark = RunMark.parse(os.environ.get(RUN_ENV))
    if mark is None or os.getppid() != mark.pid:
        return
    die_with_parent()
    if not mark.alive():  # died before we asked: no signal will come
        os._exit(1)


_arm_fork_server()
