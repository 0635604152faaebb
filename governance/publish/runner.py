"""`governance report`: checks for the period, notebooks in parallel, guard, atomic publish.

The sequence, and why:
1. validate the parameters (papermill would only warn about a wrong one);
2. take the archive lock (an overlapping cron run stops with a clear message);
3. run the checks for the period and the periods before it that the trend
   needs, if they have not run (notebooks open the database read-only);
4. execute the notebooks in parallel, up to the number of cores, into a
   private staging folder, once per language asked (`compliance_dashboard.html`,
   `compliance_dashboard.ru.html`: governance.publish.navigation names and links them),
   and export each to HTML without code, titled and with the period's header;
5. refuse to publish HTML that loads anything from the network or shows a
   personal identifier;
6. with `pdf`, print the guarded dashboard to PDF with headless Chromium (governance.publish.pdf);
7. publish the staging folder atomically and rebuild `index.html`.
A failing notebook moves the staging folder to `.failed/`: nothing is published.

The workers and their kernels die with the report process, even with a `kill -9`, and a
later run stops whatever a killed one left behind (governance.publish.lifeline). The
database is held read-only from the first notebook to the guard, one picture of the data
for the whole set, and by nothing of the run after that: a load started meanwhile waits
for it, saying so (governance.store.connection), instead of failing.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from governance.checks.runner import run_checks, selected_checks
from governance.errors import ReportError
from governance.frameworks.pack import load_pack
from governance.period import Period
from governance.publish import lifeline
from governance.publish.archive import Archive
from governance.publish.catalogue import TREND_PERIODS, ReportNotebook, scheduled
from governance.publish.execute import (
    DEFAULT_TIMEOUT_S,
    KERNEL_NAME,
    start_worker,
    worker_session,
)
from governance.publish.export import notebook_to_html
from governance.publish.guard import check_publishable, identifiers_shown
from governance.publish.navigation import Navigation, page_name
from governance.reports.parameters import ReportParameters
from governance.scope import checked
from governance.store.connection import RunMark, connect


@dataclass
class ReportRun:
    period: str
    folder: Path
    index: Path
    #: by report name for English, `name.lang` for another language (as the files are named)
    html: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    pdf: dict[str, Path] = field(default_factory=dict)


def ensure_checks(
    db_path: Path, period: Period, framework: str, trend: int = TREND_PERIODS
) -> list[str]:
    """Run, for `period` and the `trend - 1` periods before it, every check of the framework
    that has no result for that period yet (a partial run by `governance check --check ID`
    leaves the others missing). Returns the labels of the periods it ran checks for."""
    wanted = [period]
    for _ in range(trend - 1):
        wanted.insert(0, wanted[0].previous())
    enabled = [c.id for c in selected_checks(load_pack(framework))]
    con = connect(db_path, read_only=True)
    try:
        missing = {p: [c for c in enabled if c not in checked(con, p, framework)] for p in wanted}
    finally:
        con.close()
    ran = []
    for p, check_ids in missing.items():
        if check_ids:
            run_checks(db_path, p, framework=framework, check_ids=check_ids)
            ran.append(p.label)
    return ran


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers come from a fork server, not from a fork of this process.

    The caller may run threads of its own (a scheduler, JupyterLab, a test runner that used
    jupyter_core's event-loop thread): a plain fork copies their state but not the threads, and
    nbclient then waits forever on a thread that does not exist in the child. The fork server
    is a clean process started once, with the execution modules imported (preloaded), so a
    worker still starts in milliseconds. `lifeline` comes first: importing it is what ties
    the fork server's life to this process.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["governance.publish.lifeline", "governance.publish.execute", "governance.publish.export"]
    )
    return context


def periods_to_report(out_dir: Path, period: Period, catch_up: bool) -> list[Period]:
    """`period`, preceded with `catch_up` by every period of its kind since the last one
    published in `out_dir` (a scheduler that missed a run catches up on the next)."""
    if not catch_up or not Path(out_dir).exists():
        return [period]
    published = [Period.parse(label) for label in Archive(Path(out_dir)).published_periods()]
    earlier = [p for p in published if p.kind == period.kind and p < period]
    return period.periods_since(max(earlier).next()) if earlier else [period]


def _execute_one(
    notebook: ReportNotebook,
    notebook_dir: Path | None,
    build: Path,
    params: ReportParameters,
    kernel_name: str,
    timeout_s: int,
) -> tuple[str, Path, float]:
    """Execute one notebook in one language: (its page's name without suffix, the executed
    notebook, seconds)."""
    started = time.perf_counter()
    lang = params.lang
    executed = worker_session(kernel_name).run(
        notebook.path(notebook_dir),
        build / page_name(notebook.name, lang, "ipynb"),
        params,
        timeout_s=timeout_s,
        log_path=build / page_name(notebook.name, lang, "log"),
    )
    return executed.name.removesuffix(".ipynb"), executed, time.perf_counter() - started


def _export_one(executed: Path, navigation: Navigation) -> tuple[Path, float]:
    """The executed notebook as its page beside it: (the page, seconds)."""
    started = time.perf_counter()
    html_path = executed.with_suffix(".html")
    html_path.write_text(notebook_to_html(executed, navigation), encoding="utf-8")
    return html_path, time.perf_counter() - started


def languages_asked(lang: str | Sequence[str]) -> tuple[str, ...]:
    """`"en"`, `"en,ru"` or `["ru", "kk"]` -> the languages in the order given, once each."""
    items = [lang] if isinstance(lang, str) else list(lang)
    wanted: list[str] = []
    for item in items:
        for code in item.split(","):
            code = code.strip()
            if code and code not in wanted:
                wanted.append(code)
    return tuple(wanted) or ("en",)


def section_colours(params: ReportParameters) -> dict[int, str]:
    """The dashboard's colour of each policy section for the period (section -> status), as
    `governance.reports.dashboard.section_statuses` grades it, for the archive's index."""
    from governance.i18n import use_language
    from governance.reports import dashboard
    from governance.reports.notebook import open_report

    with use_language("en"):  # open_report sets the language of what it runs in: keep ours
        report = open_report(
            str(params.db_path), params.period.label, params.framework, params.min_cell
        )
        try:
            frame = dashboard.section_statuses(report)
        finally:
            report.close()
    first = frame.groupby("section")["section_status"].first()
    return {int(section): str(status) for section, status in first.items()}


