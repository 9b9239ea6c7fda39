"""`postmind chat` as a user and a script see it: piped conversations, restarts, bad input."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import POSTMIND, Run, clean_env

BAKERY = "Our bakery opens a second shop on Main Street next Saturday"
SCRIPT = f"{BAKERY}\n:shorter\n:approve\n5\n/stats\n"


def test_two_piped_conversations_are_both_remembered(run_postmind: Run) -> None:
    first = run_postmind("chat", "--user-id", "42", stdin=SCRIPT)
    second = run_postmind("chat", "--user-id", "42", stdin=SCRIPT)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "Sessions: 1" in first.stdout and "Approved posts: 1" in first.stdout
    assert "Sessions: 2" in second.stdout and "Approved posts: 2" in second.stdout
    assert "Average satisfaction: 5.00 / 5 (2 rating(s))" in second.stdout
    assert first.stderr == "" and second.stderr == ""


def test_the_draft_survives_a_kill_right_after_it_is_printed(tmp_path: Path, db_url: str) -> None:
    env = clean_env(POSTMIND_DATABASE_URL=db_url)
    chat = subprocess.Popen(
        [str(POSTMIND), "chat", "--user-id", "42"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert chat.stdin is not None and chat.stdout is not None
    chat.stdin.write(BAKERY + "\n")
    chat.stdin.flush()
    printed = _read_until(chat, "#")  # the draft ends with its hashtag line
    chat.send_signal(signal.SIGKILL)
    chat.wait(timeout=10)
    draft_line = printed[printed.index("Draft v1") :].splitlines()[1]

    after = subprocess.run(
        [str(POSTMIND), "chat", "--user-id", "42"],
        input="/sessions\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    assert chat.returncode == -signal.SIGKILL
    assert after.returncode == 0, after.stderr
    assert BAKERY in after.stdout and "[active] 1 version(s)" in after.stdout
    assert draft_line.strip() in after.stdout


def _read_until(process: subprocess.Popen[str], marker: str) -> str:
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        seen.append(line)
        if line.startswith(marker):
            return "".join(seen)
    pytest.fail(f"no line starting with {marker!r} in: {''.join(seen)}")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (":frobnicate", "! Unknown action 'frobnicate'"),
        (":rate 9", "! A rating is a whole number from 1 to 5, not 9."),
        (":rate nine", "! Use :rate N with N from 1 to 5."),
        ("", "(empty line) Send a brief"),
        ("x" * 20_000, "! The brief is too long (20,000 characters; the limit is 4,000)."),
        ("/dance", "! Unknown command /dance. Try /help."),
        (":approve", "! Nothing is stored about you yet: send a brief to start."),
    ],
)
def test_bad_input_gets_one_clear_line_and_the_chat_goes_on(
    run_postmind: Run, line: str, expected: str
) -> None:
    result = run_postmind("chat", stdin=f"{line}\n/stats\n")

    assert result.returncode == 0
    assert expected in result.stdout
    # the next line was still answered, with nothing stored: the user has no session
    assert "Sessions: 0" in result.stdout or "Nothing is stored about you yet" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_rate_nine_after_approval_is_refused_and_the_post_stays_unrated(run_postmind: Run) -> None:
    result = run_postmind("chat", stdin=f"{BAKERY}\n:approve\n:rate 9\n/stats\n")

    assert "! A rating is a whole number from 1 to 5, not 9." in result.stdout
    assert "Average satisfaction: - (0 rating(s))" in result.stdout


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://localhost/db", "Unknown database URL scheme 'mysql'"),
        ("nonsense", "is not a URL"),
        ("sqlite:////no/such/directory/p.db", "the directory /no/such/directory does not exist"),
    ],
)
def test_a_bad_database_url_is_one_line_on_stderr_and_a_nonzero_exit(
    run_postmind: Run, url: str, message: str
) -> None:
    result = run_postmind("chat", env=clean_env(POSTMIND_DATABASE_URL=url))

    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(
    run_postmind: Run, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)

    result = run_postmind("chat", "--database-url", f"sqlite:///{junk}")

    assert result.returncode == 2
    assert f"{junk} is not a postmind database (file is not a database)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert junk.read_bytes() == b"this is not sqlite" * 100


def test_the_database_url_option_overrides_the_environment(
    run_postmind: Run, tmp_path: Path
) -> None:
    result = run_postmind("chat", "--database-url", "sqlite:///other.db", stdin=f"{BAKERY}\n")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "other.db").exists() and not (tmp_path / "postmind.db").exists()
