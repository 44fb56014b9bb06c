"""The ``hc-reconcile`` command line (CONTRACT §5), built with typer + rich."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hc_reconcile.config import Settings, load_settings
from hc_reconcile.errors import HcReconcileError
from hc_reconcile.ingest.outcome import FileOutcome
from hc_reconcile.landing import LandedFile, list_dates

if TYPE_CHECKING:  # typer vendors click; its Context is the one parse_args receives
    from typer._click.core import Context as ClickContext

app = typer.Typer(
    name="hc-reconcile",
    help="Revenue-cycle reconciliation: load landing files into DuckDB, reconcile, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file (also HC_CONFIG).", dir_okay=False)
]


def _fail(exc: HcReconcileError | OSError) -> typer.Exit:
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        message = f"cannot read or write{where}: {exc.strerror or exc}. Check the paths you gave."
    else:
        message = str(exc)
    err.print(f"[bold red]hc-reconcile: error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


def _parse_dates(values: list[str] | None) -> list[date] | None:
    if not values:
        return None
    parsed = []
    for value in values:
        try:
            parsed.append(date.fromisoformat(value))
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
    return parsed


def _check_dates(values: list[str] | None) -> list[str] | None:
    """Option callback: a bad ``--date`` is a usage error (exit 2) naming the option."""
    _parse_dates(values)
    return values


_DATE_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


class _DatesCommand(typer.core.TyperCommand):
    """A command whose ``--date`` takes one or more values: ``--date A B`` means ``--date A --date B``.

    Before click parses, every bare word that follows a ``--date`` value (up to the next
    option or ``--``) is rewritten as its own ``--date``. A date-like word with no ``--date``
    before it is a usage error with a hint; any other stray word keeps click's own message.
    """

    dates_option = "--date"

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        takes_value = {
            opt
            for param in self.params
            if isinstance(param, typer.core.TyperOption) and not param.is_flag and not param.count
            for opt in param.opts
        }
        spread: list[str] = []
        in_dates = False
        i = 0
        while i < len(args):
            word = args[i]
            i += 1
            if word == "--":
                spread += args[i - 1 :]
                break
            if word.startswith("-") and word != "-":
                name, eq, _ = word.partition("=")
                in_dates = name == self.dates_option
                spread.append(word)
                if name in takes_value and not eq and i < len(args):
                    spread.append(args[i])
                    i += 1
                continue
            if in_dates:
                spread += [self.dates_option, word]
            elif _DATE_LIKE.fullmatch(word):
                ctx.fail(
                    f"unexpected argument {word!r}: dates go after {self.dates_option}, "
                    f"as in {self.dates_option} {word} (or {self.dates_option} D1 D2 ...)"
                )
            else:
                spread.append(word)
        return super().parse_args(ctx, spread)


class _RichProgress:
    """Progress bar on a terminal; silent otherwise (logs and CI stay clean)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("dates", total=0)
        self.files = progress.add_task("files", total=0)

    def plan(self, *, dates: list[date], files: int) -> None:
        self.progress.update(self.task, total=len(dates), description="business dates")
        self.progress.update(self.files, total=files, description="landing files")

    def file_done(self, file: LandedFile, outcome: FileOutcome) -> None:
        self.progress.advance(self.files)
        if outcome.status == "quarantined":
            self.progress.console.print(
                f"[yellow]quarantined[/] {file.business_date}/{file.source}/{file.name}: {outcome.reason}",
                highlight=False,
            )

    def date_done(self, business_date: date) -> None:
        self.progress.update(self.task, advance=1, description=f"business dates (done {business_date})")


def run_with_progress(settings: Settings, dates: list[date] | None) -> str:
    from hc_reconcile.pipeline import run

    if out.is_terminal:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=out, transient=False) as progress:
            summary = run(settings, dates=dates, progress=_RichProgress(progress))
    else:
        summary = run(settings, dates=dates)
    return summary.paragraph()


@app.command("run", cls=_DatesCommand)
def run_command(
    landing: Annotated[Path | None, typer.Option(help="Landing folder with YYYY-MM-DD date folders.")] = None,
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB file analysts open (published atomically).")] = None,
    outbox: Annotated[Path | None, typer.Option(help="Folder for correction feeds (<outbox>/<date>/).")] = None,
    date_: Annotated[list[str] | None, typer.Option(
        "--date", metavar="D ...", callback=_check_dates,
        help="Business date(s) YYYY-MM-DD to run: --date D1 D2 or --date D1 --date D2; default: every date folder.",
    )] = None,
    config: ConfigOpt = None,
) -> None:
    """Load and reconcile the given dates (or every date folder), each as of its own date."""
    try:
        settings = load_settings(config_file=config, landing=landing, warehouse=warehouse, outbox=outbox)
        dates = _parse_dates(date_)
        out.print(run_with_progress(settings, dates), highlight=False, soft_wrap=True)
    except (HcReconcileError, OSError) as exc:
        raise _fail(exc) from None


