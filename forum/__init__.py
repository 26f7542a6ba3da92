"""Rounds: the app factory."""
from pathlib import Path

from flask import Flask

from forum.config import load_config
from forum.extensions import csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        "forum",
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)

    from forum import database, logging_setup

    logging_setup.configure_logging(app)
    database.configure_engine(app)

    if app.config["PROXY_FIX_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from forum import http, jobs, page_cache, templating

    database.init_app(app)
    jobs.init_app(app)
    http.init_app(app)
    templating.init_app(app)
    page_cache.init_app(app)

    from forum import sessions

    sessions.init_app(app)

    from forum.views import health
    from forum.views import account, auth, library, main, questions, replies, topics  # noqa: F401 (replies adds routes)

    app.register_blueprint(main.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(library.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(topics.bp)
    app.register_blueprint(questions.bp)

    from forum import abuse
    from forum.views import privacy

    app.register_blueprint(privacy.bp)
    abuse.connect()

    from forum.services import subscriptions as subscription_service
    from forum.views import clinicians, feeds, search, subscriptions

    app.register_blueprint(search.bp)
    app.register_blueprint(clinicians.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(subscriptions.bp)
    feeds.init_app(app)
    subscriptions.init_app(app)
    subscription_service.connect()

    from forum.cli import backup_cli, catalogue_cli, demo_cli, jobs_cli, mail_cli, policies_cli

    app.cli.add_command(backup_cli)
    app.cli.add_command(jobs_cli)

    app.cli.add_command(catalogue_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(policies_cli)
    app.cli.add_command(demo_cli)

    from forum.safety.cli import safety_cli

    app.cli.add_command(safety_cli)

    from forum.privacy_cli import privacy_cli

    app.cli.add_command(privacy_cli)

    from forum.notify_cli import notify_cli
    from forum.search.cli import search_cli

    app.cli.add_command(notify_cli)
    app.cli.add_command(search_cli)

    # The one place forum reaches into moderation: registering it.
    import moderation

    moderation.init_app(app)
    return app
