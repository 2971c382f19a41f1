"""A deterministic synthetic corpus of English political news for the benchmarks.

Articles are assembled from the sentence templates and word lists in bench/templates.toml: a
headline, sometimes a byline, a page stamp, a lead (sometimes behind a wire dateline), then body
paragraphs of one to three sentences until the article reaches its drawn length, sometimes a closing
line. The same seed always gives the same corpus.

    python bench/corpus.py --n 300 --out /tmp/bench.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "templates.toml"
DEFAULT_SEED = 20150728
SLOT = re.compile(r"\{(\w+)\}")
PERSON = re.compile(r"(P\d)(_\w+)?")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
ORDINALS = ("second", "third", "fourth", "fifth")
MAX_SENTENCES = 34
FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2024, 12, 31)


@dataclass(frozen=True, slots=True)
class BenchArticle:
    id: str
    text: str
    published: date

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "text": self.text, "date": self.published.isoformat()})


def _thousands(rng: random.Random, low: int, high: int, step: int) -> str:
    return f"{rng.randrange(low, high, step):,}"


def _money(rng: random.Random) -> str:
    amount = rng.choice((rng.randrange(50, 950, 50), rng.randrange(11, 95) / 10))
    unit = "million" if amount >= 50 else "billion"
    currency = rng.choice(("$", "euros", "$", "pounds"))
    shown = f"{amount:g}"
    return f"${shown} {unit}" if currency == "$" else f"{shown} {unit} {currency}"


def _percent(rng: random.Random, low: float, high: float, decimals: int) -> str:
    return f"{round(rng.uniform(low, high), decimals):g} percent"


# Slots drawn afresh at every use: (rng, the article's publication date) -> text.
Fresh = Callable[[random.Random, date], str]
FRESH: dict[str, Fresh] = {
    "weekday": lambda r, d: r.choice(WEEKDAYS),
    "month": lambda r, d: MONTHS[(d.month - 1 - r.randint(1, 5)) % 12],
    "date": lambda r, d: f"{MONTHS[(d.month + r.randint(0, 1)) % 12]} {r.randint(1, 28)}",
    "year": lambda r, d: str(d.year),
    "past_year": lambda r, d: str(d.year - r.randint(1, 6)),
    "since_year": lambda r, d: str(d.year - r.randint(4, 19)),
    "clock": lambda r, d: f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}",
    "nsmall": lambda r, d: r.choice(NUMBER_WORDS),
    "ordinal": lambda r, d: r.choice(ORDINALS),
    "age": lambda r, d: str(r.randint(19, 68)),
    "n_dead": lambda r, d: str(r.randint(3, 48)),
    "n_hurt": lambda r, d: str(r.randint(5, 180)),
    "n_arrested": lambda r, d: str(r.randint(12, 480)),
    "n_listed": lambda r, d: str(r.randint(5, 40)),
    "n_jailed": lambda r, d: str(r.randint(10, 80)),
    "n_trucks": lambda r, d: str(r.randint(8, 60)),
    "n_days": lambda r, d: str(r.randint(2, 14)),
    "n_violations": lambda r, d: str(r.randrange(40, 900, 10)),
    "n_millions": lambda r, d: str(r.randint(2, 90)),
    "n_toll": lambda r, d: _thousands(r, 2_000, 60_000, 500),
    "n_displaced": lambda r, d: _thousands(r, 20_000, 900_000, 5_000),
    "n_troops": lambda r, d: _thousands(r, 300, 6_000, 100),
    "n_prisoners": lambda r, d: _thousands(r, 50, 1_500, 10),
    "crowd": lambda r, d: _thousands(r, 3_000, 120_000, 1_000),
    "tonnes": lambda r, d: f"{_thousands(r, 500, 40_000, 250)} tonnes",
    "km": lambda r, d: f"{r.choice((10, 15, 20, 30, 50))} kilometres",
    "n_years": lambda r, d: f"{r.choice((*NUMBER_WORDS[1:], '10', '12', '15', '20'))} years",
    "n_months": lambda r, d: f"{r.choice(NUMBER_WORDS)} months",
    "seats": lambda r, d: str(r.randint(12, 140)),
    "money": lambda r, d: _money(r),
    "pct": lambda r, d: _percent(r, 5, 90, 0),
    "pct_small": lambda r, d: _percent(r, 0.2, 4.5, 1),
    "vote_pct": lambda r, d: _percent(r, 18, 58, 1),
    "turnout": lambda r, d: _percent(r, 38, 79, 1),
}
PERSON_PARTS = ("", "_name", "_last", "_title", "_he", "_his", "_him")
CAST_SLOTS = {
    *(f"{who}{part}" for who in "ABC" for part in ("", "_adj", "_cap", "_city")),
    *(f"P{i}{part}" for i in "1234" for part in PERSON_PARTS),
    *("ORG", "ORG2", "PARTY", "PARTY2", "REBELS", "MOVEMENT", "ANALYST", "AGENCY", "OUTLET"),
    *("first", "first_f", "surname"),
    *("stamp_short", "stamp_long", "stamp_dmy", "stamp_iso"),
}
TOPIC_LISTS = ("headlines", "leads", "body")


def _check_slots(text: str, where: str) -> None:
    for name in SLOT.findall(text):
        if name not in FRESH and name not in CAST_SLOTS:
            raise ValueError(f"{TEMPLATES.name}: unknown slot {{{name}}} in {where}: {text!r}")


def _check_strings(values: Any, where: str) -> None:
    if not isinstance(values, list) or not values:
        raise ValueError(f"{TEMPLATES.name}: {where} must be a non-empty list")
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise ValueError(f"{TEMPLATES.name}: {where}[{index}] must be a string")
        _check_slots(value, f"{where}[{index}]")


@cache
def templates(path: Path = TEMPLATES) -> dict[str, Any]:
    """The template file, checked once: every list present and every slot known."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in ("male", "female", "surnames"):
        _check_strings(data["names"][key], f"names.{key}")
    for key in ("parties", "rebels", "movements", "analysts", "outlets"):
        _check_strings(data["groups"][key], f"groups.{key}")
    orgs = {o["key"] for o in data["orgs"]}
    for name, topic in data["topics"].items():
        for key in (*TOPIC_LISTS, "roles"):
            _check_strings(topic[key], f"topics.{name}.{key}")
        for key in topic["orgs"]:
            if key not in orgs:
                raise ValueError(f"{path.name}: topics.{name} names unknown org {key!r}")
        for other in topic["related"]:
            if other not in data["topics"]:
                raise ValueError(f"{path.name}: topics.{name} names unknown topic {other!r}")
    for key in ("body", "bylines", "stamps", "trailers"):
        _check_strings(data["common"][key], f"common.{key}")
    if len(data["countries"]) < 3:
        raise ValueError(f"{path.name}: at least three countries are needed")
    return data


