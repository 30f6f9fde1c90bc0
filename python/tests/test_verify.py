"""precis.verify: the same check as `precis verify`, from Python."""

import json
import subprocess

import pytest

import precis

ARTICLE = (
    "The council approved a budget of 3.5 million dollars on Tuesday. "
    "The mayor, Jane Smith, welcomed the vote after a long debate.\n"
)
SUMMARY = "The council approved a budget of 4.2 million dollars. Mayor John Brown welcomed the vote.\n"


def test_invented_number_and_name_are_reported_with_spans():
    v = precis.verify(ARTICLE, SUMMARY)
    assert 0.0 <= v["score"] < 1.0
    first, second = v["sentences"]
    assert first["support"][0]["sentence"] == 0
    number = [u for u in first["unsupported"] if u["kind"] == "number"]
    assert [u["text"] for u in number] == ["4.2 million"]
    assert SUMMARY[number[0]["start"] : number[0]["end"]] == "4.2 million"
    names = [u["text"] for u in second["unsupported"] if u["kind"] == "name"]
    assert names == ["John Brown"]


def test_copied_summary_scores_one():
    v = precis.verify(ARTICLE, ARTICLE)
    assert v["score"] == 1.0
    assert [s["support"][0]["sentence"] for s in v["sentences"]] == [0, 1]
    assert v["unsupported"] == 0


def test_equals_the_cli(tmp_path, cli):
    src = tmp_path / "a.txt"
    summ = tmp_path / "s.txt"
    src.write_text(ARTICLE)
    summ.write_text(SUMMARY)
    out = subprocess.run(
        [cli, "verify", "--source", str(src), "--summary", str(summ), "-f", "jsonl"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    cli = json.loads(out)
    mine = precis.verify(ARTICLE, SUMMARY)
    cli.pop("id", None)
    mine.pop("id", None)
    assert mine == cli


@pytest.mark.parametrize(
    "article, summary, field",
    [("", SUMMARY, "article"), (ARTICLE, "", "summary"), (ARTICLE, "   \n", "summary")],
)
def test_empty_inputs_name_the_argument(article, summary, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        precis.verify(article, summary)


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError, match="^summary"):
        precis.verify(ARTICLE, b"bytes")
    with pytest.raises(ValueError, match="^lang"):
        precis.verify(ARTICLE, SUMMARY, lang="english")
