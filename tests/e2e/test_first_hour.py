"""What a new user meets in their first hour of `postmind chat`: free text that asks for a
tone or for content, /set with a draft open, bare numbers, forgetting, and odd input.

Every test runs the real console script on a fresh SQLite file with the offline generator,
whose drafts follow the style exactly, so what a header says is what was asked for.
"""

from __future__ import annotations

import json
import re
import subprocess

from tests.e2e.conftest import POSTMIND, Run, clean_env
from tests.fake_openai import FakeOpenAI, Reply

CAFE = "Our cafe on Main Street hosts a jazz night with free parking this Friday evening"
HEADER = re.compile(
    r"Draft v(\d+) \(post \d+\) · (\d+) words · (\w+) · (\d+) emoji · (\d+) hashtags?"
)


def drafts(stdout: str) -> list[tuple[int, int, str, int, int]]:
    """Each draft's header: version, words, tone, emoji, hashtags."""
    return [(int(v), int(w), tone, int(e), int(h)) for v, w, tone, e, h in HEADER.findall(stdout)]


def bodies(stdout: str) -> list[str]:
    """Each draft's text, as printed below its header."""
    parts = re.split(r"Draft v\d+ \(post \d+\)[^\n]*\n", stdout)[1:]
    return [part.split("React with text, or :approve")[0] for part in parts]


def chat(run: Run, *lines: str) -> subprocess.CompletedProcess[str]:
    result = run("chat", "--user-id", "7", stdin="".join(f"{line}\n" for line in lines))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


# --- 1. free text about tone and content ----------------------------------------------------


def test_common_ways_of_asking_for_a_tone_move_it(run_postmind: Run) -> None:
    result = chat(
        run_postmind, CAFE, "more fun please", "hmm, too chatty now", "sounds like a robot"
    )

    tones = [tone for _, _, tone, _, _ in drafts(result.stdout)]
    assert tones == ["neutral", "casual", "neutral", "casual"]


def test_content_asked_for_is_in_every_later_version_and_left_out_content_is_gone(
    run_postmind: Run,
) -> None:
    result = chat(
        run_postmind,
        CAFE,
        "mention the free coffee",
        ":shorter",
        "don't mention the parking, and add that kids eat free",
    )

    first, coffee, shorter, last = bodies(result.stdout)
    assert "parking" in first and "free coffee" not in first
    assert "the free coffee" in coffee and "the free coffee" in shorter
    assert "the free coffee" in last and "kids eat free" in last
    assert "parking" not in last.lower()


def test_feedback_understood_as_nothing_says_so_and_keeps_the_style(run_postmind: Run) -> None:
    result = chat(run_postmind, CAFE, "hmm, I am not sure about this one")

    first, second = drafts(result.stdout)
    assert first[1:] == second[1:]  # the same style
    assert "I kept the style and changed the wording: tell me what to change" in result.stdout


def test_the_llm_prompt_states_the_content_requests_for_this_version(
    run_postmind: Run, db_url: str
) -> None:
    with FakeOpenAI() as fake:
        fake.default = Reply("Jazz night on Friday with free coffee! Come along. #Jazz")
        env = clean_env(
            POSTMIND_GENERATOR="openai",
            OPENAI_BASE_URL=fake.base_url,
            OPENAI_API_KEY="x",
            POSTMIND_CORRECTION_ATTEMPTS="0",  # one answer per draft
            POSTMIND_DATABASE_URL=db_url,
        )
        stdin = f"{CAFE}\nmention the free coffee but leave out the parking\n"
        result = run_postmind("chat", "--user-id", "7", stdin=stdin, env=env)
        first, last = (r.body["messages"] for r in fake.requests)

    assert result.returncode == 0, result.stderr
    asked = [m["content"] for m in last if "For this version" in m["content"]]
    assert asked == [
        "For this version, as I asked:\n"
        "Mention this in the post: <mention>the free coffee</mention>\n"
        "Do not mention this in the post: <omit>the parking</omit>"
    ]
    assert not any("For this version" in m["content"] for m in first)


# --- 2. /set reaches the open draft; /context and /preferences agree ---------------------------


def test_a_value_set_with_a_draft_open_applies_from_its_next_version(run_postmind: Run) -> None:
    result = chat(
        run_postmind,
        CAFE,
        "/set length 60",
        "/set emoji 0",
        ":regenerate",
        ":longer",
        "/context",
        "/preferences",
    )

    _, regenerated, longer = drafts(result.stdout)
    assert (regenerated[1], regenerated[3]) == (60, 0)
    assert longer[1] > 60 and longer[3] == 0  # longer than what was set, still no emoji
    context = result.stdout[result.stdout.index("Your next draft will be written from:") :]
    assert f"Length: about {longer[1]} words (this draft's session" in context
    assert "Emoji: no emoji (you set this" in context  # the value set, still used
    preferences = result.stdout[result.stdout.index("What I know about your style:") :]
    assert "Length: about 60 words (you set this" in preferences