def template_count(data: dict[str, Any] | None = None) -> int:
    data = data or templates()
    topics = sum(len(t[k]) for t in data["topics"].values() for k in TOPIC_LISTS)
    return topics + len(data["common"]["body"])


def _person(rng: random.Random, data: dict[str, Any], title: str) -> dict[str, str]:
    female = rng.random() < 0.4
    first = rng.choice(data["names"]["female" if female else "male"])
    last = rng.choice(data["names"]["surnames"])
    return {
        "": f"{title} {first} {last}",
        "_name": f"{first} {last}",
        "_last": last,
        "_title": title.lower(),
        "_he": "she" if female else "he",
        "_his": "her" if female else "his",
        "_him": "her" if female else "him",
    }


def _cast(
    rng: random.Random, data: dict[str, Any], topic: dict[str, Any], day: date
) -> dict[str, str]:
    """The article's fixed slots: countries, people, organisations, groups, stamps."""
    cast: dict[str, str] = {}
    for who, country in zip("ABC", rng.sample(data["countries"], 3), strict=True):
        cast |= {
            who: country["name"],
            f"{who}_adj": country["adj"],
            f"{who}_cap": country["capital"],
            f"{who}_city": rng.choice(country["cities"]),
        }
    orgs = {o["key"]: o for o in data["orgs"]}
    org = orgs[rng.choice(topic["orgs"])]
    org2 = rng.choice([o for o in data["orgs"] if o is not org])
    roles = data["roles"]
    people = {
        "P1": rng.choice(roles["heads"]),
        "P2": rng.choice(roles["envoys"]),
        "P3": SLOT.sub(lambda m: cast[m[1]], rng.choice(topic["roles"])),
        "P4": org["official"],
    }
    for key, title in people.items():
        cast |= {key + part: text for part, text in _person(rng, data, title).items()}
    agency = rng.choice(data["groups"]["agencies"])
    groups = data["groups"]
    cast |= {
        "ORG": org["name"],
        "ORG2": org2["name"],
        "PARTY": (parties := rng.sample(groups["parties"], 2))[0],
        "PARTY2": parties[1],
        "REBELS": rng.choice(groups["rebels"]),
        "MOVEMENT": rng.choice(groups["movements"]),
        "ANALYST": SLOT.sub(lambda m: cast[m[1]], rng.choice(groups["analysts"])),
        "AGENCY": agency[1],
        "DATELINE_AGENCY": agency[0],
        "OUTLET": rng.choice(groups["outlets"]),
        "stamp_short": f"{MONTHS[day.month - 1][:3]} {day.day}, {day.year}",
        "stamp_long": f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
        "stamp_dmy": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
        "stamp_iso": day.isoformat(),
    }
    return cast


