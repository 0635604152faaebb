"""Every command's wrong usage (exit 2) and missing database (exit 4), through the real CLI.

README, "Exit codes": 2 wrong usage (an unknown severity, framework, check, notebook, kind or
period, a count below 1, options that do not go together); 4 the database cannot be opened.
A database path that does not exist is refused before anything is created: no file, no folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli

# (command line, exit code, fragment of stderr). {db}: the shared sample database (never
# written: every case fails before opening it to write); {tmp}: this case's own folder.
USAGE = [
    (["init", "{tmp}/new.duckdb"], 2, "Missing option '--register'"),
    (["import-fides", "{tmp}"], 2, "Missing option '--out'"),
    (["ropa", "{db}", "--format", "pdf"], 2, "choose csv, xlsx or html"),
    (["policy", "{db}", "--framework", "eu"], 2, "unknown framework 'eu' (choose kz or gdpr)"),
    (["policy", "{db}", "--publish", "--diff", "1.0", "2.0"], 2, "do not go together"),
    (["demo", "--out", "{tmp}/demo", "--period", "2026-13"], 2, "month 13 does not exist"),
    (["demo", "--out", "{tmp}/demo", "--sample"], 2, "requires an argument"),
    (["report", "{db}", "--notebook", "nope"], 2, "unknown report notebook(s) nope"),
    (["report", "{db}", "--min-cell", "0"], 2, "'--min-cell'"),
    (["report", "{db}", "--jobs", "0"], 2, "'--jobs'"),
    (["report", "{db}", "--framework", "eu"], 2, "unknown framework 'eu'"),
    (["report", "{db}", "--period", "2026-13"], 2, "month 13 does not exist"),
    (["check", "{db}", "--fail-on", "severe"], 2, "unknown severity 'severe'"),
    (["check", "{db}", "--framework", "eu"], 2, "unknown framework 'eu'"),
    (["check", "{db}", "--check", "consent.nope"], 2, "unknown check 'consent.nope'"),
    (["check", "{db}", "--engine", "flink"], 2, "unknown engine 'flink'"),
    (["check", "{db}", "--period", "2026-13"], 2, "month 13 does not exist"),
    (["check", "{db}", "--format", "xml"], 2, "choose table, json or csv"),
    (["findings", "{db}", "--severity", "severe"], 2, "unknown severity 'severe'"),
    (["findings", "{db}", "--framework", "eu"], 2, "unknown framework 'eu'"),
    (["findings", "{db}", "--check", "consent.nope"], 2, "unknown check 'consent.nope'"),
    (["findings", "{db}", "--run", "0"], 2, "'--run'"),
    (["findings", "{db}", "--run", "1", "--period", "2026-10"], 2, "do not go together"),
    (["findings", "{db}", "--run", "99"], 2, "there is no check run 99"),
    (["findings", "{db}"], 2, "nothing was checked under framework kz"),
    (["findings", "{db}", "--format", "xml"], 2, "choose table, json or csv"),
    (["export", "{db}"], 2, "Missing argument"),
    (["load", "{db}", "{tmp}/subjects.csv", "--kind", "bogus"], 2, "unknown kind 'bogus'"),
    (["verify", "{db}", "extra"], 2, "unexpected extra argument"),
    (["erase", "{db}"], 2, "Missing argument"),
    (["subject", "{db}", "S-000001"], 2, "Missing option '--out'"),
    (["generate", "--out", "{tmp}/events", "--scale", "huge"], 2, "scale must be"),
]

#: every command that takes DB and does not create it: a missing one is exit 4, nothing made
MISSING = [
    ["ropa", "{missing}"],
    ["policy", "{missing}"],
    ["policy", "{missing}", "--publish"],
    ["report", "{missing}", "--period", "2026-10", "--out", "{tmp}/reports"],
    ["check", "{missing}", "--period", "2026-10"],
    ["findings", "{missing}"],
    ["export", "{missing}", "{tmp}/lake"],
    ["load", "{missing}", "{tmp}/subjects.csv"],
    ["verify", "{missing}"],
    ["erase", "{missing}", "S-000001"],
    ["subject", "{missing}", "S-000001", "--out", "{tmp}/package"],
]

#: commands that take no DB, or create it: nothing to refuse when it is absent
MAKES_OR_NEEDS_NO_DB = {"init", "import-fides", "demo", "generate"}


def _args(args: list[str], **values: Path) -> list[str]:
    return [arg.format(**{k: str(v) for k, v in values.items()}) for arg in args]


def _id(case: tuple[list[str], int, str] | list[str]) -> str:
    args = case[0] if isinstance(case, tuple) else case
    return " ".join(a for a in args if "{" not in a)


@pytest.mark.parametrize("args,code,fragment", USAGE, ids=map(_id, USAGE))
def test_wrong_usage_exits_2_with_the_reason(
    args: list[str], code: int, fragment: str, sample_db: Path, tmp_path: Path
) -> None:
    (tmp_path / "subjects.csv").write_text("subject_id\nS-000001\n")
    result = run_cli(*_args(args, db=sample_db, tmp=tmp_path), cwd=tmp_path)
    assert result.returncode == code, result.stderr
    assert fragment in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    # refused before anything was written: no demo, reports or event folders
    assert sorted(p.name for p in tmp_path.iterdir()) == ["subjects.csv"]


@pytest.mark.parametrize("args", MISSING, ids=map(_id, MISSING))
def test_missing_database_exits_4_and_creates_nothing(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "subjects.csv").write_text("subject_id\nS-000001\n")
    missing = tmp_path / "absent" / "metrix.duckdb"
    result = run_cli(
        *_args(args, missing=missing, tmp=tmp_path),
        cwd=tmp_path,
        env={"GOVERNANCE_PSEUDONYM_KEY": "test-pseudonym-key-0123456789abcdef"},
    )
    assert result.returncode == 4, result.stderr
    assert f"{missing}: no database here" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["subjects.csv"]


def test_the_table_covers_every_command() -> None:
    """A new command must be added here: `governance --help` lists them all."""
    result = run_cli("--help")
    listed = result.stdout.split("Commands:", 1)[1]
    commands = set(re.findall(r"^  ([a-z][a-z-]*)\s", listed, flags=re.MULTILINE))
    assert {"check", "findings", "init"} <= commands
    assert {args[0] for args, _, _ in USAGE} == commands
    takes_db = commands - MAKES_OR_NEEDS_NO_DB
    assert {args[0] for args in MISSING} == takes_db
