"""Does postmind learn? Simulated users with hidden tastes, ten sessions each, learning on vs off.

Each simulated user has a hidden taste (a word range, a tone, emoji and hashtag ranges, a call
to action or not) drawn from one of seven archetypes with a personal jitter. They judge every
draft by measuring it (domain.text_metrics), react the way people do (buttons, free text such
as "way too long" or "no emojis please", now and then their own rewritten version), approve
when the draft fits and rate it. Every session runs in a fresh process against one SQLite
file, through the application layer, so whatever is learned has to survive restarts. The
same users with the same seeds run again with POSTMIND_LEARNING=false, and twice more with
a chat model that follows a style only roughly (benchmarks.rough_llm, served by the fake
OpenAI-compatible server on loopback): with checking and calibration off (drafts shown as
the model wrote them) and on (checked, repaired, corrected by follow-ups, calibrated).

    make bench-learning            # 42 users x 10 sessions, four modes, prints the tables
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SESSIONS = 10
USERS = 42
MAX_ROUNDS = 12
SEED = 20261127
WHIM = 0.08  # a satisfied user still asks for another wording now and then
WHIMS = ("hmm, try another version", "not quite, can you rephrase it", ":regenerate")
BRIEFS = (
    "Our bakery opens a second shop on Main Street next Saturday",
    "We are hiring two baristas for the weekend shift",
    "New autumn menu with pumpkin bread and apple tarts",
    "The shop is closed on Monday for a family event",
    "Thank you to everyone who came to our anniversary party",
    "Cooking class for kids every Wednesday afternoon",
    "We now deliver bread to offices in the city centre",
    "Our head baker won the regional sourdough prize",
    "Christmas cookie boxes can be ordered from today",
    "Summer opening hours start next week",
)


@dataclass(frozen=True, slots=True)
class Taste:
    words: tuple[int, int]
    formality: str
    emoji: tuple[int, int]
    hashtags: tuple[int, int]
    cta: bool


ARCHETYPES: dict[str, Taste] = {
    "minimalist": Taste((30, 50), "formal", (0, 0), (0, 1), False),
    "chatty": Taste((120, 180), "casual", (3, 5), (2, 4), True),
    "marketer": Taste((60, 90), "neutral", (1, 2), (4, 6), True),
    "storyteller": Taste((200, 300), "neutral", (0, 1), (0, 2), False),
    "emoji lover": Taste((40, 70), "casual", (5, 8), (1, 3), False),
    "corporate": Taste((90, 130), "formal", (0, 0), (1, 2), True),
    "classic": Taste((70, 100), "neutral", (1, 2), (1, 3), False),
}


def taste_of(user_id: int) -> tuple[str, Taste]:
    """The hidden taste of a simulated user: an archetype, shifted a little per person."""
    name = list(ARCHETYPES)[user_id % len(ARCHETYPES)]
    base = ARCHETYPES[name]
    rng = random.Random(f"{SEED}:taste:{user_id}")
    shift = rng.uniform(0.9, 1.1)
    low, high = (round(base.words[0] * shift), round(base.words[1] * shift))
    return name, Taste((low, high), base.formality, base.emoji, base.hashtags, base.cta)


# --- the simulated user's side of the conversation -------------------------------------------


def complaints(content: str, taste: Taste) -> list[tuple[str, str]]:
    """(dimension, direction) for every way the draft misses the taste."""
    from domain.text_metrics import measure

    m = measure(content)
    found = []
    if not taste.words[0] <= m.words <= taste.words[1]:
        found.append(("length", "down" if m.words > taste.words[1] else "up"))
    if m.formality.value != taste.formality:
        order = ["casual", "neutral", "formal"]
        up = order.index(taste.formality) > order.index(m.formality.value)
        found.append(("formality", "up" if up else "down"))
    if not taste.emoji[0] <= m.emoji <= taste.emoji[1]:
        found.append(("emoji", "down" if m.emoji > taste.emoji[1] else "up"))
    if not taste.hashtags[0] <= m.hashtags <= taste.hashtags[1]:
        found.append(("hashtags", "down" if m.hashtags > taste.hashtags[1] else "up"))
    if m.cta != taste.cta:
        found.append(("cta", "up" if taste.cta else "down"))
    return found


ACTIONS = {
    ("length", "down"): "shorter",
    ("length", "up"): "longer",
    ("formality", "down"): "casual",
    ("formality", "up"): "formal",
    ("emoji", "down"): "less_emoji",
    ("emoji", "up"): "more_emoji",
    ("hashtags", "down"): "less_hashtags",
    ("hashtags", "up"): "more_hashtags",
    ("cta", "down"): "drop_cta",
    ("cta", "up"): "add_cta",
}


def phrasing(dimension: str, direction: str, taste: Taste, rng: random.Random) -> str:
    """What a person types about the problem: vague complaints and the odd exact number."""
    options = {
        ("length", "down"): [
            "way too long", "can you make it punchier", "too wordy",
            f"keep it under {taste.words[1]} words",
        ],
        ("length", "up"): [
            "too short, add more detail", "a bit longer please",
            f"at least {taste.words[0]} words please",
        ],
        ("formality", "down"): ["too formal", "less formal please", "it sounds too stiff"],
        ("formality", "up"): ["more professional", "too casual", "make it more serious"],
        ("emoji", "down"): (
            ["no emojis please", "remove the emojis"] if taste.emoji[1] == 0
            else ["too many emojis", "fewer emojis"]
        ),
        ("emoji", "up"): ["add some emojis", "more emojis!"],
        ("hashtags", "down"): (
            ["no hashtags please"] if taste.hashtags[1] == 0
            else ["too many hashtags", f"just {taste.hashtags[1]} hashtags"]
        ),
        ("hashtags", "up"): ["add some hashtags", f"{taste.hashtags[0]} hashtags please"],
        ("cta", "down"): ["no call to action", "drop the CTA"],
        ("cta", "up"): ["ask people to comment", "add a call to action"],
    }  # fmt: skip
    return rng.choice(options[(dimension, direction)])


def own_version(brief: str, taste: Taste, rng: random.Random) -> str:
    """The post as the user would write it: any text that fits their taste will do."""
    from domain.generation import GenerationRequest
    from domain.style import Formality, Style
    from infrastructure.generation.offline import OfflineGenerator

    style = Style(
        length=(taste.words[0] + taste.words[1]) // 2,
        formality=Formality(taste.formality),
        emoji=(taste.emoji[0] + taste.emoji[1]) // 2,
        hashtags=(taste.hashtags[0] + taste.hashtags[1]) // 2,
        cta=taste.cta,
    )
    request = GenerationRequest(brief, style, variant=rng.randrange(1000))
    return OfflineGenerator().generate(request).content


def run_session(session: int) -> list[dict[str, object]]:
    """Session `session` of every simulated user, in this process, on the configured store."""
    from application.requests import Act, Edit, Hello, New, Rate, Text
    from domain.actions import Action
    from infrastructure.config import load_settings
    from infrastructure.container import Container

    container = Container(settings=load_settings())
    bus = container.bus()
    results = []
    try:
        for user_id in range(1, USERS + 1):
            archetype, taste = taste_of(user_id)
            rng = random.Random(f"{SEED}:{user_id}:{session}")
            bus.handle(Hello(user_id))
            brief = BRIEFS[(session - 1 + user_id) % len(BRIEFS)]
            draft = bus.handle(New(user_id, brief))
            first_misses = [d for d, _ in complaints(draft.content, taste)]  # type: ignore[union-attr]
            rounds = 0
            while rounds < MAX_ROUNDS:
                missing = complaints(draft.content, taste)  # type: ignore[union-attr]
                if not missing:
                    if rng.random() >= WHIM:
                        break
                    rounds += 1
                    whim = rng.choice(WHIMS)
                    if whim.startswith(":"):
                        draft = bus.handle(Act(user_id, Action(whim[1:])))
                    else:
                        draft = bus.handle(Text(user_id, whim))
                    continue
                rounds += 1
                dimension, direction = rng.choice(missing)
                roll = rng.random()
                if roll < 0.15:
                    draft = bus.handle(Edit(user_id, own_version(brief, taste, rng)))
                elif roll < 0.55:
                    draft = bus.handle(Text(user_id, phrasing(dimension, direction, taste, rng)))
                else:
                    draft = bus.handle(Act(user_id, Action(ACTIONS[(dimension, direction)])))
            satisfied = not complaints(draft.content, taste)  # type: ignore[union-attr]
            if satisfied:
                bus.handle(Act(user_id, Action.APPROVE))
                bus.handle(Rate(user_id, 5 if rounds == 0 else 4 if rounds <= 2 else 3))
            else:
                bus.handle(Act(user_id, Action.REJECT))
            results.append(
                {
                    "user": user_id,
                    "archetype": archetype,
                    "rounds": rounds,
                    "approved": satisfied,
                    "first_draft_misses": first_misses,
                }
            )
    finally:
        container.shutdown_resources()
    return results


# --- the driver -----------------------------------------------------------------------------

LLM_DELAY = 0.2  # seconds the rough model takes per call: the unit of "time to a draft"
LLM_MODEL = "rough-chat-1"


@dataclass(frozen=True, slots=True)
class Mode:
    label: str
    env: dict[str, str]
    llm: bool = False


OFFLINE = {"POSTMIND_GENERATOR": "offline"}
MODES = {
    "learning on": Mode("offline generator", {**OFFLINE, "POSTMIND_LEARNING": "true"}),
    "learning off": Mode("offline, learning off", {**OFFLINE, "POSTMIND_LEARNING": "false"}),
    "llm off": Mode(
        "LLM, checking off",
        {"POSTMIND_CORRECTION_ATTEMPTS": "0", "POSTMIND_CALIBRATION": "false"},
        llm=True,
    ),
    "llm on": Mode("LLM, checking on", {"POSTMIND_CORRECTION_ATTEMPTS": "2"}, llm=True),
}


@dataclass(frozen=True, slots=True)
class Outcome:
    sessions: list[list[dict[str, object]]]
    llm_calls: int
    shown: int  # generated drafts shown (stored)
    times: list[float]  # time to each shown draft, in units of one LLM call
    attempts: list[int]  # generator calls each shown draft took
    completion_tokens: int  # of every shown draft, every attempt and choice included
    first_fits: int  # shown drafts whose first call fitted their style


def run_mode(mode: Mode, database: Path, alike: float = 0.0) -> Outcome:
    """All sessions of one mode, each in a fresh process on the same database file."""
    env = {
        **os.environ,
        "POSTMIND_DATABASE_URL": f"sqlite:///{database}",
        "POSTMIND_DRAFTS_PER_HOUR": "0",  # simulated users draft faster than people
        "POSTMIND_LEARNING": "true",
        **mode.env,
    }
    with contextlib.ExitStack() as stack:
        if mode.llm:
            from benchmarks.rough_llm import RoughWriter
            from tests.fake_openai import Compose, FakeOpenAI

            llm = stack.enter_context(FakeOpenAI(models=(LLM_MODEL,)))
            llm.default = Compose(write=RoughWriter(SEED, alike=alike), delay=LLM_DELAY)
            env |= {
                "POSTMIND_GENERATOR": "openai",
                "OPENAI_BASE_URL": llm.base_url,
                "OPENAI_API_KEY": "benchmark",
                "POSTMIND_MODEL": LLM_MODEL,
            }
        sessions = []
        for session in range(1, SESSIONS + 1):
            print(f"{mode.label}: session {session} of {SESSIONS}", file=sys.stderr)
            child = subprocess.run(
                [sys.executable, "-m", "benchmarks.learning", "--session", str(session)],
                capture_output=True, text=True, env=env, check=False,
            )  # fmt: skip
            if child.returncode != 0:
                sys.exit(f"session {session} failed:\n{child.stderr}")
            sessions.append(json.loads(child.stdout))
        calls = len(llm.requests) if mode.llm else 0
    with sqlite3.connect(database) as db:
        shown = db.execute(
            "SELECT latency_ms, attempts, completion_tokens, attempt_log FROM posts"
            " WHERE generator <> 'user'"
        )
        drafts = [(float(ms), int(n), int(tokens), json.loads(log)) for ms, n, tokens, log in shown]
    # One LLM call, measured in this run: the median draft that took one call.
    unit = statistics.median(ms for ms, n, _, _ in drafts if n == 1)
    return Outcome(
        sessions,
        calls,
        len(drafts),
        [ms / unit for ms, _, _, _ in drafts],
        [n for _, n, _, _ in drafts],
        sum(tokens for _, _, tokens, _ in drafts),
        sum(1 for _, _, _, log in drafts if log and not log[0]["misses"]),
    )


def summary(results: list[dict[str, object]]) -> tuple[float, float]:
    """First-draft acceptance rate and mean feedback rounds of one session number."""
    first = sum(1 for r in results if r["approved"] and r["rounds"] == 0) / len(results)
    rounds = sum(int(r["rounds"]) for r in results) / len(results)  # type: ignore[call-overload]
    return first, rounds


def late(outcome: Outcome) -> tuple[float, float]:
    return summary([r for s in outcome.sessions[5:] for r in s])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--session", type=int, help="(internal) run one session and print JSON")
    parser.add_argument(
        "--choices-alike",
        type=float,
        default=0.0,
        metavar="R",
        help="the rough model's choices of one call repeat the first one's slips with"
        " probability R (real samples of one prompt are alike); default 0: independent",
    )
    args = parser.parse_args()
    if args.session:
        print(json.dumps(run_session(args.session)))
        return

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        runs = {
            key: run_mode(mode, Path(scratch) / f"{key}.db", args.choices_alike)
            for key, mode in MODES.items()
        }
    on, off = runs["learning on"].sessions, runs["learning off"].sessions
    archetypes = {taste_of(u)[0] for u in range(1, USERS + 1)}
    print(f"{USERS} simulated users, {len(archetypes)} archetypes, {SESSIONS} sessions each,"
          f" a fresh process per session (SQLite)")  # fmt: skip
    print()
    print("## Learning on vs off (offline generator)")
    print()
    print("| session | learning on: first draft accepted | mean feedback rounds "
          "| learning off: first draft accepted | mean feedback rounds |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|")
    for number, (with_learning, without) in enumerate(zip(on, off, strict=True), start=1):
        (a_on, r_on), (a_off, r_off) = summary(with_learning), summary(without)
        print(f"| {number} | {a_on:.0%} | {r_on:.2f} | {a_off:.0%} | {r_off:.2f} |")
    late_on, late_off = late(runs["learning on"]), late(runs["learning off"])
    print(
        f"| 6-10 | **{late_on[0]:.0%}** | **{late_on[1]:.2f}** "
        f"| **{late_off[0]:.0%}** | **{late_off[1]:.2f}** |"
    )
    print()
    print("| archetype (sessions 6-10) | learning on | learning off |")
    print("|---|---:|---:|")
    for name in ARCHETYPES:
        mine_on = [r for s in on[5:] for r in s if r["archetype"] == name]
        mine_off = [r for s in off[5:] for r in s if r["archetype"] == name]
        print(f"| {name} | {summary(mine_on)[0]:.0%} | {summary(mine_off)[0]:.0%} |")
    print()
    for label, mode in (("on", on), ("off", off)):
        later = [r for s in mode[1:] for r in s]
        missed = sum(1 for r in later if r["first_draft_misses"])
        print(f"first drafts that missed the taste, sessions 2-{SESSIONS}, learning {label}:"
              f" {missed} of {len(later)}")  # fmt: skip
    print()
    learning_met = late_on[0] >= 0.8 and late_on[1] <= 0.5 and late_off[0] <= 0.3
    print(
        "targets (sessions 6-10: on >= 80% and <= 0.5 rounds, off <= 30%):"
        f" {'met' if learning_met else 'NOT met'}"
    )
    print()
    print_llm(runs)
    print(f"\n{time.perf_counter() - started:.0f} s")


def print_llm(runs: dict[str, Outcome]) -> None:
    """The three generators side by side: first-draft acceptance, rounds, calls and time."""
    from benchmarks.rough_llm import error_model_table

    shown = ("learning on", "llm off", "llm on")
    print(
        f"## A rough LLM (fake OpenAI-compatible server, {LLM_DELAY * 1000:.0f} ms a call;"
        " times in units of the median draft that took one call, same run)"
    )
    print()
    print("| what the model gets wrong | rate | why |")
    print("|---|---|---|")
    for what, rate, why in error_model_table():
        print(f"| {what} | {rate} | {why} |")
    print()
    print("| session | " + " | ".join(MODES[k].label for k in shown) + " |")
    print("|---:|" + "---:|" * len(shown))
    for number in range(SESSIONS):
        cells = [f"{summary(runs[k].sessions[number])[0]:.0%}" for k in shown]
        print(f"| {number + 1} | " + " | ".join(cells) + " |")
    print()
    print("First draft accepted and rounds: sessions 6-10. Calls, time, tokens and fit: every"
          " shown draft of sessions 1-10 (calibration starts neutral in session 1).")  # fmt: skip
    print()
    print("| mode | first draft accepted | mean feedback rounds | LLM calls per shown draft"
          " | time to a shown draft, p50 / p99 (LLM calls) | completion tokens per shown draft"
          " | fitted at the first call |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key in shown:
        run = runs[key]
        accepted, rounds = late(run)
        fitted = f"{run.first_fits / run.shown:.0%}" if run.shown else "-"
        tokens = f"{run.completion_tokens / run.shown:.0f}" if run.shown else "-"
        if MODES[key].llm:
            calls = f"{run.llm_calls / run.shown:.2f}"
            times = f"{percentile(run.times, 0.5):.2f} / {percentile(run.times, 0.99):.2f}"
        else:
            calls = times = "-"
        print(
            f"| {MODES[key].label} | {accepted:.0%} | {rounds:.2f} | {calls} | {times}"
            f" | {tokens} | {fitted} |"
        )
    print()
    for key in ("llm off", "llm on"):
        spread = Counter(runs[key].attempts)
        calls = ", ".join(f"{n} call(s): {spread[n]}" for n in sorted(spread))
        print(f"{MODES[key].label}: shown drafts by the calls they took: {calls}")
    print()
    checked = runs["llm on"]
    targets = (
        ("LLM, checking on: sessions 6-10 first draft accepted >= 85%",
         f"{late(checked)[0]:.0%}", late(checked)[0] >= 0.85),
        ("offline: sessions 6-10 first draft accepted >= 90%",
         f"{late(runs['learning on'])[0]:.0%}", late(runs["learning on"])[0] >= 0.90),
        ("LLM, checking on: <= 1.5 LLM calls per shown draft",
         f"{checked.llm_calls / checked.shown:.2f}", checked.llm_calls / checked.shown <= 1.5),
        ("LLM, checking on: p99 time to a shown draft <= 2.5 LLM calls",
         f"{percentile(checked.times, 0.99):.2f}", percentile(checked.times, 0.99) <= 2.5),
    )  # fmt: skip
    print("| target | measured | holds |")
    print("|---|---:|---|")
    for name, value, holds in targets:
        print(f"| {name} | {value} | {'yes' if holds else '**NO**'} |")


if __name__ == "__main__":
    main()