def build_reports(
    db_path: str | Path,
    period: str | Period,
    out_dir: str | Path,
    *,
    framework: str = "kz",
    min_cell: int = 5,
    lang: str | Sequence[str] = "en",
    notebooks: list[str] | None = None,
    jobs: int | None = None,
    kernel_name: str = KERNEL_NAME,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    notebook_dir: Path | None = None,
    echo: Callable[[str], None] = lambda _: None,
    pdf: bool = False,
    group: str | None = None,
    engine: str = "duckdb",
    data: str | Path | None = None,
    master: str = "local[2]",
    spark: object | None = None,
) -> ReportRun:
    """Build, guard and publish the report set of one period; see the module docstring.

    `lang`: a language or several (a list, or `"en,ru"`): every notebook runs once per
    language; the first is also the language of the index. `pdf`: the dashboard also as
    PDF. `group`: share the archive with this group (governance.publish.archive).
    `engine="spark"` with `data` (the lake folder) and `master`: the checks, the figures and
    the guard's comparison run on Spark (governance.publish.spark_reports; `spark`: a session
    to use instead of starting one); the figures are stored in the database for the notebooks.
    """
    lake = _lake(engine, data, master, spark)
    try:
        return _build_reports(
            db_path, period, out_dir, framework=framework, min_cell=min_cell, lang=lang,
            notebooks=notebooks, jobs=jobs, kernel_name=kernel_name, timeout_s=timeout_s,
            notebook_dir=notebook_dir, echo=echo, pdf=pdf, group=group, lake=lake,
        )  # fmt: skip
    finally:
        if lake is not None:
            lake.close()


def _lake(engine: str, data: str | Path | None, master: str, spark: object | None) -> Any:
    """The Spark side of a report run (`LakeReports`), or None for DuckDB."""
    from governance.checks.engines import ENGINES
    from governance.errors import UsageError

    chosen = engine.lower()
    if chosen not in ENGINES:
        raise UsageError(f"unknown engine '{engine}': choose {' or '.join(ENGINES)}")
    if chosen == "duckdb":
        return None
    if data is None:
        raise UsageError("--engine spark needs --data DIR (the folder 'governance export' writes)")
    from governance.publish.spark_reports import LakeReports

    return LakeReports(data, master, spark)  # type: ignore[arg-type]


