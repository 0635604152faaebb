"""The `governance` command: the scheduler's and the analyst's way into the suite.

Each command is a thin shell over a package function. A `GovernanceError`
becomes one clear line on stderr and its exit code; the traceback is shown
only with `--debug`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from governance import __version__
from governance.errors import GovernanceError

EXIT_CODES = """\
Exit codes: 0 success; 1 unexpected error; 2 wrong usage; 3 invalid register;
4 database cannot be opened or migrated; 5 event file cannot be loaded;
6 a check failed to run; 7 a report failed; 10 findings at or above --fail-on.
"""

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO_ROOT / "data_samples" / "metrix"

app = typer.Typer(
    name="governance",
    help="Privacy governance suite: register, DuckDB store, compliance checks and reports.\n\n"
    + EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"governance {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    _state["debug"] = debug


DbArg = Annotated[Path, typer.Argument(help="DuckDB database file.", show_default=False)]


@app.command()
def init(
    db: DbArg,
    register: Annotated[
        Path,
        typer.Option(
            "--register", "-r", help="Register YAML file, or a folder of Fides manifests."
        ),
    ],
    country: Annotated[
        str, typer.Option(help="Organisation country for a Fides import (Fides does not say).")
    ] = "KZ",
) -> None:
    """Build a database, or update its register, in one transaction.

    The register is validated first; every problem is reported with file, line
    and YAML path, and the database is left untouched.

    Examples:

      governance init out/metrix.duckdb --register data_samples/metrix/register.yaml

      governance init out/fides.duckdb --register ../shared/fixtures/fides_demo/
    """
    from governance.store.initialise import init_database, write_register

    if register.is_dir():
        import hashlib

        from governance.register.fides import import_fides, register_to_yaml

        imported = import_fides(register, country=country)
        # the hash of the register as imported: it changes exactly when the data map does
        digest = hashlib.sha256(register_to_yaml(imported.register).encode()).hexdigest()
        result = write_register(db, imported.register, source=str(register), sha256=digest)
    else:
        result = init_database(db, register)
    total = sum(result.rows.values())
    typer.echo(
        f"{result.db_path}: schema version {result.schema_version} "
        f"({result.migrations_applied} migration(s) applied), "
        f"register {result.register_sha256[:12]} stored as {total} rows "
        f"in {len(result.rows)} tables"
    )


@app.command("import-fides")
def import_fides_command(
    manifests: Annotated[
        list[Path], typer.Argument(help="Fides manifest files or folders.", show_default=False)
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Register YAML to write.")],
    country: Annotated[str, typer.Option(help="Organisation country (Fides does not say).")] = "KZ",
) -> None:
    """Convert Fides manifests (organization, system, dataset) into a register YAML file.

    Example:

      governance import-fides ../shared/fixtures/fides_demo/ --out fides_register.yaml
    """
    from governance.register.fides import import_fides, register_to_yaml

    imported = import_fides(manifests, country=country)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(register_to_yaml(imported.register), encoding="utf-8")
    register = imported.register
    typer.echo(
        f"{out}: {len(register.systems)} systems, {len(register.processing_activities)} "
        f"activities, {len(register.data_categories)} data categories; "
        f"{len(imported.policies)} Fides policies not imported (they are rules, not facts)"
    )


@app.command()
def ropa(
    db: DbArg,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csv, xlsx or html.", case_sensitive=False)
    ] = "csv",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write (default: ropa.FORMAT beside DB)."),
    ] = None,
) -> None:
    """Write the record of processing activities (GDPR Art. 30(1), Law 94-V Art. 8).

    One row per processing activity; CSV, XLSX and HTML hold the same rows.

    Examples:

      governance ropa out/metrix.duckdb --format xlsx --out out/ropa.xlsx

      governance ropa out/metrix.duckdb --format html
    """
    from governance.ropa import RopaFormat, write_ropa
    from governance.store.connection import connect

    try:
        chosen = RopaFormat(fmt.lower())
    except ValueError:
        raise typer.BadParameter("choose csv, xlsx or html", param_hint="--format") from None
    target = out or db.with_name(f"ropa.{chosen.value}")
    con = connect(db, read_only=True)
    try:
        path, count = write_ropa(con, target, chosen)
    finally:
        con.close()
    typer.echo(f"{path}: {count} processing activities")


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the demo outputs.")] = Path(
        "out"
    ),
    sample: Annotated[
        Path, typer.Option(help="Sample company folder (holds register.yaml).")
    ] = SAMPLE_DIR,
) -> None:
    """Build the sample company's database and its outputs in one go.

    Example:

      governance demo --out out/
    """
    from governance.demo import run_demo

    outputs = run_demo(sample, out, echo=typer.echo)
    typer.echo("\nDemo outputs:")
    for label, path in outputs.items():
        typer.echo(f"  {label:<12} {path}")


@app.command()
def check(
    db: DbArg,
    period: Annotated[
        str, typer.Option(help="2026-10, 2026-Q3, 2026, last-month or last-quarter.")
    ] = "last-month",
    framework: Annotated[str, typer.Option(help="Rule pack: kz or gdpr.")] = "kz",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json or csv.", case_sensitive=False)
    ] = "table",
    fail_on: Annotated[
        str | None,
        typer.Option(help="Exit 10 when a finding has this severity or higher (low..critical)."),
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--check", help="Run only this check id (repeatable).")
    ] = None,
) -> None:
    """Run the compliance checks for a period and store the run with its findings.

    Each check is one SQL file; a check that fails to run is recorded as errored
    while the others still run (exit 6). With --fail-on, any finding at or above
    that severity gives exit 10, for CI and schedulers.

    Examples:

      governance check out/metrix.duckdb --period 2026-10

      governance check out/metrix.duckdb --period 2026-Q3 --framework gdpr --format json

      governance check out/metrix.duckdb --period last-month --fail-on high
    """
    from governance.checks.output import OutputFormat, render
    from governance.checks.registry import Severity
    from governance.checks.runner import run_checks

    try:
        chosen = OutputFormat(fmt.lower())
    except ValueError:
        raise typer.BadParameter("choose table, json or csv", param_hint="--format") from None
    threshold = Severity.parse(fail_on) if fail_on else None
    progress = None
    if sys.stderr.isatty():

        def progress(index: int, total: int, item: object) -> None:
            typer.echo(f"\r[{index}/{total}] {item.id:<40}", err=True, nl=index == total)

    result = run_checks(db, period, framework=framework, check_ids=only or None, progress=progress)
    typer.echo(render(result, chosen))
    if result.errored:
        names = ", ".join(o.check.id for o in result.errored)
        typer.echo(f"error: {len(result.errored)} check(s) failed to run: {names}", err=True)
        raise typer.Exit(6)
    if threshold is not None and result.findings_at_or_above(threshold):
        count = result.findings_at_or_above(threshold)
        typer.echo(f"{count} finding(s) at or above {threshold}", err=True)
        raise typer.Exit(10)


def main() -> None:
    """Entry point: run the app, turning `GovernanceError` into a message and an exit code.

    Typer's standalone mode already handles usage errors (exit 2) and --help;
    everything else that escapes a command is ours to report.
    """
    try:
        app()
    except GovernanceError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug)", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
