#!/usr/bin/env python3
"""Checks Jikim's holiday calendar against an independent one: Python's `holidays` package.

    scripts/check-holidays.py [JSON]    # default: Sources/JikimCore/Time/korean-public-holidays.json

For every year the JSON covers, the public holidays other than Sundays are compared, date by date, with
`holidays.country_holidays("KR", years=YEAR)` (category PUBLIC, substitute days included). A date counts as
a substitute holiday on the package's side when it is a holiday only with `observed=True`. Reported:

    only-json       a holiday in the JSON that the package does not have
    only-holidays   a holiday in the package that the JSON does not have
    kind            a holiday in both, a substitute holiday in one and not in the other

Each difference is printed. Exit status 2 when `holidays` is not installed; 1 when any difference is not listed in KNOWN_DIFFERENCES below (each
entry gives its legal reason), or when the JSON is malformed (years missing or out of order, a date outside its
year, an unknown kind); 0 otherwise, with a summary line

    check-holidays: 27 years, 565 holidays, 14 known differences, 0 unexpected

A known difference that no longer occurs is reported as stale (a warning, not a failure): the package has caught
up, and the entry should go. Tested with holidays 0.109 (scripts/requirements pins the version); another version
may differ, which is what this check is for: the package is a second opinion, not the source of the calendar.
The research behind both the JSON and this table: docs/holidays-research.md.
"""

import datetime
import json
import sys
from pathlib import Path

try:
    import holidays
except ImportError:
    print("check-holidays: the Python package `holidays` is not installed (pin: holidays==0.109)", file=sys.stderr)
    sys.exit(2)

TESTED_WITH = "0.109"
DEFAULT_JSON = Path(__file__).resolve().parent.parent / "Sources" / "JikimCore" / "Time" / "korean-public-holidays.json"
KINDS = {"fixed", "lunar", "substitute", "election", "temporary"}

# Legal reasons, printed once each when a difference they explain is found.
REASONS = {
    "no-election-table": (
        "An election day of an election at the expiry of a term, computed by the package from Public Official "
        "Election Act Art. 34 for a year after the JSON's election table (elections_tabulated: false). A future "
        "election day is a public holiday (Regulation on Holidays of Government Offices, Art. 2) only if the election "
        "is held that day: terms can be changed by constitutional or statutory amendment, and an early election moves "
        "the presidential cycle (as in 2017 and 2025). The JSON lists no election day after 2030, and Jikim treats "
        "those years as not fully covered rather than trust a computed date."
    ),
}

# (date, difference) -> (what the day is, key of its legal reason in REASONS). Only these differences are accepted.
KNOWN_DIFFERENCES = {
    ("2032-04-14", "only-holidays"): ("24th National Assembly election (term ends 2032-05-29)", "no-election-table"),
    ("2034-05-31", "only-holidays"): ("11th nationwide local elections (terms end 2034-06-30)", "no-election-table"),
    ("2035-03-28", "only-holidays"): ("23rd presidential election (term ends 2035-06-03)", "no-election-table"),
    ("2036-04-09", "only-holidays"): ("25th National Assembly election", "no-election-table"),
    ("2038-06-02", "only-holidays"): ("12th nationwide local elections", "no-election-table"),
    ("2040-03-28", "only-holidays"): ("24th presidential election", "no-election-table"),
    ("2040-04-11", "only-holidays"): ("26th National Assembly election", "no-election-table"),
    ("2042-06-04", "only-holidays"): ("13th nationwide local elections", "no-election-table"),
    ("2044-04-13", "only-holidays"): ("27th National Assembly election", "no-election-table"),
    ("2045-03-29", "only-holidays"): ("25th presidential election", "no-election-table"),
    ("2046-06-13", "only-holidays"): ("14th nationwide local elections", "no-election-table"),
    ("2048-04-15", "only-holidays"): ("28th National Assembly election", "no-election-table"),
    ("2050-03-30", "only-holidays"): ("26th presidential election", "no-election-table"),
    ("2050-06-01", "only-holidays"): ("15th nationwide local elections", "no-election-table"),
}
assert all(reason in REASONS for _, reason in KNOWN_DIFFERENCES.values())


