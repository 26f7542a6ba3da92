"""flask resources ...: link checks, CSV import/export and the seed library."""
import sys

import click
from flask.cli import AppGroup

from forum.extensions import db
from forum.models import User
from forum.services import DomainError
from moderation.services.link_check import (
    LinkResult,
    check_links,
    record_link_results,
    vetted_link_targets,
)
from moderation.services.resource_bulk import (
    export_resources_csv,
    import_resources_csv,
    load_seed_resources,
    seed_resources,
    seed_vetter,
)

resources_cli = AppGroup("resources", help="The vetted resource library.")


@resources_cli.command("check")
@click.option("--workers", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Links checked at the same time.")
@click.option("--timeout", type=click.FloatRange(0.1, 120), default=10.0, show_default=True,
              help="Seconds to wait for each request.")
def check(workers, timeout):
    """Check every vetted resource's link and mark the broken ones."""
    targets = vetted_link_targets()
    total = len(targets)
    done = 0

    def progress(result: LinkResult):
        nonlocal done
        done += 1
        detail = result.error or result.status
        click.echo(f"[{done}/{total}] {result.outcome:<10} {detail} {result.url}", err=True)

    results = check_links(targets, workers=workers, timeout=timeout, on_result=progress)
    record_link_results(results)
    db.session.commit()
    counts = {outcome: sum(1 for r in results if r.outcome == outcome)
              for outcome in ("ok", "redirected", "broken")}
    click.echo(f"{'outcome':<12}{'count':>6}")
    for outcome, count in counts.items():
        click.echo(f"{outcome:<12}{count:>6}")
    broken = sorted((r for r in results if r.broken), key=lambda r: r.resource_id)
    if broken:
        click.echo("\nBroken links:")
        for result in broken:
            click.echo(f"  #{result.resource_id:<6} {result.error:<28} {result.url}")


@resources_cli.command("import")
@click.argument("csv_file", type=click.File("r", encoding="utf-8"))
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--as-staff", "staff_email", metavar="EMAIL",
              help="Staff account recorded as vetter of rows whose status is vetted.")
def import_csv(csv_file, dry_run, staff_email):
    """Import resources from CSV: all rows or, if any row is invalid, none."""
    vetter = None
    if staff_email:
        vetter = db.session.scalar(User.by_email(staff_email))
        if vetter is None:
            raise click.ClickException("No account has the email given to --as-staff.")
    try:
        count, errors = import_resources_csv(csv_file.read(), vetter=vetter, dry_run=dry_run)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    if errors:
        db.session.rollback()
        for error in errors:
            click.echo(str(error), err=True)
        click.echo(f"{len(errors)} error(s); nothing was imported.", err=True)
        sys.exit(1)
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run: {count} row(s) are valid; nothing was imported.")
        return
    db.session.commit()
    click.echo(f"Imported {count} resource(s).")


@resources_cli.command("export")
@click.argument("csv_file", type=click.File("w", encoding="utf-8", lazy=True), default="-")
def export_csv(csv_file):
    """Export every resource as CSV (to FILE, or standard output)."""
    count = export_resources_csv(csv_file)
    click.echo(f"Exported {count} resource(s).", err=True)


@resources_cli.command("seed")
def seed():
    """Add the seed library (moderation/seed_data/resources.json) as vetted; idempotent."""
    try:
        vetter = seed_vetter()
    except DomainError as error:
        raise click.ClickException(error.message) from None
    created, present, problems = seed_resources(load_seed_resources(), vetter)
    db.session.commit()
    for problem in problems:
        click.echo(f"skipped: {problem}", err=True)
    click.echo(f"Resources seeded: {created} created, {present} already present, "
               f"{len(problems)} skipped.")
