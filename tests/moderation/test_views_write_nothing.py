"""Issue 23 item 15 (and issue 16 item 3): opening a hidden or pending post is audited, but the
GET itself writes nothing: the record is written after the response, in its own transaction."""
import sqlite3

import pytest
from sqlalchemy import func, select

from forum.models import AuditEntry
from moderation.services.queue import queue_question
from tests.factories import make_question, make_user


def _views(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "access.view"))


@pytest.mark.parametrize("kind", ["item", "question"])
def test_the_get_writes_nothing_and_the_view_is_recorded_after_the_response(db, client, login_as, count_queries,
                                                                             kind):
    item = queue_question(make_question(make_user("member")))
    db.session.commit()
    login_as("staff")
    url = f"/moderation/items/{item.id}" if kind == "item" else f"/questions/{item.question_id}"
    with count_queries() as statements:
        page = client.get(url)
    assert page.status_code == 200
    writes = [sql for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == [] and _views(db) == 0
    page.close()
    assert _views(db) == 1


def test_the_page_opens_while_another_process_holds_the_write_lock(app, db, client, login_as):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the SQLite write lock")
    item = queue_question(make_question(make_user("member")))
    db.session.commit()
    login_as("clinician")
    path = db.engine.url.database
    holder = sqlite3.connect(path, timeout=1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        page = client.get(f"/moderation/items/{item.id}")
        assert page.status_code == 200, "a GET must not wait for, or fail on, the write lock"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    page.close()
    assert _views(db) == 1
