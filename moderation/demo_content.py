"""`flask demo content`: a small sample community for demos (never in production).

Every post goes through the same services the app uses (asking, claiming, publishing,
answering, replying, approving), so review items, listings, counts, notifications and the
audit trail are exactly what real use would leave. It lives in moderation because
moderation may import forum, never the other way round.
"""
import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from forum.extensions import db
from forum.models import Question, Reply, Resource, Topic, User
from forum.models.enums import (ArticleKind, AskingFor, ItemKind, ItemStatus, MediaKind, QuestionStatus, ReplyStatus,
                                ResourceStatus)
from forum.services.articles import SUBMIT_CHECKLIST, submit_article, write_article
from forum.services.demo import demo_email
from forum.services.questions import ask_question
from forum.services.replies import post_reply
from moderation.models import ReviewItem
from moderation.services.actions import approve_reply, publish_question
from moderation.services.answers import answer_question
from moderation.services.articles import approve_article, sign_off_article
from moderation.services.claims import claim_item
from forum.platform.links import base_url

RESOURCES_PER_ANSWER = 2

# (topic slug, asker, asking for, title, body, answered by (or "published"/"pending"), answer, replies)
# Replies are (author, text). Everyone here is invented.
DEMO_QUESTIONS = (
    ("heart-failure", "member", AskingFor.SELF,
     "How much fluid should I drink with heart failure?",
     "I was diagnosed with heart failure last year and I take a water tablet every morning. "
     "My nurse mentioned a fluid limit but I am not sure whether tea, soup and fruit count. "
     "What do people usually aim for?",
     "cardiologist",
     "Many people with heart failure are asked to keep to about **1.5 to 2 litres a day**, but "
     "the right amount depends on your kidneys, your medicines and how much fluid you tend to "
     "hold, so please check your own limit with your heart failure team.\n\n"
     "- Everything that is liquid at room temperature counts: tea, coffee, soup, jelly and ice cream.\n"
     "- Weigh yourself every morning after the toilet and before breakfast. A gain of more than "
     "2 kg (about 4 lb) over three days is worth a call to your team.\n"
     "- Sucking ice chips or sugar-free sweets helps with thirst.",
     (("caregiver", "My dad keeps a jug on the side with his day's allowance in it and pours his "
                    "drinks from that. It made it much easier for him to keep track."),
      ("cardiologist", "That jug idea is a great one. Remember to count any fluid taken with "
                       "tablets too."))),
    ("heart-failure", "caregiver", AskingFor.SOMEONE_ELSE,
     "Is it safe for my mum to exercise with heart failure?",
     "My mum is 74 and has stable heart failure. She is worried that walking will strain her "
     "heart, so she mostly stays in her chair. Should she be resting more or moving more?",
     "cardiologist",
     "For most people with stable heart failure, regular gentle activity is **safe and helpful**: "
     "it improves energy, breathlessness and mood. Resting all day tends to make tiredness worse.\n\n"
     "Ask her GP or heart failure nurse about **cardiac rehabilitation**, a supervised exercise "
     "programme designed for people like your mum. Until then, short walks at a pace where she "
     "can still talk are a good start. She should stop and rest if she feels dizzy or much more "
     "breathless than usual, and tell her team if that keeps happening.",
     (("member", "Cardiac rehab was the best thing I did after my diagnosis. Everyone there "
                 "understood, and the staff watched us closely."),)),
    ("atrial-fibrillation", "member", AskingFor.SELF,
     "Why do I need a blood thinner for atrial fibrillation?",
     "My heart rhythm is irregular and I have been offered an anticoagulant. I feel fine most of "
     "the time, so I am reluctant to take a tablet every day for the rest of my life. What is it for?",
     "cardiologist",
     "In atrial fibrillation the upper chambers of the heart do not squeeze properly, so blood "
     "can pool and form clots. A clot that travels to the brain causes a **stroke**. "
     "Anticoagulants lower that risk by roughly two thirds.\n\n"
     "Whether you need one depends on your personal stroke risk (age, blood pressure, diabetes "
     "and other factors) weighed against your bleeding risk. Feeling well does not lower the "
     "stroke risk. It is a good idea to ask your doctor to go through your own score with you.",
     (("caregiver", "My husband felt the same. What helped him was seeing his stroke risk written "
                    "down as a number."),)),
    ("atrial-fibrillation", "caregiver", AskingFor.SOMEONE_ELSE,
     "Can my husband still drink coffee with atrial fibrillation?",
     "My husband has had AF for two years. He loves his morning coffee but a friend told him "
     "caffeine will set off an episode. Does he need to give it up?",
     "cardiologist",
     "For most people, **moderate coffee (up to about three cups a day) does not trigger AF** "
     "and large studies have not shown it makes episodes more likely. Some people do notice a "
     "personal link, so keeping a simple diary of drinks and episodes can help.\n\n"
     "Alcohol, poor sleep and heavy meals are more common triggers. Energy drinks are best "
     "avoided because of their very high caffeine content.",
     ()),
    ("atrial-fibrillation", "member", AskingFor.SELF,
     "What happens during a cardioversion?",
     "I am booked for a cardioversion next month to reset my heart rhythm. I would like to know "
     "what the day involves and how long recovery takes.",
     QuestionStatus.PENDING, "", ()),
    ("type-2-diabetes", "member", AskingFor.SELF,
     "Do I need to stop eating fruit now I have type 2 diabetes?",
     "I was told at my last check-up that I have type 2 diabetes. I eat a lot of fruit and "
     "someone at work said fruit is full of sugar. Should I cut it out?",
     "endocrinologist",
     "No, you do not need to stop eating fruit. Whole fruit contains fibre, vitamins and water, "
     "and it is part of a healthy diet for people with diabetes.\n\n"
     "- Spread fruit through the day rather than eating a lot at once.\n"
     "- Whole fruit is better than juice or smoothies, which raise blood sugar quickly.\n"
     "- A portion is roughly what fits in the palm of your hand.\n\n"
     "A dietitian can help you plan meals you enjoy; ask your GP practice for a referral.",
     (("caregiver", "The structured education course our practice offered was really useful for "
                    "this sort of question."),)),
    ("type-2-diabetes", "caregiver", AskingFor.SOMEONE_ELSE,
     "How often should my father check his feet with diabetes?",
     "My father has had type 2 diabetes for ten years. The nurse mentioned foot checks. "
     "What are we looking for, and how often?",
     "endocrinologist",
     "Diabetes can reduce feeling in the feet and slow healing, so small injuries can go "
     "unnoticed. **Check both feet every day**, including between the toes and the soles "
     "(a mirror helps).\n\n"
     "Look for cuts, blisters, redness, swelling, hard skin or changes in colour. Contact his "
     "GP practice or foot protection team the same day if you find a wound, or swelling or "
     "warmth that is new. He should also have a foot check with a health professional at "
     "least once a year.",
     ()),
    ("type-2-diabetes", "member", AskingFor.SELF,
     "Can type 2 diabetes go into remission?",
     "I have read stories online about people reversing type 2 diabetes with weight loss. "
     "Is remission a real thing, and who is it likely to work for?",
     QuestionStatus.PENDING, "", ()),
    ("knee-replacement", "member", AskingFor.SELF,
     "How long until I can drive after a knee replacement?",
     "I am having my right knee replaced in the spring. I live in the countryside and rely on "
     "my car. Roughly how long will I be unable to drive?",
     "orthopaedist",
     "Most people can drive again about **six weeks** after a knee replacement, sometimes "
     "sooner after a left knee in an automatic car. You need to be able to make an emergency "
     "stop without hesitation and to be off strong painkillers that make you drowsy.\n\n"
     "Check with your surgical team at your follow-up appointment, and tell your insurer you "
     "have had surgery. Planning lifts for the first weeks will make the recovery much easier.",
     (("caregiver", "We practised getting in and out of the passenger seat before the operation. "
                    "It helped a lot in the first week home."),)),
    ("knee-replacement", "caregiver", AskingFor.SOMEONE_ELSE,
     "What exercises help after knee replacement surgery?",
     "My wife had her knee replaced two weeks ago. She has a sheet of exercises from the "
     "physiotherapist but finds them painful. Are they really that important?",
     QuestionStatus.PUBLISHED, "",
     (("member", "The exercises were hard for me too, but they made a big difference. Taking my "
                 "painkillers about half an hour before helped."),)),
    ("knee-replacement", "member", AskingFor.SELF,
     "Is it normal for my new knee to click?",
     "Three months after my knee replacement I sometimes hear a soft click when I climb the "
     "stairs. It does not hurt. Should I be worried?",
     QuestionStatus.PENDING, "", ()),
    ("hip-replacement", "caregiver", AskingFor.SOMEONE_ELSE,
     "What precautions should my mother take after a hip replacement?",
     "My mother comes home next week after a hip replacement. We want to get the house ready. "
     "What should she avoid, and for how long?",
     "orthopaedist",
     "Advice differs between surgical approaches, so always follow the instructions from her own "
     "team. Common advice for the first six weeks includes:\n\n"
     "- Use a raised toilet seat and a firm, high chair so the hip does not bend too far.\n"
     "- Do not cross the legs or twist on the operated leg.\n"
     "- Remove loose rugs and trailing cables, and add night lights to prevent falls.\n\n"
     "An occupational therapist often visits before discharge to suggest equipment; it is worth "
     "asking for one if this has not been offered.",
     (("member", "A grabber tool and a long-handled shoe horn were worth every penny after my "
                 "own hip operation."),)),
)


