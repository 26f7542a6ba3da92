"""Who wrote the post a review item is about, as a moderator needs to know before deciding:
asking for themselves or someone else, whether their email address is confirmed, how long
they have been a member and what they have posted before. Two counting queries."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Question, Reply, User
from moderation.models import ReviewItem


@dataclass(frozen=True)
class AuthorContext:
    author: User
    asking_for: str | None  # the question's AskingFor when the item is about the question itself
    email_confirmed: bool
    member_since: datetime
    questions_before: int  # other questions they asked, whatever happened to them
    replies_before: int
    approved_posts: int


def author_context(item: ReviewItem) -> AuthorContext | None:
    """The context of the item's post author (the reply's, else the question's); None without one."""
    post = item.reply or item.question
    author = post.author if post is not None else None
    if author is None:
        return None
    questions = db.session.scalar(select(func.count()).select_from(Question).where(
        Question.author_id == author.id, Question.id != (item.question_id if item.reply is None else -1)))
    replies = db.session.scalar(select(func.count()).select_from(Reply).where(
        Reply.author_id == author.id, Reply.id != (item.reply.id if item.reply is not None else -1)))
    return AuthorContext(author=author, asking_for=item.question.asking_for if item.reply is None else None,
                         email_confirmed=author.email_verified_at is not None, member_since=author.created_at,
                         questions_before=questions, replies_before=replies,
                         approved_posts=author.approved_post_count)
