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

    if app.config["PROXY_FIX_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from forum import database, http, templating

    database.init_app(app)
    http.init_app(app)
    templating.init_app(app)

    from forum.views import account, auth, main

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)

    from forum.cli import catalogue_cli, demo_cli, mail_cli, policies_cli

    app.cli.add_command(catalogue_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(policies_cli)
    app.cli.add_command(demo_cli)

    from forum.safety.cli import safety_cli

    app.cli.add_command(safety_cli)

    # The one place forum reaches into moderation: registering it.
    import moderation

    moderation.init_app(app)
    return app
