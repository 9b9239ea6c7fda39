"""`postmind stats` and the preference commands of `postmind chat`, as scripts see them."""

from __future__ import annotations

import json

from tests.e2e.conftest import Run

BAKERY = "Our bakery opens a second shop on Main Street next Saturday"


def test_stats_json_for_a_user_has_the_documented_keys(run_postmind: Run) -> None:
    run_postmind("chat", "--user-id", "42", stdin=f"{BAKERY}\n:shorter\n:approve\n4\n")
    run_postmind("chat", "--user-id", "42", stdin=f"{BAKERY}\nway too long\n:approve\n5\n")

    result = run_postmind("stats", "--user", "42", "--json")

    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["user_id"] == 42
    assert (stats["sessions"], stats["posts"], stats["approved_posts"]) == (2, 4, 2)
    assert stats["approval_rate"] == 1.0 and stats["avg_satisfaction"] == 4.5
    assert stats["first_draft_approval_rate"] == 0.0
    assert stats["first_attempt_fit_rate"] == 1.0  # the offline generator writes styles exactly
    assert stats["complaints"] == {"too long": 2}
    assert stats["satisfaction_by_session"] == [4, 5]
    assert stats["style_history"]["length"]["first"] == 56  # words, as measured


def test_stats_without_a_user_covers_everyone(run_postmind: Run) -> None:
    for user in ("1", "2", "3"):
        run_postmind("chat", "--user-id", user, stdin=f"{BAKERY}\n:approve\n")

    result = run_postmind("stats", "--json")
    human = run_postmind("stats")

    assert json.loads(result.stdout)["users"] == 3
    assert json.loads(result.stdout)["approved_posts"] == 3
    assert "postmind stats for all 3 users" in human.stdout
    assert "Approved at the first draft: 100%" in human.stdout
    assert "Fitted the style at the first attempt: 100%" in human.stdout


def test_stats_for_an_unknown_user_is_a_clear_error(run_postmind: Run) -> None:
    run_postmind("chat", "--user-id", "1", stdin=f"{BAKERY}\n")

    result = run_postmind("stats", "--user", "999", "--json")

    assert result.returncode == 2
    assert result.stderr.strip() == "postmind: There is no user 999."


def test_preferences_set_and_reset_in_the_terminal(run_postmind: Run) -> None:
    script = "\n".join(
        [
            "/set emoji 0",
            "/set length 5000",
            "/set colour blue",
            BAKERY,
            ":edit Second shop on Main Street, opening Saturday. Visit us! #Bakery #MainStreet",
            ":approve",
            "/preferences",
            "/reset_preferences",
            "/preferences",
        ]
    )

    out = run_postmind("chat", stdin=script + "\n").stdout

    assert "Set. Emoji: no emoji (you set this" in out
    assert "! '5000' is not a valid length" in out
    assert "! Unknown preference 'colour'" in out
    assert "Your version is saved as v2." in out
    assert "Hashtags: 2 hashtags (learned from 2 signals of your feedback" in out
    assert "Forgot 5 preference(s)." in out
    assert out.rstrip().endswith("Bye.")
    assert "Emoji: 1 emoji (the default: nothing learned yet)" in out.split("Forgot")[1]
