"""A fault at every statement of every writing use case: all-or-nothing, clean, recoverable.

Two kinds of fault: an exception (every use case, in make test) and the process ending on
the spot (a brief in make test, every other use case in make test-reliability).

For each use case, on a database set up for it, the k-th statement that reaches SQLite
(BEGIN and COMMIT included) fails with "disk I/O error", for k = 1, 2, ... until the use
case gets through. After each fault the database must hold exactly what it held at one of
the use case's commits in a clean run (a unit of work is never half-kept; a use case that
commits what the user said before drafting may keep that), pass integrity_check and
foreign_key_check, and the same call must succeed once the fault is gone.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from application.bus import Bus
from application.requests import (
    Act,
    Edit,
    Forget,
    Hello,
    New,
    Rate,
    ResetPreferences,
    SetPreference,
    Text,
)
from domain.actions import Action
from domain.errors import PostmindError
from tests.reliability.faults import (
    Fault,
    State,
    clean,
    conversation_on,
    copy_database,
    faulty,
    state,
)

ROOT = Path(__file__).resolve().parents[2]
USER = 7
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
Step = Callable[[Bus], object]


def registered(c: Bus) -> None:
    c.handle(Hello(USER, username="ann"))


def drafting(c: Bus) -> None:
    registered(c)
    c.handle(Text(USER, BRIEF))
    c.handle(Act(USER, Action.SHORTER))


def approved(c: Bus) -> None:
    drafting(c)
    c.handle(Act(USER, Action.APPROVE))


@dataclass(frozen=True, slots=True)
class Case:
    setup: Step
    call: Step


CASES = {
    "register": Case(lambda c: None, registered),
    "brief": Case(registered, lambda c: c.handle(Text(USER, BRIEF))),
    "action": Case(drafting, lambda c: c.handle(Act(USER, Action.CASUAL))),
    "free-text feedback": Case(
        drafting, lambda c: c.handle(Text(USER, "way too long, fewer emoji"))
    ),
    "approve": Case(drafting, lambda c: c.handle(Act(USER, Action.APPROVE))),
    "reject": Case(drafting, lambda c: c.handle(Act(USER, Action.REJECT))),
    "rate": Case(approved, lambda c: c.handle(Rate(USER, 4))),
    "own edit": Case(drafting, lambda c: c.handle(Edit(USER, "Second shop, Saturday. Come by!"))),
    "new session": Case(drafting, lambda c: c.handle(New(USER))),
    "new session with a brief": Case(drafting, lambda c: c.handle(New(USER, "A winter menu"))),
    "set a preference": Case(drafting, lambda c: c.handle(SetPreference(USER, "length", "60"))),
    "reset preferences": Case(approved, lambda c: c.handle(ResetPreferences(USER))),
    "forget": Case(approved, lambda c: c.handle(Forget(USER))),
}


def commit_states(base: Path, work: Path, case: Case) -> list[State]:
    """What the database holds before the call and after each of its commits, clean run."""
    copy_database(base, work)
    fault = Fault()
    database = faulty(work, fault)
    states = [state(work)]
    fault.commits.append(lambda: states.append(state(work)))
    container, bus = conversation_on(database)
    try:
        case.call(bus)
    finally:
        container.unwire()
        database.close_all()
    return states


@pytest.mark.parametrize("name", list(CASES))
def test_a_disk_error_at_any_statement_keeps_the_use_case_whole(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    base, work = tmp_path / "base.db", tmp_path / "work.db"
    fault = Fault()
    database = faulty(base, fault)
    _, bus = conversation_on(database)
    case.setup(bus)
    database.close_all()
    allowed = commit_states(base, work, case)

    faults = 0
    for k in range(1, 200):
        copy_database(base, work)
        fault = Fault()
        database = faulty(work, fault)
        _, bus = conversation_on(database)
        fault.arm(k)
        try:
            case.call(bus)
        except PostmindError:
            faults += 1
        else:
            database.close_all()
            break
        finally:
            fault.arm(None)
        assert state(work) in allowed, f"statement {k}: a unit of work was half-kept"
        assert clean(work), f"statement {k}: the database is not clean"
        case.call(bus)  # the fault is gone: the same call goes through
        database.close_all()
    else:
        pytest.fail("the use case never got through")

    assert faults >= 2  # at least its BEGIN and its COMMIT could fail


def exit_at_every_statement(name: str, tmp_path: Path) -> int:
    """The process ends at statement k = 1, 2, ... of `name` until it gets through; after
    each, the database is at one of the clean run's commits and clean, and the call then
    succeeds. How many times the process was ended."""
    case = CASES[name]
    base, work = tmp_path / "base.db", tmp_path / "work.db"
    database = faulty(base, Fault())
    _, bus = conversation_on(database)
    case.setup(bus)
    database.close_all()
    allowed = commit_states(base, work, case)
    for k in range(1, 200):
        copy_database(base, work)
        done = subprocess.run(
            [sys.executable, "-m", "tests.reliability.exit_driver", name, str(work), str(k)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        if done.returncode == 0:
            return k - 1
        assert done.returncode == 3, done.stderr
        after = state(work)
        assert after in allowed, f"exit at statement {k}: a unit of work was half-kept"
        assert clean(work), f"exit at statement {k}: the database is not clean"
        database = faulty(work, Fault())
        _, bus = conversation_on(database)
        try:
            case.call(bus)
        except PostmindError:  # the process ended after the last commit: it was done
            assert after == allowed[-1], f"exit at statement {k}: the call fails after it"
        database.close_all()
    pytest.fail("the use case never got through")


def test_the_process_ending_at_any_statement_of_a_brief_keeps_it_whole(tmp_path: Path) -> None:
    assert exit_at_every_statement("brief", tmp_path) >= 2


@pytest.mark.long
@pytest.mark.parametrize("name", [n for n in CASES if n != "brief"])
def test_the_process_ending_at_any_statement_keeps_the_use_case_whole(
    name: str, tmp_path: Path
) -> None:
    assert exit_at_every_statement(name, tmp_path) >= 2
