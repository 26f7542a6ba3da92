"""Rounds: the app factory."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from forum.cli.notify import notify_cli
from forum.cli.operations import (
    backup_cli,
    catalogue_cli,
    demo_cli,
    jobs_cli,
    mail_cli,
    policies_cli,
)
from forum.cli.privacy import privacy_cli
from forum.cli.safety import safety_cli
from forum.cli.search import search_cli
from forum.config import load_config
from forum.extensions import csrf, db, limiter, login_manager, migrate
from forum.platform import (
    abuse,
    database,
    i18n,
    jobs,
    logs,
    page_cache,
    redis_guard,
    request_hooks,
    sessions,
    templating,
    unit_of_work,
)
from forum.services import subscriptions as subscription_service
from forum.views import (
    account,
    articles,
    auth,
    clinicians,
    feeds,
    health,
    language,
    library,
    main,
    notifications,
    privacy,
    questions,
    replies,  # noqa: F401  (adds its routes to the questions blueprint)
    search,
    sso,
    subscriptions,
    topics,
)

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINTS = (main, health, language, library, auth, sso, account, topics, questions, privacy, search, clinicians,
              feeds, subscriptions, notifications, articles)
COMMANDS = (backup_cli, jobs_cli, catalogue_cli, mail_cli, policies_cli, demo_cli, safety_cli,
            privacy_cli, notify_cli, search_cli)


def create_app(config: dict | None = None) -> Flask:
    app = Flask("forum", static_folder=str(ROOT / "static"), instance_path=str(ROOT / "instance"))
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)

    logs.configure_logging(app)
    if app.config["ENV_NAME"] == "production" and not app.config["ONCALL_EMAILS"].strip(", "):
        # The crisis page then says only that the post is at the top of the queue; say so at start-up too.
        app.logger.warning("ONCALL_EMAILS is not set: posts that may describe a crisis are marked urgent "
                           "in the queue, but nobody is emailed about them.")
    database.configure_engine(app)
    redis_guard.configure(app)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    database.init_app(app)
    jobs.init_app(app)
    request_hooks.init_app(app)
    templating.init_app(app)
    i18n.init_app(app)  # after templating: its date filters are the localised ones
    page_cache.init_app(app)
    sessions.init_app(app)

    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
    feeds.init_app(app)
    subscriptions.init_app(app)
    sso.init_app(app)
    abuse.connect()
    subscription_service.connect()

    for command in COMMANDS:
        app.cli.add_command(command)

    # The one place forum reaches into moderation: registering it.
    import moderation

    moderation.init_app(app)
    unit_of_work.init_app(app)  # last: it wraps every view the blueprints registered
    return app
