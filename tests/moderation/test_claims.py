"""Claims under concurrency: two clinicians racing for one item, exactly one wins."""
import threading

from sqlalchemy import func, select

from forum.extensions import db as _db
from forum.models import AuditEntry, User
from forum.services.audit import verify_audit_chain
from moderation.models import ReviewItem
from moderation.services.claims import ItemConflict, claim_item
from moderation.services.queue import queue_question
from tests.factories import make_question, make_user


def _race(app, item_id: int, user_ids: list[int]) -> list[str]:
    """Each user claims in its own thread, app context and database session, released
    together by a barrier; returns what happened to each."""
    barrier = threading.Barrier(len(user_ids))
    results: list[str] = [""] * len(user_ids)

    def attempt(index: int, user_id: int) -> None:
        with app.app_context():
            user = _db.session.get(User, user_id)
            item = _db.session.get(ReviewItem, item_id)
            assert user.is_verified_clinician  # loads the profile before the race starts
            barrier.wait(timeout=10)
            try:
                claim_item(user, item)
                _db.session.commit()
                results[index] = "won"
            except ItemConflict as error:
                _db.session.rollback()
                results[index] = f"lost: {error.message}"
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=attempt, args=(i, uid)) for i, uid in enumerate(user_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_clinicians_racing_for_one_item_exactly_one_wins(app, db):
    assert db.engine.url.database not in (None, "", ":memory:")  # a real file or server database
    item = queue_question(make_question())
    first, second = make_user("clinician"), make_user("clinician")
    db.session.commit()
    for _ in range(5):
        results = _race(app, item.id, [first.id, second.id])
        assert sorted(r.split(":")[0] for r in results) == ["lost", "won"], results
        db.session.expire_all()
        stored = db.session.get(ReviewItem, item.id)
        winner = [first, second][results.index("won")]
        loser = [first, second][1 - results.index("won")]
        assert stored.claimed_by_id == winner.id
        assert winner.pseudonym in [r for r in results if r.startswith("lost")][0]
        # Reset for the next round.
        stored.claimed_by_id = stored.claimed_until = None
        db.session.commit()
        assert loser.id != winner.id
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "item.claim")) == 5
    assert verify_audit_chain().ok


def test_renewing_your_own_claim_is_allowed_but_a_done_item_cannot_be_claimed(app, db):
    item = queue_question(make_question())
    clinician = make_user("clinician")
    claim_item(clinician, item)
    claim_item(clinician, item)
    item.status = "done"
    db.session.flush()
    try:
        claim_item(clinician, item)
    except ItemConflict as error:
        assert "already been handled" in error.message
    else:
        raise AssertionError("a done item was claimed")
