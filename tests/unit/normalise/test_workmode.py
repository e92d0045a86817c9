import pytest

from jobboard.model import WorkMode
from jobboard.normalise.workmode import from_flag, from_label, from_text, from_title, resolve


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Remote (US)", WorkMode.REMOTE),
        ("Hybrid - Berlin", WorkMode.HYBRID),
        ("Anywhere in the World", WorkMode.REMOTE),
        ("China - Remote", WorkMode.REMOTE),
        ("Worldwide", WorkMode.REMOTE),
        ("Berlin, Germany", WorkMode.UNKNOWN),
        ("On-site - London", WorkMode.ONSITE),
        ("Hybrid, 2 days remote", WorkMode.HYBRID),
        ("Not remote - Paris", WorkMode.UNKNOWN),
        ("", WorkMode.UNKNOWN),
    ],
)
def test_work_mode_from_location_text(text, expected):
    assert from_text(text) is expected


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Remote", WorkMode.REMOTE),
        ("remote", WorkMode.REMOTE),
        ("OnSite", WorkMode.ONSITE),
        ("on-site", WorkMode.ONSITE),
        ("Hybrid", WorkMode.HYBRID),
        ("HYBRID", WorkMode.HYBRID),
        ("In Office", WorkMode.ONSITE),
        ("unspecified", None),
        ("", None),
        (None, None),
        (["Remote"], None),
    ],
)
def test_structured_labels(label, expected):
    assert from_label(label) is expected


def test_structured_value_wins_over_location_text():
    assert resolve(from_label("on-site"), texts=("Remote (US)",)) is WorkMode.ONSITE
    assert resolve(None, WorkMode.UNKNOWN, texts=("Remote (US)",)) is WorkMode.REMOTE
    assert resolve(from_label("Hybrid"), from_flag(True)) is WorkMode.HYBRID


def test_a_false_remote_flag_is_on_site_unless_the_location_names_a_mode():
    assert from_flag(False) is WorkMode.ONSITE
    assert from_flag(False, texts=("Berlin",)) is WorkMode.ONSITE
    assert from_flag(False, texts=("Hybrid - Munich",)) is WorkMode.HYBRID
    assert from_flag(False, texts=("Hybrid, 3 days in office",)) is WorkMode.HYBRID
    assert from_flag(False, texts=("Remote, Germany",)) is WorkMode.REMOTE
    assert from_flag("yes") is None and from_flag(None) is None
    assert resolve(from_label("Remote"), from_flag(False)) is WorkMode.REMOTE  # a label still comes first


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Hybrid, 3 days in office", WorkMode.HYBRID),  # Greenhouse "Workplace Type" metadata written as a sentence
        ("Remote - US only", WorkMode.REMOTE),
        ("Office-based (London)", WorkMode.ONSITE),
        ("Flexible", None),
    ],
)
def test_labels_written_as_sentences(label, expected):
    assert from_label(label) is expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Backend Engineer - Hybrid", WorkMode.HYBRID),
        ("Platform Engineer – Hybrid (Munich)", WorkMode.HYBRID),
        ("Senior Data Engineer (Remote)", WorkMode.REMOTE),
        ("Frontend Developer | Remote, EU", WorkMode.REMOTE),
        ("[Remote] Go Developer", WorkMode.REMOTE),
        ("Remote - Site Reliability Engineer", WorkMode.REMOTE),
        ("Java Developer (m/w/d) - 100% Remote", WorkMode.REMOTE),
        ("Staff Engineer (Remote - Germany)", WorkMode.REMOTE),
        ("QA Engineer, Remote in Canada", WorkMode.REMOTE),
        ("Senior SRE - Remote US only", WorkMode.REMOTE),
        ("Data Scientist (On-site, NYC)", WorkMode.ONSITE),
        ("iOS Engineer (Hybrid/Remote)", WorkMode.HYBRID),
        # a mode word that is part of the role names no work mode
        ("Remote Sensing Scientist", None),
        ("GIS Analyst - Remote Sensing", None),
        ("Hybrid Cloud Architect", None),
        ("Remote Operations Technician", None),
        ("Software Engineer", None),
    ],
)
def test_work_mode_a_title_states(title, expected):
    assert from_title(title) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hybrid, 3 days in office", WorkMode.HYBRID),
        ("Berlin (3 days/week in office)", WorkMode.HYBRID),
        ("London - 2-3 days per week onsite", WorkMode.HYBRID),
        ("New York, NY (2 days remote)", WorkMode.HYBRID),
        ("Partially remote - Paris", WorkMode.HYBRID),
        ("5 days a week in office", WorkMode.ONSITE),  # every working day in the office
    ],
)
def test_some_days_in_the_office_is_hybrid(text, expected):
    assert from_text(text) is expected
    assert from_flag(False, texts=(text,)) is expected  # a false remote flag beside it says no more
