"""`flask console deadlines`: email lead clinicians about questions near or past their answer target."""
import click
from flask.cli import AppGroup

from forum.extensions import db
from forum.models.base import utcnow
from moderation.services.deadlines import notify_deadlines

console_cli = AppGroup("console", help="Staff console jobs.")


@console_cli.command("deadlines")
def console_deadlines():
    """Email each specialty's lead clinician once per question at 75% of the answer target
    or past it (idempotent: run it from cron every 15 minutes or so)."""
    notified = notify_deadlines(utcnow())
    db.session.commit()
    click.echo(f"Told lead clinicians about {notified} question(s).")