@app.command("generate")
def generate_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder: <out>/landing and <out>/ground_truth.")],
    days: Annotated[int, typer.Option(min=1, help="Number of business dates.")] = 30,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same bytes).")] = 1,
    scale: Annotated[str, typer.Option(help="small | medium | large")] = "small",
    start: Annotated[str, typer.Option(help="First business date YYYY-MM-DD.")] = "2026-11-01",
) -> None:
    """Synthetic landing data with injected faults and the expected results as ground truth."""
    from hc_reconcile.generate import generate

    if scale not in ("small", "medium", "large"):
        raise typer.BadParameter("scale must be small, medium or large", param_hint="--scale")
    scale_lit: Literal["small", "medium", "large"] = scale  # type: ignore[assignment]
    first = _parse_dates([start])[0]  # type: ignore[index]
    try:
        generate(out_dir, days=days, seed=seed, scale=scale_lit, start=first)
    except OSError as exc:
        raise _fail(exc) from None
    truth = f"no ground truth at large scale (the oracle is skipped: {out_dir / 'ground_truth'} holds only faults.csv and manifest.json; see docs/generator.md)" if scale == "large" else f"ground truth in {out_dir / 'ground_truth'}"
    out.print(f"Generated {days} business date(s) into {out_dir / 'landing'}; {truth}.", highlight=False)


DEMO_QUERIES = (
    ("Open exceptions by type", "SELECT exception_type, count(*) AS n, sum(amount) AS amount FROM recon.exceptions WHERE status = 'open' GROUP BY ALL ORDER BY amount DESC;"),
    ("KPIs of the last date", "SELECT kpi, value FROM recon.kpi_daily WHERE business_date = (SELECT max(business_date) FROM recon.kpi_daily) ORDER BY kpi;"),
    ("What did not load", "SELECT business_date, source, file_name, status, rows_rejected, reason FROM recon.file_log WHERE status <> 'loaded' OR rows_rejected > 0 ORDER BY ALL;"),
)


@app.command("demo")
def demo_command(
    folder: Annotated[Path, typer.Option(help="Where the demo writes its data.")] = Path("demo"),
) -> None:
    """Generate a small data set, run it end to end, report on it, and show where to look."""
    from hc_reconcile.generate import generate
    from hc_reconcile.report import build_report, default_out_dir, write_report

    try:
        generate(folder, days=30, seed=1, scale="small")
        settings = load_settings(
            landing=folder / "landing", warehouse=folder / "warehouse.duckdb", outbox=folder / "outbox"
        )
        summary = run_with_progress(settings, None)
        out.print(summary, highlight=False, soft_wrap=True)
        last = list_dates(settings.landing)[0][-1]
        report = build_report(
            warehouse=settings.warehouse,
            business_date=last,
            queues=sorted(settings.report_recipients),
            dagster_url="http://127.0.0.1:3000",
        )
        written = write_report(report, out_dir=default_out_dir(settings))
    except (HcReconcileError, OSError) as exc:
        raise _fail(exc) from None
    wh = settings.warehouse.resolve()
    out.print(f"\n[bold]Daily report:[/] {written.html.resolve()}", highlight=False)
    out.print(f"[bold]Warehouse:[/] {wh}\nOpen it with:  .venv/bin/duckdb -readonly {wh}\n", highlight=False)
    for title, sql in DEMO_QUERIES:
        out.print(f"[bold]-- {title}[/]\n{sql}\n", highlight=False, soft_wrap=True)
    out.print(
        "[bold]Dagster UI[/] (from the repo root; workspace.yaml loads the definitions):\n"
        f"  HC_LANDING={folder}/landing HC_WAREHOUSE={folder}/warehouse.duckdb HC_OUTBOX={folder}/outbox "
        "DAGSTER_HOME=$PWD/.dagster_home .venv/bin/dagster dev\n  then open http://127.0.0.1:3000",
        highlight=False,
    )


