"""flask commands for the forum package: catalogue, policies and demo data."""
import json
import secrets
import time
from importlib import resources

import click
from flask import current_app
from flask.cli import AppGroup

from forum.extensions import db
from forum.platform.backups import BackupError, create_backup, restore_backup
from forum.platform.jobs import make_worker
from forum.platform.mail import retry_due_emails
from forum.services import DomainError
from forum.services.catalogue import load_seed_catalogue, seed_catalogue
from forum.services.demo import demo_totp_code, seed_demo_accounts
from forum.services.policies import current_policy, publish_policy
from forum.services.scale_seed import seed_scale

catalogue_cli = AppGroup("catalogue", help="The condition and procedure catalogue.")
policies_cli = AppGroup("policies", help="Versioned community policies.")
demo_cli = AppGroup("demo", help="Demo data for development (never in production).")


@catalogue_cli.command("seed")
def catalogue_seed():
    """Create or update the seeded specialties, conditions and procedures."""
    specialties, topics = seed_catalogue(load_seed_catalogue())
    db.session.commit()
    click.echo(f"Catalogue seeded: {specialties} specialties and {topics} topics created.")


@policies_cli.command("seed")
def policies_seed():
    """Publish version 1 of each policy document that has no version yet."""
    texts = json.loads(resources.files("forum").joinpath("seed_data/policies.json").read_text())
    created = 0
    for kind, text in texts.items():
        if current_policy(kind) is None:
            publish_policy(None, kind, summary=text["summary"], body_md=text["body"])
            created += 1
    db.session.commit()
    click.echo(f"Policies seeded: {created} documents published.")


@demo_cli.command("seed")
@click.option("--password", envvar="DEMO_PASSWORD", default=None,
              help="Password for every demo account (default: a new random one each run).")
def demo_seed(password):
    """Create (or reset) one demo account per role and print their credentials."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Demo data is never created in production.")
    password = password or secrets.token_urlsafe(12)
    accounts = seed_demo_accounts(password)
    db.session.commit()
    click.echo("Demo accounts (all share this password):")
    click.echo(f"  password: {password}")
    for user in accounts:
        click.echo(f"  {user.role:<10} {user.email:<40} {user.pseudonym}")
    if any(user.has_two_factor for user in accounts):
        click.echo("Clinicians, staff and admin log in with a two-factor code as well; to get the current one:")
        click.echo("  flask --app wsgi demo totp cardiologist@demo.rounds.invalid")


@demo_cli.command("totp")
@click.argument("email")
def demo_totp(email):
    """Print a demo account's current two-factor code (instead of an authenticator app)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Demo codes are never printed in production.")
    try:
        code, seconds = demo_totp_code(email)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{code}  (valid for {seconds} more seconds; a new code every 30 seconds)")


@demo_cli.command("scale")
@click.option("--questions", default=100_000, show_default=True, help="Questions to add.")
@click.option("--replies", type=int, default=None, help="Community replies to add (default: 3 per question).")
@click.option("--members", type=int, default=None, help="Members to add (default: 1 per 10 questions).")
@click.option("--clinicians", default=50, show_default=True, help="Verified clinicians to add.")
@click.option("--resources", "resource_count", default=500, show_default=True, help="Resources to add (9 in 10 vetted).")
@click.option("--password", envvar="DEMO_PASSWORD", default=None,
              help="Password shared by every synthetic account (default: a new random one).")
@click.option("--seed", default=7, show_default=True, help="Random seed, for repeatable data.")
@click.option("--batch-size", default=5000, show_default=True, help="Rows per INSERT batch and transaction.")
def demo_scale(questions, replies, members, clinicians, resource_count, password, seed, batch_size):
    """Add a realistic volume of synthetic content for benchmarks (needs the catalogue)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Demo data is never created in production.")
    started = time.perf_counter()
    try:
        report = seed_scale(questions=questions, replies=replies, members=members, clinicians=clinicians,
                            resources=resource_count, password=password or secrets.token_urlsafe(12), seed=seed,
                            batch_size=batch_size, progress=click.echo, end_batch=db.session.commit)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    statuses = ", ".join(f"{count:,} {status}" for status, count in sorted(report.by_status.items()))
    click.echo(f"Added {report.questions:,} questions ({statuses}), {report.answers:,} answers, "
               f"{report.replies:,} replies, {report.review_items:,} review items, {report.members:,} members, "
               f"{report.clinicians:,} clinicians and {report.resources:,} resources "
               f"in {time.perf_counter() - started:.1f} s.")


mail_cli = AppGroup("mail", help="The email outbox.")


@mail_cli.command("retry")
def mail_retry():
    """Send queued emails whose retry time has come."""
    sent, failing = retry_due_emails()
    click.echo(f"Outbox: {sent} sent, {failing} still failing.")


backup_cli = AppGroup("backup", help="Backups of a SQLite database (PostgreSQL: pg_dump).")


@backup_cli.command("create")
@click.argument("path", required=False)
def backup_create(path):
    """Write a consistent copy of the live SQLite database (default: instance/backups/)."""
    try:
        written = create_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {written}")


@backup_cli.command("restore")
@click.argument("path")
def backup_restore(path):
    """Replace the live SQLite database with a backup (stop the app servers first)."""
    db.session.remove()
    db.engine.dispose()
    try:
        revision, saved = restore_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {path} (migration revision {revision}); "
               f"the replaced database was saved to {saved}. Run `flask db upgrade` next.")


jobs_cli = AppGroup("jobs", help="The background job queue (RQ on Redis).")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def jobs_worker(burst):
    """Run an RQ worker: each job runs inside the app context; failed jobs are retried."""
    if not current_app.config["REDIS_URL"]:
        raise click.ClickException("Set REDIS_URL (and JOBS_BACKEND=rq) to use the job queue.")
    make_worker(current_app._get_current_object()).work(burst=burst, with_scheduler=True)
