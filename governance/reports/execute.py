"""Run one notebook with papermill, and turn its failure into a message naming the cell."""

from __future__ import annotations

import logging
from pathlib import Path

import papermill
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
) -> Path:
    """Execute `source` into `target`; cell output goes to `log_path` (papermill's log_output)."""
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