def _fill(
    template: str, rng: random.Random, cast: dict[str, str], day: date, data: Any, met: set[str]
) -> str:
    """The template with its slots filled; a person named first by surname gets full title."""

    def value(match: re.Match[str]) -> str:
        name = match[1]
        person = PERSON.fullmatch(name)
        if person:
            who, part = person[1], person[2] or ""
            if part in ("", "_name", "_last"):
                first_time = who not in met
                met.add(who)
                if first_time and part != "":
                    return cast[who]
        if name in cast:
            return cast[name]
        if name in ("first", "first_f"):
            return str(rng.choice(data["names"]["female" if name == "first_f" else "male"]))
        if name == "surname":
            return str(rng.choice(data["names"]["surnames"]))
        return FRESH[name](rng, day)

    text = SLOT.sub(value, template)
    return text[:1].upper() + text[1:]


def _dateline(rng: random.Random, cast: dict[str, str], day: date) -> str:
    place = rng.choice((cast["A_cap"], cast["A_cap"], cast["A_city"])).upper()
    agency, dash = cast["DATELINE_AGENCY"], rng.choice(("-", "—", "--"))
    form = rng.randrange(3)
    if form == 0:
        return f"{place} ({agency}) {dash} "
    if form == 1:
        return f"{place}, {cast['A']} ({agency}) {dash} "
    return f"{place}, {MONTHS[day.month - 1]} {day.day} ({agency}) {dash} "


def _body_pool(rng: random.Random, data: dict[str, Any], topic: dict[str, Any]) -> list[str]:
    """Sentence templates in the order the article will use them, mostly on its own topic."""
    related = data["topics"][rng.choice(topic["related"])]
    own = rng.sample(topic["body"], len(topic["body"]))
    side = rng.sample(related["body"], 6)
    common = rng.sample(data["common"]["body"], len(data["common"]["body"]))
    pool: list[str] = []
    while own or side or common:
        source = rng.choices((own, side, common), weights=(55, 15, 30))[0]
        if source:
            pool.append(source.pop())
    pool.reverse()  # the article pops from the end: keep the topic's sentences up front
    return pool


def article(rng: random.Random, number: int, data: dict[str, Any]) -> BenchArticle:
    """One article; everything it contains is drawn from rng."""
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    topic = data["topics"][rng.choice(sorted(data["topics"]))]
    cast = _cast(rng, data, topic, day)

    met: set[str] = set()

    def fill(template: str) -> str:
        return _fill(template, rng, cast, day, data, met)

    header = [fill(rng.choice(topic["headlines"]))]
    if rng.random() < 0.2:
        header.append(fill(rng.choice(topic["headlines"])))
    if rng.random() < 0.5:
        header.append(fill(rng.choice(data["common"]["bylines"])))
    header.append(fill(rng.choice(data["common"]["stamps"])))
    lead = fill(rng.choice(topic["leads"]))
    if rng.random() < 0.6:
        lead = _dateline(rng, cast, day) + lead
    paragraphs, words, count = [lead], len(lead.split()), 1
    target = rng.randint(380, 760)  # the header and the last paragraph add the rest
    pool = _body_pool(rng, data, topic)
    while words < target and count < MAX_SENTENCES and pool:
        size = min(rng.choices((1, 2, 3), weights=(45, 40, 15))[0], len(pool))
        sentences = [fill(pool.pop()) for _ in range(size)]
        paragraphs.append(" ".join(sentences))
        words += sum(len(s.split()) for s in sentences)
        count += size
    if rng.random() < 0.3:
        paragraphs.append(fill(rng.choice(data["common"]["trailers"])))
    text = "\n\n".join(["\n\n".join(header), *paragraphs]) + "\n"
    return BenchArticle(f"bench-{number:04d}", text, day)


def generate(n: int = 300, seed: int = DEFAULT_SEED) -> list[BenchArticle]:
    """n articles; the same (n, seed) always gives the same articles."""
    rng = random.Random(seed)
    data = templates()
    return [article(rng, i, data) for i in range(1, n + 1)]


def write_jsonl(articles: Sequence[BenchArticle], path: Path) -> None:
    path.write_text("".join(a.to_json() + "\n" for a in articles), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="number of articles (default 300)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out", type=Path, help="JSONL file to write (default: stdout)")
    args = parser.parse_args(argv)
    articles = generate(args.n, args.seed)
    if args.out:
        write_jsonl(articles, args.out)
        words = sum(len(a.text.split()) for a in articles)
        print(f"wrote {len(articles)} articles, {words:,} words, to {args.out}", file=sys.stderr)
    else:
        sys.stdout.writelines(a.to_json() + "\n" for a in articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
