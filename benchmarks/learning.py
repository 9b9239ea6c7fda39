"""Does postmind learn? Simulated users with hidden tastes, ten sessions each, learning on vs off.

Each simulated user has a hidden taste (a word range, a tone, emoji and hashtag ranges, a call
to action or not) drawn from one of seven archetypes with a personal jitter. They judge every
draft by measuring it (domain.text_metrics), react the way people do (buttons, free text such
as "way too long" or "no emojis please", now and then their own rewritten version), approve
when the draft fits and rate it. Every session runs in a fresh process against one SQLite
file, through the application layer, so whatever is learned has to survive restarts. The
same users with the same seeds run again with POSTMIND_LEARNING=false.

    make bench-learning            # 42 users x 10 sessions, both modes, prints the table
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
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
    from application.use_cases.register_user import RegisterUserRequest
    from domain.actions import Action
    from infrastructure.config import load_settings
    from infrastructure.container import Container

    container = Container(settings=load_settings())
    conversation = container.conversation()
    results = []
    try:
        for user_id in range(1, USERS + 1):
            archetype, taste = taste_of(user_id)
            rng = random.Random(f"{SEED}:{user_id}:{session}")
            conversation.hello(RegisterUserRequest(user_id))
            brief = BRIEFS[(session - 1 + user_id) % len(BRIEFS)]
            draft = conversation.new(user_id, brief)
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
                        draft = conversation.act(user_id, Action(whim[1:]))
                    else:
                        draft = conversation.text(user_id, whim)
                    continue
                rounds += 1
                dimension, direction = rng.choice(missing)
                roll = rng.random()
                if roll < 0.15:
                    draft = conversation.edit(user_id, own_version(brief, taste, rng))
                elif roll < 0.55:
                    draft = conversation.text(user_id, phrasing(dimension, direction, taste, rng))
                else:
                    draft = conversation.act(user_id, Action(ACTIONS[(dimension, direction)]))
            satisfied = not complaints(draft.content, taste)  # type: ignore[union-attr]
            if satisfied:
                conversation.act(user_id, Action.APPROVE)
                conversation.rate(user_id, 5 if rounds == 0 else 4 if rounds <= 2 else 3)
            else:
                conversation.act(user_id, Action.REJECT)
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


def run_mode(learning: bool, database: Path) -> list[list[dict[str, object]]]:
    """All sessions of one mode, each in a fresh process on the same database file."""
    env = {
        **os.environ,
        "POSTMIND_DATABASE_URL": f"sqlite:///{database}",
        "POSTMIND_GENERATOR": "offline",
        "POSTMIND_DRAFTS_PER_HOUR": "0",  # simulated users draft faster than people
        "POSTMIND_LEARNING": "true" if learning else "false",
    }
    sessions = []
    for session in range(1, SESSIONS + 1):
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.learning", "--session", str(session)],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        if child.returncode != 0:
            sys.exit(f"session {session} failed:\n{child.stderr}")
        sessions.append(json.loads(child.stdout))
    return sessions


def summary(results: list[dict[str, object]]) -> tuple[float, float]:
    """First-draft acceptance rate and mean feedback rounds of one session number."""
    first = sum(1 for r in results if r["approved"] and r["rounds"] == 0) / len(results)
    rounds = sum(int(r["rounds"]) for r in results) / len(results)  # type: ignore[call-overload]
    return first, rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--session", type=int, help="(internal) run one session and print JSON")
    args = parser.parse_args()
    if args.session:
        print(json.dumps(run_session(args.session)))
        return

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        on = run_mode(True, Path(scratch) / "learning-on.db")
        off = run_mode(False, Path(scratch) / "learning-off.db")
    archetypes = {taste_of(u)[0] for u in range(1, USERS + 1)}
    print(f"{USERS} simulated users, {len(archetypes)} archetypes, {SESSIONS} sessions each,"
          f" a fresh process per session (SQLite, offline generator)")  # fmt: skip
    print()
    print("| session | learning on: first draft accepted | mean feedback rounds "
          "| learning off: first draft accepted | mean feedback rounds |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|")
    for number, (with_learning, without) in enumerate(zip(on, off, strict=True), start=1):
        (a_on, r_on), (a_off, r_off) = summary(with_learning), summary(without)
        print(f"| {number} | {a_on:.0%} | {r_on:.2f} | {a_off:.0%} | {r_off:.2f} |")
    late_on = summary([r for s in on[5:] for r in s])
    late_off = summary([r for s in off[5:] for r in s])
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
    met = late_on[0] >= 0.8 and late_on[1] <= 0.5 and late_off[0] <= 0.3
    print(
        "targets (sessions 6-10: on >= 80% and <= 0.5 rounds, off <= 30%):"
        f" {'met' if met else 'NOT met'}; {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
