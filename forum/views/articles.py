"""Clinicians' articles: writing, previewing and submitting one; the public article page."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from forum.extensions import db
from forum.forms.articles import ArticleForm, SubmitArticleForm
from forum.forms.fields import topic_choices
from forum.models import Article, ArticleSlug, ClinicianProfile, Resource, Topic, User
from forum.models.enums import Role
from forum.permissions import can_edit_article, can_view_article, role_required
from forum.platform.jobs import after_response
from forum.platform.pagination import decode_moment_cursor, encode_moment_cursor, newest_first_page
from forum.platform.unit_of_work import on_domain_error
from forum.services.articles import count_article_view, submit_article, write_article
from forum.sharing import article_card, article_structured_data, share_links

bp = Blueprint("articles", __name__)


def load_article(article_id: int) -> Article:
    """The article (working copy) if the current user may open it (can_view_article), else 404."""
    article = db.session.scalar(select(Article).where(Article.id == article_id).options(
        joinedload(Article.author).joinedload(User.clinician_profile), joinedload(Article.primary_topic),
        selectinload(Article.topics), selectinload(Article.resources)))
    if article is None or not can_view_article(current_user, article):
        abort(404)
    return article


def _prepare(form: ArticleForm) -> None:
    topics = db.session.scalars(Topic.active().order_by(Topic.kind, Topic.name)).all()
    form.primary_topic.choices = topic_choices(topics, blank="Choose…")
    form.other_topics.choices = topic_choices(topics)
    resources = db.session.scalars(Resource.vetted().order_by(Resource.title)).all()
    form.resources.choices = [(resource.id, f"{resource.title} ({resource.publisher})") for resource in resources]


def _fields(form: ArticleForm) -> dict:
    return {"title": form.title.data, "summary": form.summary.data, "body": form.body.data, "kind": form.kind.data,
            "topic_ids": [form.primary_topic.data, *(form.other_topics.data or [])],
            "resource_ids": form.resources.data or [], "media_kind": form.media_kind.data or None,
            "media_url": form.media_url.data, "media_transcript": form.media_transcript.data,
            "conflicts": form.conflicts.data}


@bp.route("/articles/new", methods=["GET", "POST"])
@role_required(Role.CLINICIAN)
def new():
    """Verified clinicians (can_write_article) start an article; it is saved as a draft."""
    form = ArticleForm()
    _prepare(form)
    if form.validate_on_submit():
        on_domain_error(form, page=lambda error: render_template("articles/edit.html", form=form, article=None))
        article = write_article(current_user, **_fields(form))
        flash("Your draft is saved. Preview it, then submit it for review.", "success")
        return redirect(url_for("articles.preview", article_id=article.id))
    return render_template("articles/edit.html", form=form, article=None), 400 if form.is_submitted() else 200


@bp.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
@login_required
def edit(article_id: int):
    """The author (can_edit_article) edits the working copy; a published one stays up meanwhile."""
    article = load_article(article_id)
    if not can_edit_article(current_user, article):
        abort(403)
    form = ArticleForm(obj=article if request.method == "GET" else None)
    _prepare(form)
    if request.method == "GET":
        form.body.data = article.body_md
        form.primary_topic.data = article.primary_topic_id
        form.other_topics.data = [topic.id for topic in article.topics if topic.id != article.primary_topic_id]
        form.resources.data = [resource.id for resource in article.resources]
        form.media_kind.data = article.media_kind or ""
    if form.validate_on_submit():
        on_domain_error(form, page=lambda error: render_template("articles/edit.html", form=form, article=article))
        write_article(current_user, article, **_fields(form))
        flash("Your changes are saved as a draft. Submit them for review when they are ready.", "success")
        return redirect(url_for("articles.preview", article_id=article.id))
    return render_template("articles/edit.html", form=form, article=article), 400 if form.is_submitted() else 200


@bp.get("/articles/<int:article_id>/preview")
@login_required
def preview(article_id: int):
    """The author and moderators (can_view_article) read the working copy and its review state."""
    article = load_article(article_id)
    return render_template("articles/preview.html", article=article, submit_form=SubmitArticleForm())


@bp.post("/articles/<int:article_id>/submit")
@login_required
def submit(article_id: int):
    """The author (can_edit_article) sends the draft for review, with the checklist ticked."""
    article = load_article(article_id)
    form = SubmitArticleForm()
    if not form.validate_on_submit():
        abort(400)
    on_domain_error(form, redirect_to=url_for("articles.preview", article_id=article.id))
    submit_article(current_user, article, confirmed=set(form.checklist.data or ()))
    flash("Thank you. A clinician of the same specialty will review your article.", "success")
    return redirect(url_for("articles.preview", article_id=article.id))


@bp.get("/my/articles")
@role_required(Role.CLINICIAN)
def mine():
    """Verified clinicians: their own articles, newest change first (keyset pages)."""
    articles, more = newest_first_page(Article.by_author(current_user.id).options(joinedload(Article.primary_topic)),
                                       Article.updated_at, Article.id, decode_moment_cursor(request.args.get("after")),
                                       current_app.config["PAGE_SIZE"])
    next_url = (url_for("articles.mine", after=encode_moment_cursor(articles[-1].updated_at, articles[-1].id))
                if more else None)
    return render_template("articles/mine.html", articles=articles, next_url=next_url)


@bp.get("/articles/<slug>")
def show(slug: str):
    """Anyone: a published article's last reviewed version; an old slug redirects (301)."""
    article = db.session.scalar(select(Article).where(Article.slug == slug, Article.listed()).options(
        joinedload(Article.author).joinedload(User.clinician_profile).selectinload(ClinicianProfile.specialties),
        joinedload(Article.reviewed_by).joinedload(User.clinician_profile),
        selectinload(Article.topics), selectinload(Article.resources)))
    if article is None:
        renamed = db.session.scalar(select(Article.slug).join(ArticleSlug, ArticleSlug.article_id == Article.id)
                                    .where(ArticleSlug.slug == slug, Article.listed()))
        if renamed is None:
            abort(404)
        return redirect(url_for("articles.show", slug=renamed), 301)
    after_response(count_article_view, article.id)
    card = article_card(article)
    return render_template("articles/show.html", article=article, card=card, share_links=share_links(card),
                           structured_data=article_structured_data(article))
