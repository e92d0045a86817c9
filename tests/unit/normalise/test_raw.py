from jobboard.normalise.raw import as_dict, as_list, dig, flag, strings


def test_wrong_types_read_as_absent():
    assert as_dict([1]) == {} and as_list({"a": 1}) == [] and as_list("ab") == []
    assert dig({"a": {"b": 1}}, "a", "b") == 1
    assert dig({"a": [1]}, "a", "b") is None and dig(None, "a") is None


def test_strings_cleans_and_drops_junk():
    assert strings(["  Go ", None, 3, "", "C&amp;C"]) == ["Go", "C&C"]
    assert strings("python") == ["python"]
    assert strings(None) == []


def test_flags():
    assert flag(True) is True and flag("false") is False and flag(1) is None and flag(None) is None