def test_after_a_reset_each_command_says_which_style_it_shows(run_postmind: Run) -> None:
    result = chat(run_postmind, CAFE, "/set length 60", ":regenerate", "/reset_preferences",
                  "/preferences", "/context", ":regenerate")  # fmt: skip

    assert "an open draft keeps its session's style (see /context)" in result.stdout
    assert "Length: about 80 words (the default: nothing learned yet)" in result.stdout
    assert "Length: about 60 words (this draft's session;" in result.stdout
    assert [words for _, words, _, _, _ in drafts(result.stdout)] == [80, 60, 60]


def test_context_says_what_the_next_version_uses_after_a_setting(run_postmind: Run) -> None:
    result = chat(
        run_postmind, CAFE, "/set length 50", "/set tone formal", "/context", ":regenerate",
        "/context",
    )  # fmt: skip

    context = result.stdout[result.stdout.index("Your next draft will be written from:") :]
    assert context.count("Length: about 50 words (you set this") == 2  # before and after
    assert context.count("Tone: formal (you set this") == 2
    assert "Tone: formal (you set this" in context
    assert "Write about 50 words" in context
    assert "Write in a formal, professional tone" in context


# --- 3. bare numbers and briefs that say nothing ---------------------------------------------


def test_a_bare_number_with_a_draft_open_is_a_question_not_a_new_version(
    run_postmind: Run,
) -> None:
    result = chat(run_postmind, CAFE, "9", "/sessions")

    assert len(drafts(result.stdout)) == 1
    assert (
        "! Did you mean a rating? Approve the draft first (with :approve), then rate it with"
        " :rate N (1-5)." in result.stdout
    )
    assert "1 version(s)" in result.stdout


def test_a_number_sent_again_after_a_rating_starts_no_session(run_postmind: Run) -> None:
    result = chat(run_postmind, CAFE, ":approve", "5", "5", "/sessions")

    assert "Thanks! Post 1 rated 5/5." in result.stdout
    assert "! Did you mean a rating? Rate the approved post with :rate N (1-5)." in result.stdout
    assert result.stdout.count("[completed]") == 1 and "[active]" not in result.stdout


def test_a_brief_of_one_word_or_punctuation_gets_a_hint_not_a_post(run_postmind: Run) -> None:
    result = chat(run_postmind, "Bakery", "???", "/sessions")

    assert result.stdout.count("! Tell me a bit more: a brief says what the post is about") == 2
    assert drafts(result.stdout) == [] and "No sessions yet." in result.stdout


# --- 4. nothing stored before the user writes, or after they are forgotten ----------------------


def users(run: Run) -> list[dict[str, object]]:
    listed = run("users", "--json")
    assert listed.returncode == 0, listed.stderr
    found: list[dict[str, object]] = json.loads(listed.stdout)
    return found


def test_opening_and_closing_a_chat_with_no_input_stores_nothing(run_postmind: Run) -> None:
    chat(run_postmind, "", "/help", "/stats", "/quit")

    assert users(run_postmind) == []


def test_after_forget_nothing_of_the_user_is_stored_until_they_write_again(
    run_postmind: Run,
) -> None:
    chat(run_postmind, CAFE, "/forget yes", "/preferences")
    assert users(run_postmind) == []

    chat(run_postmind, CAFE)
    assert [u["user_id"] for u in users(run_postmind)] == [7]


# --- 5. wording and odd input ------------------------------------------------------------------


def test_one_hashtag_is_said_in_the_singular(run_postmind: Run) -> None:
    result = chat(run_postmind, CAFE, "/set hashtags 1", ":regenerate", "/context")

    assert " · 1 hashtag · " in result.stdout
    assert "End with exactly 1 hashtag on its own last line." in result.stdout
    assert "1 hashtags" not in result.stdout


def test_a_very_long_line_is_refused_with_its_real_length(run_postmind: Run) -> None:
    result = chat(run_postmind, "word " * 5_000)

    assert "! The brief is too long (24,999 characters; the limit is 4,000)." in result.stdout


def test_input_that_is_not_utf8_is_refused_in_one_line(run_postmind: Run, db_url: str) -> None:
    stdin = b"Caf\xe9 Noir opens a second shop on Friday\n/sessions\n"
    result = subprocess.run(
        [str(POSTMIND), "chat", "--user-id", "7"],
        input=stdin,
        capture_output=True,
        timeout=60,
        env=clean_env(POSTMIND_DATABASE_URL=db_url),
    )
    out = result.stdout.decode()

    assert result.returncode == 0, result.stderr
    assert "! The brief is not valid UTF-8 text (byte 0xE9): send it again as UTF-8." in out
    assert "\ufffd" not in out and "#Caf" not in out and "No sessions yet." in out