# (topic slug, author, kind, title, summary, body, media (kind, embed URL, transcript) or None, conflicts)
DEMO_ARTICLES = (
    ("heart-failure", "cardiologist", ArticleKind.EXPLAINER, "Heart failure explained: what the words mean",
     "Heart failure does not mean the heart has stopped. Here is what the diagnosis means, "
     "the tests you may hear about, and the daily habits that help most.",
     "**Heart failure** means the heart is not pumping as well as the body needs. It does not mean "
     "the heart has stopped or is about to.\n\n"
     "### Words you may hear\n\n"
     "- **Ejection fraction**: the share of blood the main pumping chamber pushes out with each beat.\n"
     "- **Fluid retention**: when the kidneys hold on to salt and water, causing swollen ankles or "
     "breathlessness.\n- **Diuretic** (a water tablet): a medicine that helps the body pass extra fluid.\n\n"
     "### What helps day to day\n\n"
     "Weigh yourself every morning, take your medicines even when you feel well, and keep active "
     "within your limits. Tell your team about a sudden weight gain of more than 2 kg in three days.\n\n"
     "Sources: national heart failure guidelines; the library's heart failure resources.",
     (MediaKind.VIDEO, "https://www.youtube-nocookie.com/embed/rounds-demo-heart-failure",
      "Hello, I am Dr Ada Okafor, a cardiologist.\n\nIn this short video I explain what heart failure "
      "means, why a daily weight matters, and when to call your heart failure team."),
     ""),
    ("knee-replacement", "orthopaedist", ArticleKind.WHAT_TO_EXPECT,
     "What to expect in the first six weeks after a knee replacement",
     "Most people walk with help on the first day. This guide goes week by week through pain, "
     "swelling, exercises and getting back to everyday life.",
     "Recovery after a knee replacement is steady rather than quick, and everyone moves at a "
     "different pace.\n\n"
     "### Weeks 1 and 2\n\nExpect swelling and stiffness. Keep up the exercises your physiotherapist "
     "gave you, use ice packs wrapped in a towel, and take pain relief before exercise.\n\n"
     "### Weeks 3 to 6\n\nMost people walk further each day and need the crutches less. Driving is "
     "usually possible once you can bend the knee well and stop in an emergency: check with your team.\n\n"
     "Call your team straight away if the calf becomes painful and swollen, or the wound is hot and red.\n\n"
     "Sources: the orthopaedic society's patient guide; the library's knee replacement resources.",
     None, "I receive no payments from implant makers."),
    ("type-2-diabetes", "endocrinologist", ArticleKind.MYTH_BUSTER, "Five myths about type 2 diabetes",
     "Eating sugar alone does not cause it, and it is not always for life. Five common beliefs, "
     "and what the evidence says instead.",
     "1. **\"Sugar causes diabetes.\"** Weight, family history, age and activity matter far more than "
     "sugar on its own.\n"
     "2. **\"You will always need insulin.\"** Many people manage with diet, activity and tablets for years.\n"
     "3. **\"Fruit is off limits.\"** Whole fruit is part of a healthy diet; fruit juice is best kept small.\n"
     "4. **\"It is not serious if you feel fine.\"** High blood sugar can harm eyes, kidneys and nerves "
     "without symptoms, which is why check-ups matter.\n"
     "5. **\"It never goes away.\"** Some people bring their blood sugar back to normal levels with "
     "weight loss, especially early on.\n\n"
     "Sources: national diabetes guidelines; the library's type 2 diabetes resources.",
     None, "I have spoken at meetings funded by a diabetes charity."),
)


