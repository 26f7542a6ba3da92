"""`flask audit verify` and `flask audit checkpoint`: the keyed chain and its signed checkpoints."""
from pathlib import Path

import click
from flask.cli import AppGroup

from forum.extensions import db
from forum.services.audit import create_checkpoint, parse_checkpoints, verify_audit_chain

audit_cli = AppGroup("audit", help="The tamper-evident audit trail.")


@audit_cli.command("verify")
@click.option("--checkpoint", "checkpoints", multiple=True, metavar="FILE|LINE|HASH",
              help="A checkpoint kept off this host: a file holding checkpoint lines (e.g. the saved email), "
                   "one checkpoint line, or a bare head hash. May be repeated.")
def audit_verify(checkpoints):
    """Check every entry's HMAC and link, and that the chain still reaches each checkpoint; exit 1 if not."""
    given = []
    for value in checkpoints:
        path = Path(value)
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else value
        found = parse_checkpoints(text)
        if not found:
            raise click.BadParameter(f"no checkpoint line or head hash in {value!r}", param_hint="--checkpoint")
        given.extend(found)
    report = verify_audit_chain(given)
    if not report.ok:
        click.echo(report.summary(), err=True)
        raise SystemExit(1)
    click.echo(report.summary())


@audit_cli.command("checkpoint")
def audit_checkpoint():
    """Verify the chain, then print and store a signed line with its head hash and entry count.

    Keep the printed line off this host (e.g. cron mails it to the compliance address):
    `flask audit verify --checkpoint` with it later detects truncation and rewrites."""
    try:
        checkpoint = create_checkpoint()
    except ValueError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(checkpoint.line())
