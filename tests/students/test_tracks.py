"""Public track pages: sectors, tracks, shortage badges, in three languages."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from students.models import Sector, ShortageOccupation, Track
from tests.students.factories import ShortageOccupationFactory, TrackFactory


@pytest.fixture
def reference(db):
    call_command("load_reference", verbosity=0)


def test_reference_data_has_nine_sectors_and_is_idempotent(reference):
    counts = (Sector.objects.count(), Track.objects.count(), ShortageOccupation.objects.count())
    assert counts[0] == 9
    assert 25 <= counts[1] <= 40
    assert counts[2] == 10
    assert all(Sector.objects.filter(tracks__isnull=False).distinct().values_list("pk", flat=True))
    call_command("load_reference", verbosity=0)
    assert (
        Sector.objects.count(),
        Track.objects.count(),
        ShortageOccupation.objects.count(),
    ) == counts
    assert not ShortageOccupation.objects.filter(is_sample=False).exists()


def test_reference_data_keeps_staff_edits_unless_asked(reference):
    track = Track.objects.get(slug="menuisier")
    track.name_fr = "Menuisier (modifié par le secrétariat)"
    track.save()
    call_command("load_reference", verbosity=0)
    track.refresh_from_db()
    assert track.name_fr == "Menuisier (modifié par le secrétariat)"
    call_command("load_reference", "--update", verbosity=0)
    track.refresh_from_db()
    assert track.name_fr != "Menuisier (modifié par le secrétariat)"


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_track_list_shows_the_nine_sectors_translated(client, reference, language):
    response = client.get(f"/{language}/tracks/")
    assert response.status_code == 200
    content = response.content.decode()
    for sector in Sector.objects.all():
        assert getattr(sector, f"name_{language}") in content
    menuisier = Track.objects.get(slug="menuisier")
    assert getattr(menuisier, f"name_{language}") in content
    assert menuisier.get_absolute_url().replace("/fr/", f"/{language}/") in content


def test_shortage_badge_shows_with_its_year(client, db):
    in_shortage = TrackFactory(name_fr="Cuisinier / cuisinière")
    TrackFactory(name_fr="Coiffeur / coiffeuse")
    ShortageOccupationFactory(name_fr="Employé de cuisine", list_year=2024, tracks=[in_shortage])
    content = client.get("/fr/tracks/").content.decode()
    assert content.count("Métier en pénurie (2024)") == 1
    detail = client.get(in_shortage.get_absolute_url()).content.decode()
    assert "Métier en pénurie (2024)" in detail
    assert "Employé de cuisine" in detail


def test_track_page_shows_occupations_and_the_latest_shortage_list_only(client, db):
    track = TrackFactory(occupations_fr="Cuisinier·ère\nCommis de cuisine")
    ShortageOccupationFactory(name_fr="Ancienne fonction", list_year=2023, tracks=[track])
    ShortageOccupationFactory(name_fr="Employé de cuisine", list_year=2024, tracks=[track])
    content = client.get(track.get_absolute_url()).content.decode()
    assert "Commis de cuisine" in content
    assert "Employé de cuisine" in content
    assert "Ancienne fonction" not in content


def test_unknown_track_is_404(client, db):
    assert client.get("/fr/tracks/nothing-here/").status_code == 404


def test_track_slug_is_the_same_in_every_language(client, db):
    track = TrackFactory(slug="boulanger-patissier")
    for language in ["fr", "nl", "en"]:
        assert client.get(f"/{language}/tracks/boulanger-patissier/").status_code == 200
    with translation.override("fr"):
        assert track.get_absolute_url() == "/fr/tracks/boulanger-patissier/"


def test_track_list_queries_do_not_grow_with_the_tracks(client, db):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/fr/tracks/").status_code == 200
        return len(queries)

    TrackFactory.create_batch(3)
    few = count_queries()
    TrackFactory.create_batch(30)
    assert count_queries() == few


def test_home_lists_the_tracks_of_the_latest_shortage_list(client, db):
    track = TrackFactory(name_fr="Monteur sanitaire")
    old = TrackFactory(name_fr="Filière d'hier")
    ShortageOccupationFactory(name_fr="Installateur sanitaire", list_year=2024, tracks=[track])
    ShortageOccupationFactory(name_fr="Ancienne", list_year=2023, tracks=[old])
    content = client.get("/fr/").content.decode()
    assert "Monteur sanitaire" in content
    assert "hier</a>" not in content