@app.command("sftp-pull")
def sftp_pull_command(
    date_: Annotated[str | None, typer.Option("--date", help="Business date folder to land into; default: today in the configured time zone.")] = None,
    landing: Annotated[Path | None, typer.Option(help="Landing folder (also HC_LANDING).")] = None,
    config: ConfigOpt = None,
) -> None:
    """Download new 835 files from the clearinghouse SFTP server (HC_SFTP_* settings) into <landing>/<D>/remit/."""
    from hc_reconcile.sources.files import today_in
    from hc_reconcile.sources.sftp import pull
    from hc_reconcile.sources.sftp_config import load_sftp_settings

    try:
        settings = load_settings(config_file=config, landing=landing)
        dates = _parse_dates([date_] if date_ else None)
        business_date = dates[0] if dates else today_in(settings.timezone)
        result = pull(settings=load_sftp_settings(), landing=settings.landing, business_date=business_date)
        out.print(result.summary(), highlight=False, soft_wrap=True)
    except (HcReconcileError, OSError) as exc:
        raise _fail(exc) from None


@app.command("pull-sql")
def pull_sql_command(
    source: Annotated[str, typer.Option(help="gl_journal | referrals | accounts | charges | claims | postings")],
    date_: Annotated[str, typer.Option("--date", help="Business date YYYY-MM-DD to extract and land into.")],
    url: Annotated[str | None, typer.Option(help="SQLAlchemy database URL (also HC_SQL_URL, which keeps the password out of the process list).")] = None,
    query: Annotated[Path | None, typer.Option(help="SQL file using :business_date (and optionally :next_date).", dir_okay=False)] = None,
    table: Annotated[str | None, typer.Option(help="Table or view to read (must exist in the database).")] = None,
    date_column: Annotated[str | None, typer.Option(help="With --table: the column holding the business date.")] = None,
    landing: Annotated[Path | None, typer.Option(help="Landing folder (also HC_LANDING).")] = None,
    config: ConfigOpt = None,
) -> None:
    """Extract one CSV source for a business date from a SQL database into <landing>/<D>/<system>/<source>_sql.csv."""
    import os

    from hc_reconcile.errors import ConfigError
    from hc_reconcile.landing import CSV_SOURCES
    from hc_reconcile.sources.sql import pull_sql

    if source not in CSV_SOURCES:
        raise typer.BadParameter(f"must be one of {', '.join(CSV_SOURCES)}", param_hint="--source")
    business_date = (_parse_dates([date_]) or [])[0]
    try:
        settings = load_settings(config_file=config, landing=landing)
        db_url = url or os.environ.get("HC_SQL_URL")
        if not db_url:
            raise ConfigError("no database: pass --url URL or set HC_SQL_URL")
        result = pull_sql(
            url=db_url, source=source, business_date=business_date, landing=settings.landing,  # type: ignore[arg-type]
            query_file=query, table=table, date_column=date_column,
        )
        out.print(result.summary(), highlight=False, soft_wrap=True)
    except (HcReconcileError, OSError) as exc:
        raise _fail(exc) from None


@app.command("report")
def report_command(
    date_: Annotated[str, typer.Option("--date", help="Business date of the report, YYYY-MM-DD.")],
    warehouse: Annotated[Path | None, typer.Option(help="Published DuckDB file (opened read-only).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Folder for report-D.html and the CSVs; default: reports/ beside the warehouse.")] = None,
    send: Annotated[bool, typer.Option("--send", help="E-mail the report (one message per team in report_recipients).")] = False,
    to: Annotated[list[str] | None, typer.Option("--to", help="Send one full report (every queue's CSV) to ADDRESS instead (repeatable; implies --send).")] = None,
    dagster_url: Annotated[str, typer.Option(envvar="HC_DAGSTER_URL", help="Dagster UI link in the report.")] = "http://127.0.0.1:3000",
    config: ConfigOpt = None,
) -> None:
    """Daily report for D: HTML with charts and a CSV of open exceptions per owner queue; --send e-mails it."""
    from hc_reconcile.report import build_report, default_out_dir, send_report, write_report

    business_date = _parse_dates([date_])[0]  # type: ignore[index]
    try:
        settings = load_settings(config_file=config, warehouse=warehouse)
        target = out_dir or default_out_dir(settings)
        report = build_report(
            warehouse=settings.warehouse,
            business_date=business_date,
            queues=sorted(settings.report_recipients),
            dagster_url=dagster_url,
        )
        written = write_report(report, out_dir=target)
        out.print(f"Report: {written.html}", highlight=False, soft_wrap=True)
        for queue, path in written.csvs.items():
            out.print(f"  {queue}: {path}", highlight=False, soft_wrap=True)
        if send or to:
            result = send_report(report, settings=settings, out_dir=target, to=to or [])
            out.print(
                f"E-mail: sent to {len(result.sent)} recipient(s), {len(result.skipped)} already sent before.",
                highlight=False,
            )
    except (HcReconcileError, OSError) as exc:
        raise _fail(exc) from None


def main() -> None:  # pragma: no cover - console entry point
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
