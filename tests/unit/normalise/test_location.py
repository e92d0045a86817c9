import pytest

from jobboard.normalise.location import country_code, country_from_location, country_from_locations


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Remote (US)", "US"),
        ("China - Remote", "CN"),
        ("Berlin, Germany ", "DE"),
        ("Hybrid - Berlin", "DE"),
        ("San Jose, CA", "US"),
        ("Austin, TX; New York, NY", "US"),
        ("Toronto, ON", "CA"),
        ("Montréal, QC", "CA"),
        ("USA Only", "US"),
        ("United Kingdom", "GB"),
        ("London", "GB"),
        ("Remote - UK", "GB"),
        ("Wien, Österreich", "AT"),
        ("Tokyo, Japan", "JP"),
        ("NYC", "US"),
        ("Santa Fe, New Mexico", "US"),
        ("Remote in USA", "US"),
        ("Bengaluru, Karnataka, India", "IN"),
        ("SF", "US"),
        ("LA", "US"),
        ("Paris, la Défense", "FR"),
    ],
)
def test_country_where_clear(text, expected):
    assert country_from_location(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Remote",
        "Anywhere in the World",
        "Europe",
        "Canada, USA",
        "Berlin or London",
        "Multiple Locations",
        "Dublin, OH",  # Dublin (IE) vs Ohio: the clues disagree
        "Join us",
        "",
        None,
        42,
        "Tbilisi, Georgia",
        "Paris, TX",
        "Vancouver, WA",
    ],
)
def test_no_country_when_unclear(text):
    assert country_from_location(text) is None


def test_several_locations_must_agree():
    assert country_from_locations("McLean, VA", "Plano, TX") == "US"
    assert country_from_locations("McLean, VA", "Toronto, ON") is None
    assert country_from_locations("McLean, VA", "Remote") is None
    assert country_from_locations() is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("us", "US"),
        ("DE", "DE"),
        ("UK", "GB"),
        ("USA", "US"),
        ("United States", "US"),
        ("", None),
        (None, None),
    ],
)
def test_structured_country_fields(value, expected):
    assert country_code(value) == expected
