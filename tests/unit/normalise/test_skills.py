import pytest

from jobboard.normalise.skills import CATEGORIES, category, extract_skills, label, vocabulary


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Senior Go Engineer", ("go",)),
        ("Backend Engineer (Go)", ("go",)),
        ("Python, Go, Rust", ("python", "go", "rust")),
        ("Experience with Go and Kubernetes.", ("go", "kubernetes")),
        ("Go 1.22 services", ("go",)),
        ("We write Golang", ("go",)),
        ("Node.js, nodejs or Node developer", ("javascript", "nodejs")),  # Node.js implies JavaScript
        ("postgres and PostgreSQL", ("postgresql",)),
        ("k8s and Kubernetes", ("kubernetes",)),
        ("Java and JavaScript", ("java", "javascript")),
        ("React and Redux", ("react", "redux")),
        ("Spring Boot microservices", ("java", "spring", "microservices")),
        ("REST APIs and RESTful design", ("rest",)),
        ("C# and .NET Core", ("c#", ".net")),
        ("C++ developer", ("c++",)),
        ("ML engineer", ("machine learning",)),
        ("Ruby on Rails", ("ruby", "rails")),
        ("Vue.js, Nuxt", ("vue",)),
    ],
)
def test_aliases_map_to_one_canonical_skill(text, expected):
    assert extract_skills(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "good communication",
        "go to market",
        "Go to market strategy",
        "Go-to-market",
        "ready to go",
        "Go ahead",
        "Javascripting and ajava",
        "React quickly to incidents",
        "React and respond to pages",
        "the rest of the team",
        "Spring 2026 internship",
        "TS/SCI clearance required",
        "node pools",
        "500 ml of coffee",
        "guard rails",
        "visit example.net",
        "a swift response",
        "Spark joy",
        "Vue d'ensemble du poste",
        "Let's go!",
        "golden",
    ],
)
def test_prose_false_positives_do_not_count(text):
    assert extract_skills(text) == ()


def test_java_inside_javascript_is_not_java():
    assert extract_skills("Modern JavaScript") == ("javascript",)


def test_tags_match_whole_aliases_including_ambiguous_short_ones():
    assert extract_skills(tags=["go", "TS", "Node", "react", "Machine Learning", "k8s"]) == (
        "javascript",
        "typescript",
        "nodejs",
        "go",
        "react",
        "machine learning",
        "kubernetes",
    )


def test_tags_that_are_no_alias_are_read_as_prose_and_junk_is_ignored():
    assert extract_skills(tags=["senior golang dev", "Software Development", 5, None, ""]) == ("go",)
    assert extract_skills(tags="python") == ()  # tags must be a list


def test_results_follow_vocabulary_order_once_each():
    found = extract_skills("Rust, Python", "python again", tags=["rust"])
    assert found == ("python", "rust")
    order = list(vocabulary())
    assert order.index("python") < order.index("rust")


def test_non_strings_are_ignored():
    assert extract_skills(None, 5, ["python"]) == ()


def test_display_labels():
    assert label("nodejs") == "Node.js"
    assert label("postgresql") == "PostgreSQL"
    assert label("not-a-skill") == "not-a-skill"


def test_vocabulary_of_at_least_300_skills_in_known_categories():
    skills = vocabulary()
    assert len(skills) >= 300
    assert {skill.category for skill in skills.values()} == set(CATEGORIES)
    for skill_id, skill in skills.items():
        assert skill.label and (skill.words or skill.cased or skill.guarded or skill.tag_only), skill_id
        assert set(skill.implies) <= set(skills), skill_id
    assert category("prometheus") == "observability" and category("playwright") == "testing"
    assert category("not-a-skill") is None


def test_each_alias_names_one_skill():
    owner = {}
    for skill_id, skill in vocabulary().items():
        for alias in (*skill.words, *skill.cased, *skill.guarded, *skill.tag_only):
            assert owner.setdefault(alias.lower(), skill_id) == skill_id, alias