def seed_demo_articles(people: dict) -> int:
    """Write, submit, sign off (Dr Noor Haddad) and publish (staff) the three demo articles."""
    for slug, author, kind, title, summary, body, media, conflicts in DEMO_ARTICLES:
        topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
        media_kind, media_url, transcript = media or (None, None, None)
        article = write_article(people[author], title=title, summary=summary, body=body, kind=kind,
                                topic_ids=[topic.id], resource_ids=_resource_ids(topic), media_kind=media_kind,
                                media_url=media_url, media_transcript=transcript, conflicts=conflicts)
        submit_article(people[author], article, confirmed=set(SUBMIT_CHECKLIST))
        for actor, step in ((people["gp"], sign_off_article), (people["staff"], approve_article)):
            item = _open_item(article_id=article.id)
            step(actor, claim_item(actor, item), item.version)
    return len(DEMO_ARTICLES)


def seed_demo_content() -> int:
    """Ask, publish, answer and reply the sample questions once; 0 if the demo member has any.

    Needs the catalogue and the demo accounts. Vetted resources for a topic (from
    `flask resources seed`) are attached to its answers when present.
    """
    people = {local: db.session.scalar(User.by_email(demo_email(local)))
              for local in ("member", "caregiver", "cardiologist", "orthopaedist", "endocrinologist", "gp", "staff")}
    missing = sorted(local for local, user in people.items() if user is None)
    if missing:
        raise click.ClickException(f"Run `flask demo seed` first (missing demo accounts: {', '.join(missing)}).")
    if db.session.scalar(Question.by_author(people["member"].id).limit(1)) is not None:
        return 0
    for slug, asker, asking_for, title, body, outcome, answer, replies in DEMO_QUESTIONS:
        topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
        if topic is None:
            raise click.ClickException("Run `flask catalogue seed` first.")
        question = ask_question(people[asker], title=title, body=body, topic_ids=[topic.id],
                                asking_for=asking_for)
        if outcome == QuestionStatus.PENDING:
            continue
        item = _open_item(question_id=question.id, kind=ItemKind.QUESTION)
        if outcome == QuestionStatus.PUBLISHED:
            publish_question(people["staff"], claim_item(people["staff"], item), item.version)
        else:
            clinician = people[outcome]
            claim_item(clinician, item)
            answer_question(clinician, question, body=answer, resource_ids=_resource_ids(topic),
                            item=item, version=item.version)
        for author, text in replies:
            _reply(people[author], question, text, people["staff"])
    seed_demo_articles(people)
    return len(DEMO_QUESTIONS)


