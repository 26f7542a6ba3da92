"""`flask audit verify`: walk the hash chain and report the first broken entry."""
import click
from flask.cli import AppGroup

from forum.services.audit import verify_audit_chain

audit_cli = AppGroup("audit", help="The tamper-evident audit trail.")


@audit_cli.command("verify")
def audit_verify():
    """Check every audit entry's hash and link; exit 1 at the first bad entry."""
    checked, bad_id = verify_audit_chain()
    if bad_id is not None:
        click.echo(f"Audit chain BROKEN at entry {bad_id} ({checked} entries before it are OK).", err=True)
        raise SystemExit(1)
    click.echo(f"Audit chain OK: {checked} entries checked.")
