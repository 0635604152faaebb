"""The exception family of the suite.

Every error a user can cause is a `GovernanceError` whose message alone tells
them what to fix; the CLI prints that message as one line (the traceback only
with `--debug`) and exits with the subclass's exit code.
"""

from __future__ import annotations

from dataclasses import dataclass


class GovernanceError(Exception):
    """Base of every error the suite reports to a person."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, located as precisely as we can."""

    file: str
    location: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.location}: {self.reason}"
            if self.location
            else f"{where}: {self.reason}"
        )


class RegisterError(GovernanceError):
    """The register cannot be used; `problems` lists every fault found, not only the first."""

    exit_code = 3

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"the register has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class StoreError(GovernanceError):
    """The database cannot be opened, created or migrated."""

    exit_code = 4


class LoadError(GovernanceError):
    """An event file cannot be loaded at all; nothing from it was written."""

    exit_code = 5


class CheckError(GovernanceError):
    """A check cannot be found, parsed or run."""

    exit_code = 6


class ReportError(GovernanceError):
    """A report could not be produced or published."""

    exit_code = 7


class UsageError(GovernanceError):
    """Options that do not go together, or a choice that does not exist (a usage error)."""

    exit_code = 2