def load(path):
    """The JSON's years as {year: {date: [holiday, ...]}}, after checking its shape; exits 1 when malformed."""
    errors = []
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"check-holidays: cannot read {path}: {error}", file=sys.stderr)
        sys.exit(1)
    years = {}
    entries = data.get("years") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        print(f"check-holidays: {path}: no \"years\" list", file=sys.stderr)
        sys.exit(1)
    for index, entry in enumerate(entries):
        year = entry.get("year")
        if not isinstance(year, int):
            errors.append(f"years[{index}]: no year")
            continue
        if years and year != max(years) + 1:
            errors.append(f"years[{index}]: {year} does not follow {max(years)}")
        if not isinstance(entry.get("source"), str) or not entry["source"]:
            errors.append(f"{year}: no source")
        days = years.setdefault(year, {})
        previous = ""
        for holiday in entry.get("holidays", []):
            date = holiday.get("date", "")
            try:
                day = datetime.date.fromisoformat(date)
            except (TypeError, ValueError):
                errors.append(f"{year}: bad date {date!r}")
                continue
            if day.year != year:
                errors.append(f"{year}: {date} is not in {year}")
            if date < previous:
                errors.append(f"{year}: {date} is out of order")
            previous = date
            if holiday.get("kind") not in KINDS:
                errors.append(f"{date}: unknown kind {holiday.get('kind')!r}")
            if not holiday.get("name_ko") or not holiday.get("name_en"):
                errors.append(f"{date}: a name is missing")
            if day.weekday() == 6 and holiday.get("kind") == "substitute":
                errors.append(f"{date}: a substitute holiday on a Sunday")
            days.setdefault(date, []).append(holiday)
    for message in errors:
        print(f"check-holidays: {path}: {message}", file=sys.stderr)
    if errors:
        sys.exit(1)
    return years


def main(argv):
    path = argv[1] if len(argv) > 1 else DEFAULT_JSON
    ours_by_year = load(path)
    if holidays.__version__ != TESTED_WITH:
        print(f"check-holidays: note: holidays {holidays.__version__}, the known differences were listed for {TESTED_WITH}")
    first, last = min(ours_by_year), max(ours_by_year)
    observed = holidays.country_holidays("KR", years=range(first, last + 1))
    unobserved = holidays.country_holidays("KR", years=range(first, last + 1), observed=False)
    theirs = {}
    for day in observed:
        theirs[day.isoformat()] = (observed.get_list(day), day not in unobserved)

    found = []  # (date, difference, our names, their names)
    count = 0
    for year in range(first, last + 1):
        ours = ours_by_year[year]
        count += sum(len(v) for v in ours.values())
        dates = set(ours) | {d for d in theirs if d.startswith(f"{year}-")}
        for date in sorted(dates):
            our_names = [h["name_ko"] + " / " + h["name_en"] for h in ours.get(date, [])]
            their_names = theirs[date][0] if date in theirs else []
            if date not in theirs:
                found.append((date, "only-json", our_names, their_names))
            elif date not in ours:
                found.append((date, "only-holidays", our_names, their_names))
            else:
                our_substitute = all(h["kind"] == "substitute" for h in ours[date])
                if our_substitute != theirs[date][1]:
                    found.append((date, "kind", our_names, their_names))

    known = unexpected = 0
    reasons_used = []
    for date, difference, our_names, their_names in found:
        entry = KNOWN_DIFFERENCES.get((date, difference))
        if entry:
            known += 1
            what, reason = entry
            if reason not in reasons_used:
                reasons_used.append(reason)
            print(f"known {difference} {date}: JSON {our_names or '-'}; holidays {their_names or '-'}: {what} [{reason}]")
        else:
            unexpected += 1
            print(f"UNEXPECTED {difference} {date}: JSON {our_names or '-'}; holidays {their_names or '-'}")
    for reason in reasons_used:
        print(f"[{reason}] {REASONS[reason]}")
    seen = {(date, difference) for date, difference, _, _ in found}
    for key in sorted(set(KNOWN_DIFFERENCES) - seen):
        print(f"stale known difference {key[1]} {key[0]}: no longer differs; remove it from KNOWN_DIFFERENCES")

    years = last - first + 1
    print(f"check-holidays: {years} years, {count} holidays, {known} known differences, {unexpected} unexpected")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