def _build_reports(
    db_path: str | Path,
    period: str | Period,
    out_dir: str | Path,
    *,
    framework: str,
    min_cell: int,
    lang: str | Sequence[str],
    notebooks: list[str] | None,
    jobs: int | None,
    kernel_name: str,
    timeout_s: int,
    notebook_dir: Path | None,
    echo: Callable[[str], None],
    pdf: bool,
    group: str | None,
    lake: Any,
) -> ReportRun:
    languages = languages_asked(lang)
    by_language = {
        code: ReportParameters.validate(
            {
                "db_path": str(Path(db_path).resolve()),
                "period": period,
                "framework": framework,
                "min_cell": min_cell,
                "lang": code,
            }
        )
        for code in languages
    }
    params = by_language[languages[0]]
    chosen = scheduled(notebooks)
    archive = Archive(Path(out_dir), group=group)
    mark = RunMark.of_this_process("report")
    with archive.locked(mark):
        if lake is None:
            ran = ensure_checks(params.db_path, params.period, framework)
            _forget_lake_figures(params.db_path, params.period, framework)
        else:
            ran = lake.ensure_checks(params.db_path, params.period, framework)
        if ran:
            echo(f"ran the checks for {', '.join(ran)}")
        if lake is not None:
            figures = lake.compute_figures(params.db_path, params.period, framework, languages)
            echo(f"computed {figures.stored} figures on Spark ({figures.seconds:.1f} s)")
        build = archive.new_build(params.period.label)
        run = ReportRun(params.period.label, build, archive.root / "index.html")
        failures: list[str] = []
        workers = max(1, min(jobs or os.cpu_count() or 1, len(chosen) * len(languages)))
        # One picture of the data for the whole set: while this read-only connection is open
        # DuckDB lets no writer in, so a load waits until the last notebook is done (saying
        # so), instead of slipping in between two pages and making them disagree. The kernels
        # open the database for one notebook at a time (KernelSession closes it after each).
        snapshot = connect(params.db_path, read_only=True)
        try:
            organisation = snapshot.execute("SELECT name FROM organisation").fetchone()
            navigation = Navigation(
                tuple(nb.name for nb in chosen),
                languages,
                organisation[0] if organisation else "",
            )
            with (
                # the section colours for the index, beside the notebooks: grading them needs
                # the dashboard's modules, seconds to import, and this process only waits
                ThreadPoolExecutor(max_workers=1) as aside,
                lifeline.marked(mark),  # the fork server, if it starts now, and its workers
                ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=_worker_context(),
                    initializer=start_worker,
                    initargs=(str(mark),),
                ) as pool,
            ):
                colours = (
                    aside.submit(section_colours, params)
                    if any(nb.name == "compliance_dashboard" for nb in chosen)
                    else None
                )
                executions = {
                    pool.submit(
                        _execute_one, nb, notebook_dir, build, each, kernel_name, timeout_s
                    ): nb
                    for nb in chosen
                    for each in by_language.values()
                }
                # each page is exported as soon as its notebook ran, once the colours are known
                exports = {}
                for future in as_completed(executions):
                    notebook = executions[future]
                    try:
                        name, executed, seconds = future.result()
                    except ReportError as exc:
                        failures.append(str(exc))
                        echo(f"  failed  {notebook.name}")
                        continue
                    if colours is not None:
                        navigation = replace(navigation, statuses=colours.result())
                        colours = None
                    exports[pool.submit(_export_one, executed, navigation)] = (name, seconds)
                for future in as_completed(exports):
                    name, seconds = exports[future]
                    html_path, exported = future.result()
                    run.html[name], run.seconds[name] = html_path, seconds + exported
                    echo(f"  done    {name} ({seconds + exported:.1f} s)")
            pages = {
                name: path.read_text(encoding="utf-8") for name, path in sorted(run.html.items())
            }
            if failures:
                shown = {}
            elif lake is not None:  # the subjects are in the lake: compare there
                shown = lake.identifiers_shown(pages)
            else:
                shown = identifiers_shown(snapshot.cursor(), pages)
        finally:
            snapshot.close()
        if not failures:
            for name, html in pages.items():
                try:
                    check_publishable(f"{name}.html", html, shown.get(name, []))
                except ReportError as exc:
                    failures.append(str(exc))
        if pdf and not failures:
            failures.extend(_print_dashboards(build, run, languages, echo))
        if failures:
            kept = archive.set_aside(params.period.label, build)
            raise ReportError(
                f"report {params.period.label} not published; executed notebooks kept in "
                f"{kept}:\n  " + "\n  ".join(sorted(failures))
            )
        run.folder = archive.publish(params.period.label, build)
        run.html = {name: run.folder / path.name for name, path in run.html.items()}
        run.pdf = {name: run.folder / path.name for name, path in run.pdf.items()}
        run.index = archive.rebuild_index(navigation.organisation, languages[0])
    return run


def _forget_lake_figures(db_path: Path, period: Period, framework: str) -> None:
    """A DuckDB report computes its figures itself: drop any stored from a lake for `period`
    (a no-op, without writing, for a database that never had any)."""
    from governance.reports.stored import forget_figures

    forget_figures(db_path, period, framework)


def _print_dashboards(
    build: Path, run: ReportRun, languages: Sequence[str], echo: Callable[[str], None]
) -> list[str]:
    """The guarded dashboard of each language as PDF beside it; the failures, as messages."""
    from governance.publish.pdf import print_to_pdf

    failures = []
    for code in languages:
        html = build / page_name("compliance_dashboard", code)
        if not html.exists():
            failures.append("--pdf: the dashboard (compliance_dashboard) is not in this run")
            break
        target = build / page_name("compliance_dashboard", code, "pdf")
        try:
            print_to_pdf(html, target)
        except ReportError as exc:
            failures.append(str(exc))
            continue
        run.pdf[target.name.removesuffix(".pdf")] = target
        echo(f"  done    {target.name}")
    return failures
