import pytest

from jobboard.normalise.skills import VOCABULARY, extract_skills, label


@pytest.mark.parametrize("text, expected", [
    ("Senior Go Engineer", ("go",)),
    ("Backend Engineer (Go)", ("go",)),
    ("Python, Go, Rust", ("python", "go", "rust")),
    ("Experience with Go and Kubernetes.", ("go", "kubernetes")),
    ("Go 1.22 services", ("go",)),
    ("We write Golang", ("go",)),
    ("Node.js, nodejs or Node developer", ("nodejs",)),
    ("postgres and PostgreSQL", ("postgresql",)),
    ("k8s and Kubernetes", ("kubernetes",)),
    ("Java and JavaScript", ("java", "javascript")),
    ("React and Redux", ("react",)),
    ("Spring Boot microservices", ("spring", "microservices")),
    ("REST APIs and RESTful design", ("rest",)),
    ("C# and .NET Core", ("c#", ".net")),
    ("C++ developer", ("c++",)),
    ("ML engineer", ("machine learning",)),
    ("Ruby on Rails", ("rails",)),
    ("Vue.js, Nuxt", ("vue",)),
])
def test_aliases_map_to_one_canonical_skill(text, expected):
    assert extract_skills(text) == expected


@pytest.mark.parametrize("text", [
    "good communication", "go to market", "Go to market strategy", "Go-to-market", "ready to go", "Go ahead",
    "Javascripting and ajava", "React quickly to incidents", "React and respond to pages",
    "the rest of the team", "Spring 2026 internship", "TS/SCI clearance required", "node pools",
    "500 ml of coffee", "guard rails", "visit example.net", "a swift response", "Spark joy",
    "Vue d'ensemble du poste", "Let's go!", "golden",
])
def test_prose_false_positives_do_not_count(text):
    assert extract_skills(text) == ()


def test_java_inside_javascript_is_not_java():
    assert extract_skills("Modern JavaScript") == ("javascript",)


def test_tags_match_whole_aliases_including_ambiguous_short_ones():
    assert extract_skills(tags=["go", "TS", "Node", "react", "Machine Learning", "k8s"]) == (
        "typescript", "nodejs", "go", "react", "kubernetes", "machine learning",
    )


def test_tags_that_are_no_alias_are_read_as_prose_and_junk_is_ignored():
    assert extract_skills(tags=["senior golang dev", "Software Development", 5, None, ""]) == ("go",)
    assert extract_skills(tags="python") == ()  # tags must be a list


def test_results_follow_vocabulary_order_once_each():
    found = extract_skills("Rust, Python", "python again", tags=["rust"])
    assert found == ("python", "rust")
    order = list(VOCABULARY)
    assert order.index("python") < order.index("rust")


def test_non_strings_are_ignored():
    assert extract_skills(None, 5, ["python"]) == ()


def test_display_labels():
    assert label("nodejs") == "Node.js"
    assert label("postgresql") == "PostgreSQL"
    assert label("not-a-skill") == "not-a-skill"