def _open_item(**criteria) -> ReviewItem:
    return db.session.scalar(select(ReviewItem).filter_by(status=ItemStatus.OPEN, **criteria))


def _resource_ids(topic: Topic) -> list[int]:
    return list(db.session.scalars(
        select(Resource.id).where(Resource.status == ResourceStatus.VETTED, Resource.topics.any(Topic.id == topic.id))
        .order_by(Resource.title).limit(RESOURCES_PER_ANSWER)))


def _reply(author: User, question: Question, text: str, staff: User) -> Reply:
    reply = post_reply(author, question, body=text)
    if reply.status == ReplyStatus.PENDING:  # a new member's reply: a moderator approves it
        item = _open_item(reply_id=reply.id, kind=ItemKind.REPLY)
        approve_reply(staff, claim_item(staff, item), item.version)
    return reply


@click.command("content")
@with_appcontext
def demo_content():
    """Add the sample questions, answers, replies and articles once (after `demo seed`, `resources seed`)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Demo data is never created in production.")
    # The services build links for their notification emails: give them a request context.
    with current_app.test_request_context(base_url=base_url()):
        created = seed_demo_content()
    db.session.commit()
    if created:
        click.echo(f"Demo content: {created} questions with answers and replies, and "
                   f"{len(DEMO_ARTICLES)} published articles added.")
    else:
        click.echo("Demo content: already there, nothing added.")
