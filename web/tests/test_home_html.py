"""The start page's work queue and task cards are written in Python (web/templatetags/koshi.py: `work_queue`,
`task_cards`) rather than by template nodes: the HTML must be, byte for byte, what web/home.html wrote with them.
The reference below is the template markup that was replaced, rendered by Django's template engine."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from django.utils.safestring import mark_safe

from accounts.demo import DEMO_USERS
from accounts.models import User
from lib.work_queue import WorkItem, WorkSection
from web.home import tasks_for, work_queue_for

pytestmark = pytest.mark.django_db

# web/home.html's work queue and cards as they were (before they were written in Python)
REFERENCE = Template("""{% load i18n koshi %}{% if work_queue %}{% translate "overdue" as overdue_word %}{% translate "Open" as open_word %}
<section id="work-queue" aria-labelledby="work-queue-heading">
  <h2 id="work-queue-heading">{% translate "Your work" %}</h2>
  {% for section in work_queue %}
  <div class="work-section">
    <h3>{{ section.title }} <span class="muted">({{ section.total }})</span></h3>
    <table class="work-items">
      <tbody>
      {% for item in section.items %}
        <tr{% if item.overdue %} class="overdue"{% endif %}>
          <td>{{ item.since|short_date }}</td>
          <td>{{ item.label }}{% if item.overdue %} <strong>{{ overdue_word }}</strong>{% endif %}</td>
          <td><a class="button" href="{{ item.url }}">{{ item.action|default:open_word }}</a></td>
        </tr>
      {% endfor %}
      </tbody>
    </table>
    {% if section.more_url and section.total > section.items|length %}<p><a href="{{ section.more_url }}">{% translate "All" %} ({{ section.total }})</a></p>{% endif %}
  </div>
  {% endfor %}
</section>
{% endif %}
<div class="cards">
  {% for card in cards %}
  <section class="card">
    <h2>{% if card.url %}<a href="{{ card.url }}">{{ card.title }}</a>{% else %}{{ card.title }}{% endif %}</h2>
    <p>{{ card.text }}</p>
    {% if not card.url %}<p class="muted">{% translate "Coming soon." %}</p>{% endif %}
  </section>
  {% endfor %}
</div>
""")

# What the page writes in their place (web/home.html)
WRITTEN = Template("""{% load koshi %}{% if work_queue %}
{% work_queue work_queue %}
{% endif %}
<div class="cards">
  {% task_cards user %}
</div>
""")


def _tail(html: str) -> str:
    """The page from the work queue (or the cards, when there is no work) to the end of the main content."""
    start = html.find('\n<section id="work-queue"')
    return html[start if start >= 0 else html.index('\n<div class="cards">'):html.index("</main>")]


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", "0.00005", "--seed", "7", stdout=open("/dev/null", "w"))


def test_every_demo_users_start_page_is_the_html_the_template_wrote(demo):
    rows = 0
    for language, username in [(language, username) for language in ("kk", "ru", "en")
                               for username in [*DEMO_USERS, None]]:
        user = User.objects.get(username=username) if username else None
        client = Client()
        if user:
            client.force_login(user)
        client.cookies["django_language"] = language
        page = client.get("/").content.decode()
        with translation.override(language):
            visitor = client.get("/").wsgi_request.user if user is None else user
            expected = REFERENCE.render(Context({"work_queue": work_queue_for(visitor), "cards": tasks_for(visitor)}))
        assert _tail(page) == expected[expected.index("\n<"):] + "\n", (username, language)
        rows += page.count("<tr")
    assert rows >= 3 * 10  # the demo's officer, inspector and ministry have work waiting


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_written_queue_escapes_and_words_as_the_template_did(language):
    """Texts with markup in them, an empty action (the word "Open"), a moment rather than a day, overdue rows and
    a section with more rows than shown (its "All" link), a section whose items are all there (none)."""
    sections = [
        WorkSection("Appeals <to> decide & \"more\"", [
            WorkItem("№1 · O'Neil <b>", "/a/1/?x=1&y=<2>", dt.date(2026, 3, 1), "", True),
            WorkItem("plain", "/a/2/", dt.date(2025, 12, 31), "Decide & sign", False),
            WorkItem(mark_safe("<em>safe</em>"), "/a/3/", dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC), "Go"),
        ], 1234, "/appeals/?status=<open>&x"),
        WorkSection("Alerts", [WorkItem("one", "/b/", dt.date(2026, 1, 1), "Resolve", True)], 1, "/b/all/"),
        WorkSection("No link", [WorkItem("x", "/c/", dt.date(2026, 1, 1))], 5, None),
    ]
    user = User.objects.create(username="someone", role="officer")
    with translation.override(language):
        context = {"work_queue": sections, "cards": tasks_for(user), "user": user}
        assert WRITTEN.render(Context(context)) == REFERENCE.render(Context(context))
        for nothing in ([], None):
            context = {"work_queue": nothing, "cards": tasks_for(None), "user": None}
            assert WRITTEN.render(Context(context)) == REFERENCE.render(Context(context))


def test_the_cards_are_in_the_language_of_each_request():
    """The cards are kept per role and language: the same role in another language gets that language's cards."""
    user = User.objects.create(username="someone", role="officer")
    written = {}
    for language in ("kk", "ru", "en", "kk"):
        with translation.override(language):
            written[language] = WRITTEN.render(Context({"work_queue": [], "user": user}))
            assert written[language] == REFERENCE.render(Context({"work_queue": [], "cards": tasks_for(user)}))
    assert len(set(written.values())) == 3


@pytest.mark.postgres_only
def test_the_officers_start_page_sends_its_reads_together(demo, django_assert_max_num_queries):
    """From the second visit on, the officer's figures and queues (eleven reads) go to PostgreSQL in one round
    trip (lib.work_queue.reads_sent_together), and the page is the same."""
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    first = _tail(client.get("/").content.decode())
    assert first.count("<tr") >= 10
    # the request's savepoint and its release (ATOMIC_REQUESTS in a test), the session, the user (the role's
    # grants kept per process); then all the page's reads at once (fourteen queries before)
    with django_assert_max_num_queries(5):
        assert _tail(client.get("/").content.decode()) == first