def test_stored_ids_stay_stable():
    # ids are stored with postings and counted on boards: the first vocabulary's ids remain.
    assert set(vocabulary()) >= {
        "python",
        "java",
        "javascript",
        "typescript",
        "nodejs",
        "go",
        "rust",
        "ruby",
        "rails",
        "php",
        "laravel",
        "c#",
        ".net",
        "c++",
        "kotlin",
        "swift",
        "scala",
        "elixir",
        "django",
        "flask",
        "fastapi",
        "spring",
        "react",
        "nextjs",
        "vue",
        "angular",
        "svelte",
        "html/css",
        "postgresql",
        "mysql",
        "mongodb",
        "redis",
        "dynamodb",
        "kafka",
        "elasticsearch",
        "spark",
        "airflow",
        "graphql",
        "rest",
        "grpc",
        "sql",
        "nosql",
        "aws",
        "gcp",
        "azure",
        "docker",
        "kubernetes",
        "terraform",
        "ansible",
        "ci/cd",
        "linux",
        "microservices",
        "machine learning",
        "pytorch",
        "tensorflow",
        "llm",
        "ios",
        "android",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Prometheus and Grafana dashboards", {"prometheus", "grafana"}),
        ("Models in dbt on Snowflake", {"dbt", "snowflake", "sql"}),
        ("WebAssembly modules, Playwright tests", {"webassembly", "playwright"}),
        ("OpenTelemetry traces into Datadog", {"opentelemetry", "datadog"}),
        ("Terraform, Helm charts and Argo CD", {"terraform", "helm", "kubernetes", "argo cd"}),
        ("Jenkins pipelines", {"jenkins", "ci/cd"}),
        ("Flutter apps", {"flutter", "dart"}),
        ("LangChain agents", {"langchain", "llm"}),
        ("machine\nlearning", {"machine learning"}),  # an alias's space matches any whitespace
    ],
)
def test_the_larger_vocabulary_finds_what_the_first_missed(text, expected):
    assert set(extract_skills(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ruby on Rails", {"ruby", "rails"}),
        ("Django REST APIs", {"python", "django", "rest"}),
        ("Next.js", {"nextjs", "react"}),
        ("NestJS", {"nestjs", "nodejs", "typescript", "javascript"}),  # transitively: Node.js implies JavaScript
        ("Spring Boot", {"spring", "java"}),
        ("Laravel", {"laravel", "php"}),
        ("Amazon EKS", {"eks", "aws", "kubernetes"}),
    ],
)
def test_implied_skills(text, expected):
    assert set(extract_skills(text)) == expected


# Every guarded alias: sentences where it is the technology, and where it is not.
GUARDED = {
    "Go": (
        [
            "Go and gRPC",
            "Go or Rust",
            "Python, Go.",
            "Go developer",
            "Go 1.22",
            "Backend (Go)",
            "Go and/or Kotlin",
            "Our services are written in Go",
            "Experience with Go is a plus",
            "Go is our main language",
        ],
        [
            "Go to market",
            "Go ahead and apply",
            "Go and see",
            "Go or stay",
            "Experience in Go-to-market roles",
            "Ready to Go?",
        ],
    ),
    "Node": (
        ["Node and PostgreSQL", "Node backend", "React/Node", "Experience with Node", "Node-based services"],
        ["Node pools", "Node and edge cases", "Node is down"],
    ),
    "TS": (
        ["TS and React", "Python, TS, Go", "written in TS", "We are a React and TS shop", "TS/Node backend"],
        ["Active TS/SCI clearance", "TS clearance with polygraph", "U.S. citizen able to hold TS", "TS-SCI"],
    ),
    "C": (
        ["C and C++", "C, Python", "C programming", "embedded C."],
        ["Series C, we grew", "Plan C.", "C-suite", "Vitamin C and zinc"],
    ),
    "R": (["R and Python", "R, SQL", "R programming", "Statistics in R."], ["R&D", "Grade R, then", "R and D budget"]),
    "Swift": (["Swift and SwiftUI", "Swift developer", "Swift 5"], ["Swift onboarding", "a Swift response"]),
    "React": (
        ["React and TypeScript", "React Native", "React hooks", "React 18"],
        ["React quickly", "React and respond to pages"],
    ),
    "Vue": (["Vue and Vuex", "Vue 3", "Vue developer"], ["Vue d'ensemble du poste"]),
    "Spark": (
        ["Spark and Kafka", "Spark jobs", "Spark, Flink", "Hands-on experience with Spark.", "knowledge of Spark"],
        ["Spark joy", "Spark and curiosity", "Things that Spark joy", "Spark-joy moments"],
    ),
    "Remix": (["Remix, React", "Remix apps"], ["Remix the playlist"]),
    "Astro": (["Astro and Svelte", "Astro, Svelte"], ["Astro Teller said"]),
    "Bootstrap": (["Bootstrap and Sass", "Bootstrap 5"], ["Bootstrap funding"]),
    "Electron": (["Electron apps", "Electron and TypeScript"], ["Electron microscopy"]),
    "Express": (["Express and MongoDB", "Express APIs", "Node/Express"], ["Express interest", "Express yourself"]),
    "Bun": (["Bun and Deno", "Bun runtime"], ["Bun bakery"]),
    "Unity": (["Unity and C#", "Unity developer"], ["Unity of purpose"]),
    "Hive": (["Hive and Presto", "Hive, Spark"], ["Hive mind"]),
    "RAG": (["RAG pipelines", "RAG and LangChain"], ["RAG status reports"]),
    "Envoy": (["Envoy and Istio", "Envoy, NGINX"], ["Envoy of the company"]),
    "Consul": (["Consul and Terraform", "Consul, Nomad"], ["Consul General office"]),
    "Espresso": (["Espresso and XCTest", "Espresso tests"], ["Espresso machine in the office"]),
    "SOAP": (["SOAP and REST", "SOAP services"], ["SOAP notes for patients"]),
}


