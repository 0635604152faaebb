"""The `governance` command: the scheduler's and the analyst's way into the suite.

Each command is a thin shell over a package function. A `GovernanceError`
becomes one clear line on stderr and its exit code; the traceback is shown
only with `--debug`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from governance import __version__
from governance.errors import GovernanceError, StoreError, UsageError

EXIT_CODES = """\
Exit codes: 0 success; 1 unexpected error; 2 wrong usage; 3 invalid register;
4 database cannot be opened or migrated; 5 event file cannot be loaded;
6 a check failed to run; 7 a report failed; 8 verify found tampering or damage;
9 unknown subject (or its package folder is not empty); 10 findings at or above --fail-on.
"""

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


def _existing_database(ctx: typer.Context, db: Path) -> Path:
    """Refuse a DB that is not there (exit 4) before a command creates it or its folder.

    Only `init` (and `demo`) make a database; every other command reads or updates one, and
    opening a missing file to write would leave an empty database behind.
    """
    if ctx.resilient_parsing or db is None:
        return db
    if not db.exists():
        raise StoreError(
            f"{db}: no database here; create it with 'governance init {db} --register FILE'"
        )
    if not db.is_file():
        raise StoreError(f"{db}: not a database file (a folder?)")
    return db


def _validated(check: Callable[[str], object]) -> Callable[[typer.Context, Any], Any]:
    """A typer callback that runs `check` on each value given (a repeatable option gives a
    list): the `GovernanceError` it raises for an unknown choice is wrong usage, exit 2,
    before anything is opened or written."""

    def callback(ctx: typer.Context, value: Any) -> Any:
        if ctx.resilient_parsing or value is None:
            return value
        for each in value if isinstance(value, list) else [value]:
            try:
                check(each)
            except GovernanceError as exc:
                raise typer.BadParameter(str(exc)) from None
        return value

    return callback


def _framework(name: str) -> None:
    from governance.frameworks.pack import AVAILABLE

    if name not in AVAILABLE:
        raise UsageError(f"unknown framework '{name}' (choose {' or '.join(AVAILABLE)})")


def _severity(text: str) -> None:
    from governance.checks.registry import Severity

    Severity.parse(text)


def _check_id(check_id: str) -> None:
    from governance.checks.registry import get_check

    get_check(check_id)


def _notebook(name: str) -> None:
    from governance.publish.catalogue import scheduled

    scheduled([name])


def _period(text: str) -> None:
    from governance.period import Period

    Period.parse(text)


def _kind(name: str) -> None:
    from governance.store.ingest.kinds import kind_named

    kind_named(name)


def _memory(text: str) -> None:
    import re

    if not re.fullmatch(r"\d+(\.\d+)?\s*([KMGT]i?B|B)", text.strip(), re.IGNORECASE):
        raise UsageError(f"memory limit '{text}' is not a size such as 3GB or 512MB")


_known_framework = _validated(_framework)
_known_severity = _validated(_severity)
_known_checks = _validated(_check_id)
_known_notebooks = _validated(_notebook)
_known_period = _validated(_period)
_known_kind = _validated(_kind)
_known_memory = _validated(_memory)


#: an existing database: a missing one is exit 4, and nothing is created
DbArg = Annotated[
    Path,
    typer.Argument(help="DuckDB database file.", show_default=False, callback=_existing_database),
]
#: the database `init` builds (or whose register it replaces)
NewDbArg = Annotated[
    Path, typer.Argument(help="DuckDB database file (created if absent).", show_default=False)
]
FrameworkOpt = Annotated[
    str, typer.Option(help="Rule pack: kz or gdpr.", callback=_known_framework)
]
PeriodOpt = Annotated[
    str,
    typer.Option(
        help="2026-10, 2026-Q3, 2026, last-month or last-quarter.", callback=_known_period
    ),
]


@app.command()
def init(
    db: NewDbArg,
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
    lang: Annotated[
        str,
        typer.Option("--lang", help="Language of the record: en, ru or kk.", case_sensitive=False),
    ] = "en",
) -> None:
    """Write the record of processing activities (GDPR Art. 30(1), Law 94-V Art. 8).

    One row per processing activity; CSV, XLSX and HTML hold the same rows. `--lang` writes
    the headings and the record's own words in Russian or Kazakh (CSV and XLSX keep their
    machine column names in row 1, so the file reads back into the same table).

    Examples:

      governance ropa out/metrix.duckdb --format xlsx --out out/ropa.xlsx

      governance ropa out/metrix.duckdb --format html --lang ru --out out/ropa.ru.html
    """
    from governance.i18n import LANGUAGES, use_language
    from governance.ropa import RopaFormat, write_ropa
    from governance.store.connection import connect

    try:
        chosen = RopaFormat(fmt.lower())
    except ValueError:
        raise typer.BadParameter("choose csv, xlsx or html", param_hint="--format") from None
    if lang.lower() not in LANGUAGES:
        raise typer.BadParameter(f"choose {', '.join(LANGUAGES)}", param_hint="--lang")
    target = out or db.with_name(f"ropa.{chosen.value}")
    con = connect(db, read_only=True)
    try:
        with use_language(lang.lower()):
            path, count = write_ropa(con, target, chosen)
    finally:
        con.close()
    typer.echo(f"{path}: {count} processing activities")


@app.command()
def policy(
    db: DbArg,
    version: Annotated[
        str | None, typer.Option(help="Policy version (default: the latest in the register).")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md or html.", case_sensitive=False)
    ] = "md",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    framework: Annotated[
        str,
        typer.Option(
            help="Rule pack for the rights' answer deadlines: kz or gdpr.",
            callback=_known_framework,
        ),
    ] = "kz",
    publish: Annotated[
        bool,
        typer.Option("--publish", help="Store the latest version's text as published."),
    ] = False,
    diff: Annotated[
        tuple[str, str] | None,
        typer.Option("--diff", metavar="V1 V2", help="Say what changed from V1 to V2."),
    ] = None,
    lang: Annotated[
        str,
        typer.Option("--lang", help="Language of the policy: en, ru or kk.", case_sensitive=False),
    ] = "en",
) -> None:
    """The privacy policy (sections 1-10) rendered from the register, its versions and changes.

    A version whose text was published (--publish) is rendered from the stored text; any other
    version from the register as it declares that version. --publish stores the latest
    version's text once (publishing it again with the same text changes nothing), in the
    language asked; the text in another language is rendered from the same stored facts.

    Examples:

      governance policy out/metrix.duckdb --format html --out out/privacy_policy.html

      governance policy out/metrix.duckdb --format html --lang kk --out out/privacy_policy.kk.html

      governance policy out/metrix.duckdb --version 2.0

      governance policy out/metrix.duckdb --publish

      governance policy out/metrix.duckdb --diff 1.0 2.0
    """
    from governance.i18n import LANGUAGES, use_language
    from governance.policy import PolicyFormat, diff_versions, policy_text, publish_policy
    from governance.store.connection import connect

    try:
        chosen = PolicyFormat(fmt.lower())
    except ValueError:
        raise typer.BadParameter("choose md or html", param_hint="--format") from None
    lang = lang.lower()
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"choose {', '.join(LANGUAGES)}", param_hint="--lang")
    if publish and diff:
        raise typer.BadParameter("--publish and --diff do not go together", param_hint="--diff")
    if publish:
        result = publish_policy(db, version=version, framework=framework, lang=lang)
        state = "stored" if result.stored else "already stored, unchanged"
        if result.lang != "en" or lang != "en":
            state += f" (text in {result.lang})"
        typer.echo(
            f"{db}: privacy policy {result.version} ({result.published_at}) {state}; "
            f"text sha256 {result.text_sha256[:12]}"
        )
        return
    con = connect(db, read_only=True)
    try:
        if diff:
            with use_language(lang):
                lines = diff_versions(con, *diff, framework=framework).lines()
            typer.echo("\n".join(lines))
            return
        text, document = policy_text(con, version, chosen, framework, lang)
    finally:
        con.close()
    if out is None:
        typer.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    source = "stored text" if document.source == "stored" else "register"
    typer.echo(
        f"{out}: privacy policy {document.version.version} "
        f"({document.version.published_at}) from the {source}"
    )


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the demo outputs.")] = Path(
        "out"
    ),
    period: Annotated[
        str, typer.Option(help="The period to report on.", callback=_known_period)
    ] = "2026-10",
    sample: Annotated[
        Path | None,
        typer.Option(
            help="A company folder (register.yaml and events/); default: the shipped sample "
            "company, its events generated."
        ),
    ] = None,
) -> None:
    """Build the sample company's database, load its events and publish its reports.

    Example:

      governance demo --out out/ --period 2026-10
    """
    from governance.demo import run_demo

    outputs = run_demo(sample, out, period=period, echo=typer.echo)
    typer.echo("\nDemo outputs:")
    for label, path in outputs.items():
        typer.echo(f"  {label:<12} {path}")


@app.command()
def report(
    db: DbArg,
    period: PeriodOpt = "last-month",
    out: Annotated[Path, typer.Option("--out", "-o", help="The reports archive folder.")] = Path(
        "reports"
    ),
    framework: FrameworkOpt = "kz",
    min_cell: Annotated[int, typer.Option(help="Counts below this are shown as <N.", min=1)] = 5,
    notebook: Annotated[
        list[str] | None,
        typer.Option(help="Only this report notebook (repeatable).", callback=_known_notebooks),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option(help="Notebooks run in parallel (default: the cores).", min=1)
    ] = None,
    timeout: Annotated[int, typer.Option(help="Seconds a notebook cell may run.", min=1)] = 600,
    catch_up: Annotated[
        bool,
        typer.Option(
            "--catch-up", help="Also every period of that kind since the last one published."
        ),
    ] = False,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            help="Language of the reports: en, ru or kk (repeatable or a comma list; "
            "default en). English pages keep their names, others are NAME.ru.html.",
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also the dashboard as an A4 PDF (headless Chromium).")
    ] = False,
    group: Annotated[
        str | None,
        typer.Option(
            help="Share the published pages with this group: group-readable (0640/0750), "
            "nobody else; notebooks and logs stay owner-only."
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            help="duckdb (the database's events) or spark (events in the Parquet lake under "
            "--data; the figures are computed there and stored in DB)."
        ),
    ] = "duckdb",
    data: Annotated[
        Path | None,
        typer.Option(help="With --engine spark: the Parquet folder 'governance export' writes."),
    ] = None,
    master: Annotated[
        str, typer.Option(help="With --engine spark: the Spark master URL.")
    ] = "local[2]",
) -> None:
    """Run the report notebooks for a period and publish them as offline HTML.

    Runs the checks for the period if they have not run, executes the notebooks
    with papermill (kernel 'governance'), exports HTML without code, refuses HTML
    that would load from the network or shows a personal identifier, and
    publishes reports/<period>/ atomically with reports/index.html. A failing
    notebook publishes nothing, keeps its executed copy under reports/.failed/
    and exits 7 naming the notebook and the cell.

    Examples:

      governance report out/metrix.duckdb --period 2026-10 --out reports/

      governance report out/metrix.duckdb --period last-month --catch-up

      governance report out/metrix.duckdb --period 2026-Q3 --framework gdpr

      governance report out/metrix.duckdb --lang en,ru,kk --pdf --group managers

      governance report out/metrix.duckdb --period 2026-10 --engine spark --data lake/
    """
    from governance.i18n import LANGUAGES
    from governance.period import Period
    from governance.publish.archive import Archive
    from governance.publish.runner import build_reports, languages_asked, periods_to_report

    languages = languages_asked([code.lower() for code in lang or ["en"]])
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        raise typer.BadParameter(
            f"{', '.join(unknown)}: choose {', '.join(LANGUAGES)}", param_hint="--lang"
        )
    periods = periods_to_report(out, Period.parse(period), catch_up)
    echo = typer.echo if sys.stderr.isatty() else (lambda _: None)
    for each in periods:
        typer.echo(f"report {each.label}:")
        run = build_reports(
            db,
            each,
            out,
            framework=framework,
            min_cell=min_cell,
            lang=languages,
            notebooks=notebook,
            jobs=jobs,
            timeout_s=timeout,
            echo=echo,
            pdf=pdf,
            group=group,
            engine=engine,
            data=data,
            master=master,
        )
        for name, path in sorted([*run.html.items(), *run.pdf.items()]):
            typer.echo(f"  {name:<26} {path}")
    typer.echo(f"index: {out / 'index.html'}")
    for folder in Archive(out, group=group).unreachable_by_group():
        typer.echo(f"note: group {group} cannot pass through {folder}: it does not reach {out}")


@app.command()
def check(
    db: DbArg,
    period: PeriodOpt = "last-month",
    framework: FrameworkOpt = "kz",
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json or csv.", case_sensitive=False)
    ] = "table",
    fail_on: Annotated[
        str | None,
        typer.Option(
            help="Exit 10 when a finding has this severity or higher (low..critical).",
            callback=_known_severity,
        ),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--check", help="Run only this check id (repeatable).", callback=_known_checks
        ),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="duckdb (the database itself) or spark (Parquet under --data).")
    ] = "duckdb",
    data: Annotated[
        Path | None,
        typer.Option(help="With --engine spark: the Parquet folder 'governance export' writes."),
    ] = None,
    master: Annotated[
        str, typer.Option(help="With --engine spark: the Spark master URL.")
    ] = "local[2]",
) -> None:
    """Run the compliance checks for a period and store the run with its findings.

    Each check is one SQL file; a check that fails to run is recorded as errored
    while the others still run (exit 6). With --fail-on, any finding at or above
    that severity gives exit 10, for CI and schedulers. With --engine spark the
    same SQL, transpiled by sqlglot, runs on Apache Spark over Parquet files and
    the findings are stored in DB as usual (needs the 'spark' extra and Java 17).

    Examples:

      governance check out/metrix.duckdb --period 2026-10

      governance check out/metrix.duckdb --period 2026-Q3 --framework gdpr --format json

      governance check out/metrix.duckdb --period last-month --fail-on high

      governance check out/metrix.duckdb --period 2026-10 --engine spark --data lake/ --master spark://head:7077
    """
    from governance.checks.engines import run_on_engine
    from governance.checks.output import OutputFormat, render
    from governance.checks.registry import Severity
    from governance.period import Period

    try:
        chosen = OutputFormat(fmt.lower())
    except ValueError:
        raise typer.BadParameter("choose table, json or csv", param_hint="--format") from None
    threshold = Severity.parse(fail_on) if fail_on else None
    progress = None
    if sys.stderr.isatty():

        def progress(index: int, total: int, item: object) -> None:
            typer.echo(f"\r[{index}/{total}] {item.id:<40}", err=True, nl=index == total)

    result = run_on_engine(
        db,
        Period.parse(period),
        engine=engine,
        framework=framework,
        check_ids=only or None,
        data=data,
        master=master,
        progress=progress,
    )
    from governance.checks.findings import run_finding_rows, superseded_run_id
    from governance.store.connection import connect

    con = connect(db, read_only=True)
    try:
        supersedes = superseded_run_id(con, result.run_id)
        rows = run_finding_rows(con, result.run_id) if chosen is OutputFormat.JSON else None
    finally:
        con.close()
    typer.echo(render(result, chosen, rows.rows if rows else None))
    if supersedes is not None:
        # on stderr, so that standard output stays the table, JSON or CSV a scheduler reads;
        # partial re-runs (--check) leave the other checks' latest results in earlier runs
        which = "for the checks it ran" if only else "for every check"
        typer.echo(
            f"run {result.run_id} supersedes run {supersedes} {which} "
            f"(period {result.period.label}, framework {result.framework})",
            err=True,
        )
    if result.errored:
        names = ", ".join(o.check.id for o in result.errored)
        typer.echo(f"error: {len(result.errored)} check(s) failed to run: {names}", err=True)
        raise typer.Exit(6)
    if threshold is not None and result.findings_at_or_above(threshold):
        count = result.findings_at_or_above(threshold)
        typer.echo(f"{count} finding(s) at or above {threshold}", err=True)
        raise typer.Exit(10)


@app.command()
def findings(
    db: DbArg,
    period: Annotated[
        str | None,
        typer.Option(
            help="2026-10, 2026-Q3, 2026, last-month or last-quarter (default: the period "
            "checked last).",
            callback=_known_period,
        ),
    ] = None,
    framework: FrameworkOpt = "kz",
    only: Annotated[
        list[str] | None,
        typer.Option("--check", help="Only this check id (repeatable).", callback=_known_checks),
    ] = None,
    run: Annotated[
        int | None,
        typer.Option(help="The findings of this run (default: each check's latest result).", min=1),
    ] = None,
    severity: Annotated[
        str | None,
        typer.Option(
            help="Only findings of this severity or higher (low..critical).",
            callback=_known_severity,
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json or csv.", case_sensitive=False)
    ] = "table",
) -> None:
    """Print the findings stored by `governance check`: the rows a person acts on (read-only).

    One row per finding: the check id, its severity, the finding key (the check's key columns)
    and the check's own columns (the details). By default the latest result of each check for
    the period, as reports show it (after `check --check ID` that check's newer run, the others'
    earlier one); --run N reads one run instead. JSON and CSV carry the details as JSON.
    A period never checked, or a run that does not exist, is exit 2.

    Examples:

      governance findings out/metrix.duckdb --period 2026-10

      governance findings out/metrix.duckdb --period 2026-10 --severity high --format csv

      governance findings out/metrix.duckdb --run 12 --check consent.missing --format json
    """
    from governance.checks.findings import (
        latest_checked_period,
        latest_finding_rows,
        run_finding_rows,
    )
    from governance.checks.output import OutputFormat, render_findings
    from governance.checks.registry import Severity
    from governance.period import Period
    from governance.store.connection import connect

    try:
        chosen = OutputFormat(fmt.lower())
    except ValueError:
        raise typer.BadParameter("choose table, json or csv", param_hint="--format") from None
    if run is not None and period is not None:
        raise UsageError("--run and --period do not go together (a run is of one period)")
    floor = Severity.parse(severity) if severity else None
    label = Period.parse(period).label if period else None
    con = connect(db, read_only=True)
    try:
        if run is not None:
            found = run_finding_rows(con, run, check_ids=only, severity=floor)
            if found is None:
                raise UsageError(f"{db}: there is no check run {run}")
        else:
            label = label or latest_checked_period(con, framework)
            if label is None:
                raise UsageError(
                    f"{db}: nothing was checked under framework {framework}; run "
                    f"'governance check {db} --period P --framework {framework}' first"
                )
            found = latest_finding_rows(con, label, framework, check_ids=only, severity=floor)
            if not found.results:
                raise UsageError(
                    f"{db}: period {label} has no check results under framework {framework}"
                    + (" for the chosen checks" if only else "")
                    + f"; run 'governance check {db} --period {label} --framework {framework}'"
                )
    finally:
        con.close()
    typer.echo(render_findings(found, chosen))


@app.command()
def export(
    db: DbArg,
    out: Annotated[Path, typer.Argument(help="Folder for the Parquet files.", show_default=False)],
) -> None:
    """Write the database's tables as Parquet, one <table>.parquet each, for Spark.

    Events and register tables alike, so that `governance check --engine spark --data DIR`
    (or a cluster reading DIR) needs nothing else. Bookkeeping tables (load log, quarantine,
    check runs) stay behind. The consent ledger travels pseudonymous, as it is stored.

    Examples:

      governance export out/metrix.duckdb lake/

      governance check out/metrix.duckdb --period 2026-10 --engine spark --data lake/
    """
    from governance.store.export import export_tables

    tables = export_tables(db, out)
    rows = sum(table.rows for table in tables)
    typer.echo(f"{out}: {len(tables)} tables, {rows} rows as Parquet")


@app.command()
def load(
    db: DbArg,
    paths: Annotated[
        list[Path],
        typer.Argument(help="Event files (CSV, Parquet or HAR).", show_default=False),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            help="The kind of every file (default: from each file name).", callback=_known_kind
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Load nothing from a file that has any bad row.")
    ] = False,
    memory_limit: Annotated[
        str | None,
        typer.Option(
            help="Memory the load may use, e.g. 3GB; beyond it DuckDB spills to <db>.tmp/ "
            "(default: $GOVERNANCE_MEMORY_LIMIT, else a tenth of the machine's memory).",
            callback=_known_memory,
        ),
    ] = None,
) -> None:
    """Load event files, each in one transaction; bad rows go to the quarantine table.

    The kind comes from the file name (consent_events_2026-10.csv is consent_events)
    or --kind. Files are loaded subjects and employees first. Loading the same file
    again changes nothing; overlapping files de-duplicate by key. Prints per file:
    read, loaded (updated), quarantined, duplicate. A file that cannot be read at all
    writes nothing and stops the batch (exit 5); the files before it stay loaded.

    A HAR file (.har, exported by a browser's developer tools or a crawler; --kind har
    for another name) loads as cookie_observations: one row per cookie a response set,
    set before consent until the register's records_consent cookie first appears
    (docs/har.md).

    Examples:

      governance load out/metrix.duckdb exports/2026-10/*.csv

      governance load out/metrix.duckdb export.parquet --kind processing_log --strict

      governance load out/metrix.duckdb visits/www.metrix.kz.har
    """
    from governance.store.ingest import load_files, progress_for_stderr

    load_files(
        db,
        paths,
        kind=kind,
        strict=strict,
        memory=memory_limit,
        progress=progress_for_stderr(),
        on_result=lambda result: typer.echo("\n".join(result.lines())),
    )


@app.command()
def verify(db: DbArg) -> None:
    """Verify the database's storage, integrity and the consent ledger (read-only).

    Reads every column of every row of every table (a damaged block is named with its
    table); recomputes every ledger row's content hash, its keyed link to its predecessor,
    the seals and the key check value; holds the ledger to the records kept apart from it
    (load_log counts and file order, subject key mappings, the erasure log); and checks the
    schema and the register record. Needs the pseudonym key in GOVERNANCE_PSEUDONYM_KEY.
    Prints the ledger's head: record it outside the database (docs/integrity.md says what
    verify proves and what it cannot).

    Exits 0 when all verifies; 8 on tampering or damage, naming each problem and the first
    row that does not verify; 4 when the key is missing or is not the ledger's key, or the
    database cannot be opened or lacks a migration.

    Example:

      GOVERNANCE_PSEUDONYM_KEY=... governance verify out/metrix.duckdb
    """
    from governance.store.connection import connect
    from governance.store.integrity import verify_database

    con = connect(db, read_only=True)
    try:
        report = verify_database(con)
    finally:
        con.close()
    typer.echo(f"{db}: " + "\n".join(report.lines()))
    if not report.ok:
        raise typer.Exit(8)


@app.command()
def erase(
    db: DbArg,
    subject_id: Annotated[
        str, typer.Argument(help="The subject's id, as in the subjects file.", show_default=False)
    ],
    request: Annotated[
        str | None,
        typer.Option(
            "--request", help="The erasure request (dsr_requests.request_id) that asked for it."
        ),
    ] = None,
) -> None:
    """Erase a subject's identity from every table that holds it, in one transaction.

    Deletes their row in subjects (name, e-mail, phone) and subject_keys (the pseudonym
    mapping), and redacts the quarantine rows holding their id, name, e-mail or phone
    (each row keeps its load, line and column, so the load figures still reconcile). The
    consent ledger keeps its pseudonymous rows as evidence of consent. Records what was
    removed, per table, and --request in the erasure log (subject_erasures). Records keyed by
    subject_id in the event tables (processing_log, data_inventory, ...) are the DSR process's
    job: they are counted, not deleted (check dsr.erasure_incomplete reports them).
    Needs GOVERNANCE_PSEUDONYM_KEY. Erasing a subject again removes only what came back.

    Exits 0 when erased (or already erased); 9 for an unknown subject; 2 when --request is
    not an erasure request of this subject in dsr_requests; 4 when the key is missing or
    wrong, or the database cannot be opened or is not at this package's schema.

    Example:

      GOVERNANCE_PSEUDONYM_KEY=... governance erase out/metrix.duckdb S-000164 --request DSR-00042
    """
    from governance.store.erasure import erase_subject
    from governance.store.migrations import open_current
    from governance.subjects import SubjectError

    con = open_current(db)
    try:
        result = erase_subject(con, subject_id, request_id=request)
    finally:
        con.close()
    left = ", ".join(f"{table} {count}" for table, count in result.records_left)
    if not result.known:
        raise SubjectError(
            f"no identity of subject '{subject_id}' in subjects, subject_keys or quarantine, "
            "and no erasure of them recorded: nothing to erase (ids are case-sensitive)"
            + (f"; rows keyed by the id remain in {left}" if left else "")
        )
    asked = f" (request {request})" if request else ""
    if result.found:
        typer.echo(
            f"{db}: erased subject {subject_id}{asked}; recorded in subject_erasures at "
            f"{result.erased_at.isoformat(sep=' ', timespec='seconds')}"
        )
        typer.echo(f"  subjects        {result.identity_rows} deleted (name, e-mail, phone)")
        typer.echo(f"  subject_keys    {result.key_rows} deleted (the pseudonym mapping)")
        typer.echo(
            f"  quarantine      {result.quarantine_rows} redacted (values removed; load, line "
            "and column kept)"
        )
    else:
        before = result.erased_before.isoformat(sep=" ", timespec="seconds")
        typer.echo(
            f"{db}: subject {subject_id} was already erased ({before}){asked}: "
            "nothing identifying them is left to remove"
        )
    typer.echo(
        f"  consent_events  {result.ledger_rows_kept} kept: pseudonymous evidence of consent "
        "(Law 94-V Art. 8; GDPR Art. 7(1), 17(3))"
    )
    if left:
        typer.echo(
            f"not erased here: rows keyed by subject_id in {left}: deleting business records is "
            "the DSR process's job (check dsr.erasure_incomplete reports what is left)"
        )
    else:
        typer.echo("no rows keyed by subject_id are left in the event tables")


@app.command()
def subject(
    db: DbArg,
    subject_id: Annotated[
        str, typer.Argument(help="The subject's id, as in the subjects file.", show_default=False)
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="New folder for the package (created owner-only)."),
    ],
    visitor: Annotated[
        list[str] | None,
        typer.Option(help="A cookie-banner visitor id the subject gave us (repeatable)."),
    ] = None,
) -> None:
    """Write everything held about one subject, for an access or portability request.

    Writes subject.json (every table's rows about the subject, the register facts that
    apply: purposes, legal bases, categories, systems, recipients, retention rules, and the
    consent ledger's proof) and one CSV per table, into a new folder readable by its owner
    only. The folder holds personal data: hand it over securely and delete it afterwards.
    Consent rows are verified against the ledger when GOVERNANCE_PSEUDONYM_KEY is set.
    An unknown subject exits 9.

    Examples:

      governance subject out/metrix.duckdb S-000164 --out requests/DSR-00042

      governance subject out/metrix.duckdb S-000164 --out requests/DSR-00042 --visitor V-000002
    """
    from governance.store.connection import connect
    from governance.subjects import write_subject_package

    con = connect(db, read_only=True)
    try:
        package = write_subject_package(con, subject_id, out, visitor_ids=tuple(visitor or ()))
    finally:
        con.close()
    typer.echo(
        f"warning: {out} holds personal data of subject {subject_id}: give it to the subject "
        "through a secure channel, delete it when the request is closed, never attach it to "
        "a report",
        err=True,
    )
    held = {name: len(frame) for name, frame in package.tables.items() if len(frame)}
    typer.echo(
        f"{out}: {package.rows} rows about {subject_id} from {len(held)} tables "
        f"({', '.join(f'{name} {count}' for name, count in held.items())}); "
        f"subject.json and {len(package.tables) + len(package.register)} CSV files"
    )
    chain = package.ledger["chain"]
    if chain["verified"] is None:
        typer.echo(f"consent ledger: {chain['note']}")
    else:
        state = "verifies" if chain["verified"] else f"has {chain['problems']} problem(s)"
        typer.echo(f"consent ledger: {state} (head seq {chain['head_seq']})")


@app.command()
def generate(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the event files.")],
    scale: Annotated[
        str,
        typer.Option(
            help="small (about 5,000 subjects, CSV), large (1 M, Parquet) or a number of "
            "subjects (below 200,000: CSV and the small densities; from there: Parquet and the "
            "large densities)."
        ),
    ] = "small",
    density: Annotated[
        str | None,
        typer.Option(
            help="Logging densities: small (about 2 consent events and 3 access-log rows per "
            "subject) or large (about 10 of each, the benchmark's); default: the scale's."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same bytes.")] = (
        20261124
    ),
    register: Annotated[
        Path | None,
        typer.Option("--register", "-r", help="The register (default: the sample company's)."),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv or parquet (default: by scale).")
    ] = None,
) -> None:
    """Generate the sample company's event files (24 months) with planted violations.

    Writes the 13 event files and manifest.json, which lists every planted
    violation of each check with its keys and the dates it is a finding between.
    Everything else is clean by construction.

    Examples:

      governance generate --scale small --out data_samples/metrix/events

      governance generate --scale large --out benchmarks/data/large --seed 7

      governance generate --scale 2000000 --out benchmarks/data/2m   # twice large
    """
    import time

    from governance.samples import SAMPLE_REGISTER
    from governance.samples import generate as generate_sample

    started = time.perf_counter()
    show = sys.stderr.isatty()

    def progress(step: str) -> None:
        if show:
            typer.echo(f"[{time.perf_counter() - started:5.1f}s] {step}", err=True)

    manifest = generate_sample(
        out,
        scale=int(scale) if scale.isdigit() else scale,
        seed=seed,
        register=register or SAMPLE_REGISTER,
        file_format=fmt,
        density=density,
        progress=progress,
    )
    rows = sum(f["rows"] for f in manifest.files.values())
    planted = sum(manifest.counts().values())
    typer.echo(
        f"{out}: {len(manifest.files)} files, {rows} rows, {manifest.data['subjects']} subjects, "
        f"{planted} planted violations of {len(manifest.planted)} checks "
        f"in {time.perf_counter() - started:.1f}s (manifest.json)"
    )


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
