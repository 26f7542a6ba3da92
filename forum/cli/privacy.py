"""flask privacy: housekeeping for personal data."""
import click
from flask.cli import AppGroup

from forum.extensions import db
from forum.services import DomainError
from forum.services.privacy import purge_ip_events

privacy_cli = AppGroup("privacy", help="Personal-data housekeeping.")


@privacy_cli.command("purge")
@click.option("--days", type=int, default=None, help="Keep this many days (default IP_RETENTION_DAYS).")
def purge(days):
    """Delete hashed-IP abuse records older than the retention period."""
    try:
        removed = purge_ip_events(days)
    except DomainError as error:
        raise click.BadParameter(error.message, param_hint="--days") from None
    db.session.commit()
    click.echo(f"Purged {removed} IP event(s).")
