import pytest
from hypothesis import given, settings, strategies as st

from jobboard.normalise.text import clean_line, decode_entities, html_to_text, looks_entity_escaped, repair_mojibake


def test_html_to_plain_text_with_bullets_and_no_scripts():
    markup = "<h2>Role</h2><p>Build <b>APIs</b>&nbsp;fast.</p><ul><li>Go</li><li>SQL</li></ul><script>x()</script>"
    assert html_to_text(markup) == "Role\n\nBuild APIs fast.\n\n- Go\n- SQL"


def test_entity_escaped_html_is_unescaped_once():
    # Greenhouse: escaped once, the employer's own entities double-escaped
    assert html_to_text("&lt;p&gt;Caf&amp;eacute; &amp;amp; tea&amp;nbsp;here&lt;/p&gt;", entity_escaped=True) == (
        "Café & tea here"
    )


def test_escaped_html_is_detected_when_not_told():
    assert looks_entity_escaped("&lt;p&gt;Hi&lt;/p&gt;")
    assert not looks_entity_escaped("<p>5 &lt; 6</p>")
    assert html_to_text("&lt;ul&gt;&lt;li&gt;Python&lt;/li&gt;&lt;/ul&gt;") == "- Python"
    assert html_to_text("<p>5 &lt; 6</p>") == "5 < 6"


def test_non_strings_and_blank_give_empty_text():
    assert html_to_text(None) == html_to_text(42) == html_to_text("  ") == ""
    assert clean_line(None) == clean_line(["a"]) == ""


def test_clean_line_collapses_whitespace_and_decodes_entities():
    assert clean_line("  Senior\tEngineer &amp; Lead \n") == "Senior Engineer & Lead"


def test_mojibake_is_repaired_and_correct_text_left_alone():
    assert repair_mojibake("Weâ€™re hiring ðŸš€ Ã©tÃ©") == "We’re hiring 🚀 été"
    for correct in ("SÃO PAULO", "café voilà…", "東京テック", "naïve — “quotes”"):
        assert repair_mojibake(correct) == correct
    assert clean_line("Weâ€™re") == "We’re"


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("R&amp;amp;D Engineer", "R&D Engineer"),  # escaped twice upstream
        ("AT&amp;amp;amp;T", "AT&T"),  # three times
        ("Caf&amp;eacute; &amp;#x2F; Bar", "Café / Bar"),
        ("Tom &amp;amp; Jerry&#39;s", "Tom & Jerry's"),
        ("Q&amp;A &lt;Platform&gt;", "Q&A <Platform>"),
        ("Fish & Chips", "Fish & Chips"),  # a bare ampersand is text
        ("&amp;nbsp;Senior&amp;nbsp;Engineer", "Senior Engineer"),
    ],
)
def test_entities_are_decoded_until_stable(raw, shown):
    assert clean_line(raw) == shown
    assert decode_entities(clean_line(raw)) == shown


def test_a_description_escaped_twice_shows_no_entity():
    assert html_to_text("<p>Sales &amp;amp; Marketing &amp;amp;amp; more</p>") == "Sales & Marketing & more"
    assert html_to_text("&lt;p&gt;R&amp;amp;amp;D&lt;/p&gt;") == "R&D"


_ENTITY_TEXT = st.lists(
    st.sampled_from([*"&;#xamplgtqunbsp0123456789AaZ é<>/â€™Ã©", "&amp;", "&lt;", "&#38;", "&#x26;", "&eacute;"]),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_ENTITY_TEXT)
def test_decoding_is_idempotent(text):
    once = decode_entities(text)
    assert decode_entities(once) == once
    cleaned = clean_line(text)
    assert clean_line(cleaned) == cleaned
