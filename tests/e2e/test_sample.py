"""`postmind sample` (and `make sample`): offline drafts anyone can read, with no database.

The real console script runs in a subprocess; what it prints is measured with the yardstick.
"""

from __future__ import annotations

import json
from pathlib import Path

from domain import text_metrics
from domain.style import Style
from interfaces.cli.sample import BRIEFS, STYLES
from tests.e2e.test_admin_cli import ok, run


def test_sample_prints_every_brief_in_three_styles_and_the_time_per_draft(
    tmp_path: Path,
) -> None:
    result = ok(run("sample", cwd=tmp_path))

    for brief in BRIEFS:
        assert f"Brief: {brief}" in result.stdout
    for name, _ in STYLES:
        assert result.stdout.count(f"*{name}*") == len(BRIEFS)
    assert f"{len(BRIEFS) * len(STYLES)} drafts in " in result.stdout
    assert "ms each)" in result.stdout
    assert list(tmp_path.iterdir()) == []  # no database, nothing written


def test_sample_json_drafts_meet_their_styles_for_the_briefs_given(tmp_path: Path) -> None:
    briefs = ["Our florist opens on Elm Road this Friday", "Quiz night at the pub tonight"]

    drafted = json.loads(
        ok(run("sample", *briefs, "--variant", "2", "--json", cwd=tmp_path)).stdout
    )

    assert [d["brief"] for d in drafted] == [b for b in briefs for _ in STYLES]
    for sample in drafted:
        style = Style.from_dict(sample["style"])
        assert text_metrics.measure(sample["draft"]).as_style() == style
        assert sample["milliseconds"] >= 0


def test_sample_refuses_a_bad_variant_naming_the_flag(tmp_path: Path) -> None:
    result = run("sample", "--variant", "many", cwd=tmp_path)

    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Invalid value for '--variant'" in result.stderr