def test_every_guarded_alias_has_its_examples():
    guarded = {alias for skill in vocabulary().values() for alias in skill.guarded}
    assert guarded == set(GUARDED)


@pytest.mark.parametrize("alias, sentence", [(a, s) for a, (yes, _) in GUARDED.items() for s in yes])
def test_guarded_alias_counts_as_a_technology(alias, sentence):
    skill_id = next(s for s, skill in vocabulary().items() if alias in skill.guarded)
    assert skill_id in extract_skills(sentence)


@pytest.mark.parametrize("alias, sentence", [(a, s) for a, (_, no) in GUARDED.items() for s in no])
def test_guarded_alias_in_plain_prose_does_not_count(alias, sentence):
    skill_id = next(s for s, skill in vocabulary().items() if alias in skill.guarded)
    assert skill_id not in extract_skills(sentence)


@pytest.mark.parametrize(
    "text",
    [
        "Spring 2026 internship",
        "spring cleaning",
        "Sous Chef",
        "Phoenix, AZ",
        "Julia, our recruiter, will call",
        "vitamin D3",
        "the torch is passed",
        "Acme PLC",
        "our Maui office",
        "graphite pencils",
        "X-ray technician",
        "founded by ex-OpenAI researchers",
        "System Design Verification Intern",
    ],
)
def test_ambiguous_words_kept_out_of_the_vocabulary_do_not_count(text):
    assert extract_skills(text) == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("TypeScript, React and Node on AWS", {"typescript", "react", "nodejs", "javascript", "aws"}),
        ("Python, R", {"python", "r"}),
        ("SQL und Power BI; erste Erfahrung mit R oder Python", {"sql", "power bi", "r", "python"}),
        ("Kotlin et Swift", {"kotlin", "swift"}),
    ],
)
def test_a_guarded_alias_in_a_list_of_technologies_counts(text, expected):
    assert set(extract_skills(text)) == expected


@pytest.mark.parametrize("text", ["AWS and R&D budget", "SQL or Q&A sessions", "Python, C&C"])
def test_an_alias_glued_to_an_ampersand_is_another_word(text):
    assert not {"r", "c"} & set(extract_skills(text))


def test_text_whose_length_changes_when_lower_cased_is_read_as_well():
    # "İ".lower() is two characters: the case-insensitive pattern reads such text as written
    assert extract_skills("İstanbul: Go and Kubernetes, not go to market") == ("go", "kubernetes")
