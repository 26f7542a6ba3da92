"""flask commands for the forum package: catalogue, policies and demo data."""
import json
import secrets
from importlib import resources

import click
from flask import current_app
from flask.cli import AppGroup

from forum.extensions import db
from forum.mail import retry_due_emails
from forum.services.catalogue import load_seed_catalogue, seed_catalogue
from forum.services.demo import seed_demo_accounts
from forum.services.policies import current_policy, publish_policy

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


mail_cli = AppGroup("mail", help="The email outbox.")


@mail_cli.command("retry")
def mail_retry():
    """Send queued emails whose retry time has come."""
    sent, failing = retry_due_emails()
    click.echo(f"Outbox: {sent} sent, {failing} still failing.")
