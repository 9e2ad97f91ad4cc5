"""The database's data versions (lib/data_versions.py): any write of a geo table, whatever makes it, gives the
room a new token in the writing transaction; writes elsewhere do not; a rolled-back write leaves the token it
found; and the regions map, kept per token, shows a corrected population on the next visit."""

import pytest
from django.conf import settings
from django.db import transaction

from accounts.testing import a_person_in
from geo import views
from geo.models import PopulationCount
from geo.services import load_population
from lib import data_versions

pytestmark = pytest.mark.django_db


def _token() -> object:
    return data_versions.tokens(["geo"])[0]


def test_every_kind_of_write_gives_a_new_token_and_other_rooms_writes_do_not(db):
    load_population()
    seen = [_token()]
    count = PopulationCount.objects.get(unit__code="KZ-59", year=2023, sex="total", area="total")
    PopulationCount.objects.filter(pk=count.pk).update(persons=count.persons + 1)  # no signal sent
    seen.append(_token())
    PopulationCount.objects.filter(pk=count.pk).delete()
    seen.append(_token())
    count.pk = None
    count.save()
    seen.append(_token())
    assert None not in seen and len(set(seen)) == 4
    a_person_in("KZ-59")  # the people room's table carries no trigger of geo's
    assert _token() == seen[-1]


def test_a_rolled_back_write_leaves_the_token_it_found(db):
    load_population()
    before = _token()
    with pytest.raises(RuntimeError), transaction.atomic():
        PopulationCount.objects.update(persons=1)
        assert _token() != before
        raise RuntimeError
    assert _token() == before


def _section(client) -> str:
    html = client.get("/geo/map/", {"year": 2023}).content.decode()
    return html[html.index('<section class="geo-map">'):html.index("</section>")].replace("\u00a0", "")


def test_the_map_shows_a_corrected_population_on_the_next_visit(client, db, monkeypatch):
    load_population()
    count = PopulationCount.objects.get(unit__code="KZ-59", year=2023, sex="total", area="total")
    reads = []
    real = views.population_on_current_units

    def counted(year):
        reads.append(year)
        return real(year)

    monkeypatch.setattr(views, "population_on_current_units", counted)
    first = _section(client)
    assert f'<td class="num">{count.persons}</td>' in first
    assert _section(client) == first and reads == [2023]  # the second visit: the kept section
    PopulationCount.objects.filter(pk=count.pk).update(persons=count.persons + 12345)
    again = _section(client)
    assert f'<td class="num">{count.persons + 12345}</td>' in again and reads == [2023, 2023]


def test_the_kept_map_is_kept_per_language(client, db):
    load_population()
    for lang, name in (("kk", "Солтүстік Қазақстан облысы"), ("en", "North Kazakhstan Region"),
                       ("ru", "Северо-Казахстанская область"), ("kk", "Солтүстік Қазақстан облысы")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        assert name in _section(client), lang


def test_probes_are_read_with_the_tokens_in_one_query(db, django_assert_num_queries):
    """`tokens(rooms, probes)`: the rooms' tokens, then each probe's value, in one round trip."""
    load_population()
    with django_assert_num_queries(1):
        found = data_versions.tokens(["geo", "no-such-room"], ["SELECT COUNT(*) FROM geo_populationcount", "SELECT 7"])
    assert found == (_token(), None, PopulationCount.objects.count(), 7)
