import pytest

from jobboard.normalise.employment import employment_type, first_employment_type


@pytest.mark.parametrize(
    "value, expected",
    [
        ("FullTime", "full-time"),
        ("full_time", "full-time"),
        ("Full-Time", "full-time"),
        ("Vollzeit", "full-time"),
        ("PartTime", "part-time"),
        ("Werkstudent", "part-time"),
        ("Contract", "contract"),
        ("Intern", "internship"),
        ("co-op", "internship"),
        ("Temporary", "temporary"),
        ("freelance", "freelance"),
        ("berufserfahren", None),
        ("", None),
        (None, None),
        (3, None),
    ],
)
def test_employment_types(value, expected):
    assert employment_type(value) == expected


def test_first_recognisable_of_several():
    assert first_employment_type(["berufserfahren", "Teilzeit", "Vollzeit"]) == "part-time"
    assert first_employment_type("Contract") == "contract"
    assert first_employment_type(None) is None
