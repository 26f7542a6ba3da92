"""flask notify: the email digest of newly answered questions people follow."""
import sys

import click
from flask.cli import AppGroup

from forum.extensions import db
from forum.models.base import utcnow
from forum.models.enums import DigestPeriod
from forum.services.digests import count_subscribers, send_digest, subscriber_batches

notify_cli = AppGroup("notify", help="Notifications and email digests.")


@notify_cli.command("digest")
@click.option("--period", type=click.Choice([DigestPeriod.DAILY.value, DigestPeriod.WEEKLY.value]),
              required=True, help="Send to the members who chose this digest.")
@click.option("--batch-size", default=200, show_default=True, help="Members per transaction.")
def digest(period, batch_size):
    """Email each subscriber the questions they follow answered since their last digest."""
    now = utcnow()
    total = count_subscribers(period)
    sent = checked = 0
    with click.progressbar(length=total, label=f"{period} digest", file=sys.stderr) as bar:
        for batch in subscriber_batches(period, batch_size):
            for setting, user in batch:
                sent += send_digest(setting, user, period, now)
            db.session.commit()  # emails leave after this commit
            checked += len(batch)
            bar.update(len(batch))
    db.session.commit()  # ends the read that found no further batch (SQLite: releases the write lock)
    click.echo(f"{period} digest: {sent} email(s) sent to {checked} subscriber(s).")
