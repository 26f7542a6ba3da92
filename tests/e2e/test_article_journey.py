"""A clinician's article from writing to publication, in a real browser: written with a video,
signed off by a second clinician of the specialty, published by staff, then found by an
anonymous reader from the topic page, whose browser asks the video host for nothing until
the reader presses Play."""
import uuid
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e import steps
from tests.e2e.accessibility import check_page

VIDEO = "https://www.youtube-nocookie.com/embed/rounds-demo"


def _open_queue_item(page, title: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Queue").click()
    check_page(page)
    page.get_by_role("link", name=title).click()
    check_page(page)
    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_role("status").filter(has_text="You have claimed this item.")).to_be_visible()


def test_an_article_with_a_video_goes_from_writing_to_a_reader(new_page, new_account, live_server):
    title = f"Living well with heart failure {uuid.uuid4().hex[:6]}"
    author, reviewer, staff = new_account("clinician"), new_account("clinician"), new_account("staff")

    page = new_page()
    steps.log_in(page, author)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My articles").click()
    check_page(page)
    page.get_by_role("link", name="Write an article").click()
    check_page(page)
    expect(page.get_by_role("heading", name="Writing for the public: the clinician policy")).to_be_visible()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Explainer").check()
    page.get_by_label("Summary").fill("What heart failure means day to day, and the habits that help.")
    page.get_by_label("Article", exact=True).fill("Heart failure means the heart pumps less well.\n\n"
                                                  "Weigh yourself each morning and tell your team about sudden gains.")
    page.get_by_label("Main condition or procedure").select_option(label="Heart failure")
    page.get_by_label("Video", exact=True).check()
    page.get_by_label("Player (embed) link").fill("https://video.example.net/embed/1")
    page.get_by_label("Transcript").fill("Hello. In this video I explain heart failure.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#media_url-error")).to_contain_text("Media can only be embedded from these hosts")
    check_page(page)
    page.get_by_label("Player (embed) link").fill(VIDEO)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").filter(has_text="Your draft is saved.")).to_be_visible()
    check_page(page)
    for point in ("This gives no personal advice", "I have declared any conflicts", "I have cited the sources"):
        page.get_by_label(point).check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status").filter(has_text="will review your article")).to_be_visible()
    steps.log_out(page)

    steps.log_in(page, reviewer)
    _open_queue_item(page, title)
    page.get_by_role("button", name="Sign off the medical content").click()
    expect(page.get_by_role("status").filter(has_text="The article is signed off")).to_be_visible()
    steps.log_out(page)

    steps.log_in(page, staff)
    _open_queue_item(page, title)
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_role("status").filter(has_text="The article is published.")).to_be_visible()
    page.goto("/moderation/console/articles")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    check_page(page)
    steps.log_out(page)
    page.context.close()

    reader = new_page()
    outside = []

    def _record_and_stub(route):
        # Nothing leaves the machine: a request for another host is answered here, and noted.
        outside.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Player</title><p>Player</p>")

    base_host = urlsplit(live_server.base_url).netloc
    reader.route(lambda url: urlsplit(url).netloc != base_host, _record_and_stub)
    reader.goto("/topics/heart-failure")
    check_page(reader)
    section = reader.get_by_role("region", name="From our clinicians")
    section.get_by_role("link", name=title).click()
    expect(reader.get_by_role("heading", level=1, name=title)).to_be_visible()
    check_page(reader)
    expect(reader.get_by_text("Medically reviewed by")).to_be_visible()
    expect(reader.locator("iframe")).to_have_count(0)
    expect(reader.get_by_text("In this video I explain heart failure.")).to_be_visible()
    assert outside == [], f"the page asked another host for {outside} before the reader chose to play"
    reader.get_by_role("button", name="Play video from www.youtube-nocookie.com").click()
    frame = reader.locator("iframe.media-frame")
    expect(frame).to_have_attribute("src", VIDEO)
    expect(frame).to_have_attribute("title", title)
    reader.wait_for_timeout(300)
    assert outside and all(url.startswith("https://www.youtube-nocookie.com/") for url in outside), outside

    narrow = new_page(width=320, height=640)
    for path in ("/articles/", reader.url):
        narrow.goto(path)
        expect(narrow.get_by_role("heading", level=1)).to_have_count(1)
        check_page(narrow)  # axe, target sizes and reflow at 320 CSS px
