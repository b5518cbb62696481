"""The event form's place search: the configured geocoder's candidates, with their countries, for staff only."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from geopy.exc import GeocoderUnavailable


URL = reverse("admin:events_event_geocode")


@pytest.mark.django_db
class TestPlaceSearch:
    def test_it_offers_every_candidate_with_its_country(self, client_for, contributor):
        data = client_for(contributor).get(URL, {"q": "Tripoli"}).json()
        countries = {(c["name"], c["country"], c["country_name"]) for c in data["candidates"]}
        assert {("Tripoli", "LY", "Libya"), ("Tripoli", "LB", "Lebanon")} <= countries
        first = data["candidates"][0]
        assert set(first) >= {"name", "country", "lat", "lon", "feature"}

    def test_it_answers_nothing_for_an_empty_or_unknown_query(self, client_for, contributor):
        client = client_for(contributor)
        assert client.get(URL, {"q": " "}).json() == {"candidates": []}
        assert client.get(URL, {"q": "Zzyzxqwv"}).json() == {"candidates": []}

    def test_it_reports_a_geocoder_failure(self, client_for, contributor, monkeypatch):
        class Down:
            def geocode(self, query, exactly_one=True):
                raise GeocoderUnavailable("down")

        monkeypatch.setattr("events.newsroom.admin.get_geocoder", Down)
        response = client_for(contributor).get(URL, {"q": "Derna"})
        assert response.status_code == 502 and "error" in response.json()

    def test_it_turns_away_users_who_are_not_staff(self, client):
        reader = get_user_model().objects.create_user("reader", password="pw-reader-123")
        client.force_login(reader)
        response = client.get(URL, {"q": "Derna"})
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]

    def test_it_puts_the_map_and_search_on_the_event_form_without_inline_script(
            self, client_for, editor):
        body = client_for(editor).get(reverse("admin:events_event_add")).content.decode()
        assert 'class="map-picker"' in body and f'data-search-url="{URL}"' in body
        assert "vendor/leaflet/leaflet.js" in body and "events/admin/event_form.js" in body
        scripts = re.findall(r"<script\b[^>]*>", body)
        assert scripts and all("src=" in tag or "application/json" in tag for tag in scripts)
