"""Fixtures that start real servers: Redis, PostgreSQL and gunicorn app servers."""
import itertools

import pytest

from tests.ops.servers import (AppServer, PostgresServer, RedisServer, deployment_env, prepare_database,
                               sqlalchemy_url)

_names = itertools.count()


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer().init()
    yield server
    server.destroy()


class Deployment:
    """One database (SQLite file or PostgreSQL), optionally Redis, and gunicorn servers."""

    def __init__(self, database_url: str, directory, redis_url: str | None = None, **settings):
        self.database_url = database_url
        self.sqlalchemy_url = sqlalchemy_url(database_url)
        self.directory = directory
        self.env = deployment_env(database_url, redis_url, **settings)
        self.servers: list[AppServer] = []
        prepare_database(self.env)

    def start_server(self, workers: int = 1, port: int | None = None) -> AppServer:
        server = AppServer(self.env, self.directory / f"gunicorn-{len(self.servers)}.log", workers, port).start()
        self.servers.append(server)
        return server

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def logs(self) -> str:
        return "\n".join(server.log() for server in self.servers)


@pytest.fixture
def deploy(tmp_path, request):
    """deploy("sqlite" | "postgres", redis_url=None, **env settings) -> Deployment."""
    made = []

    def _deploy(backend: str, redis_url: str | None = None, **settings) -> Deployment:
        if backend == "postgres":
            postgres = request.getfixturevalue("postgres_server")
            url = postgres.create_database(f"rounds_ops_{next(_names)}")
        else:
            url = f"sqlite:///{tmp_path / 'rounds.db'}"
        deployment = Deployment(url, tmp_path, redis_url, **settings)
        made.append(deployment)
        return deployment

    yield _deploy
    for deployment in made:
        deployment.stop()
