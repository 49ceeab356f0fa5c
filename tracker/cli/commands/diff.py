"""``tracker diff BASE [HEAD]``: every task transition between two revisions, for review.

HEAD defaults to the working tree. Errors (a transition the state machine
forbids, a dependency violation, history rewritten, an event the file does
not show) exit 1; warnings (hand edits) do not.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from tracker.checking.diagnostics import FORMATTERS, Diagnostic, has_errors
from tracker.cli import output
from tracker.domain.review import Transition
from tracker.git.diff import WeekDiff, diagnostics, diff
from tracker.project import Project

HELP = "review the task transitions between two git revisions (HEAD: the working tree)"
FORMATS = ("text", "json", "github", "markdown")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", help="the revision to compare with (e.g. origin/main)")
    parser.add_argument("head", nargs="?", help="the revision to review (default: working tree)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")


def _moved(change: Transition) -> str:
    before = change.before.status.value if change.before else "new"
    after = change.after.status.value if change.after else "missing"
    return f"{before} -> {after}"


def _source(change: Transition) -> str:
    return "by hand" if change.by_hand else f"event {change.events[-1].event_id}"


def _agent(change: Transition) -> str:
    return (change.after.agent if change.after else None) or ""


def _items(week: WeekDiff) -> list[tuple[str, str]]:
    """``(verb, name)`` of the items the change added, removed or restored."""
    review = week.review
    changed = (("added", review.added), ("removed", review.removed), ("restored", review.restored))
    return [(verb, name) for verb, names in changed for name in names]


def _text(diffs: Sequence[WeekDiff], found: Sequence[Diagnostic]) -> str:
    lines = []
    for week in diffs:
        letter = week.review.week_letter
        for change in week.review.transitions:
            extra = [f"agent {_agent(change)}"] if _agent(change) else []
            extra += [f"reason: {change.reason}"] if change.reason else []
            extra.append(_source(change))
            what = f"{change.key.describe()}: {_moved(change)}"
            lines.append(f"week {letter}: {what}  ({'; '.join(extra)})")
        lines += [f"week {letter}: item {name!r} {verb}" for verb, name in _items(week)]
    lines += FORMATTERS["text"](found).splitlines()
    lines.append(_summary(diffs, found))
    return "\n".join(lines)


def _summary(diffs: Sequence[WeekDiff], found: Sequence[Diagnostic]) -> str:
    moves = sum(len(w.review.transitions) for w in diffs)
    errors = sum(1 for d in found if d.severity.value == "error")
    return f"{moves} transition(s), {errors} error(s), {len(found) - errors} warning(s)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(diffs: Sequence[WeekDiff], found: Sequence[Diagnostic]) -> str:
    lines = [f"### Tracker changes: {_summary(diffs, found)}", ""]
    rows = [(w.review.week_letter, c) for w in diffs for c in w.review.transitions]
    if rows:
        lines += ["| week | task | change | agent | reason | recorded |", "|---" * 6 + "|"]
        lines += [
            f"| {letter} | {_cell(c.key.describe())} | {_moved(c)} | {_cell(_agent(c))} | "
            f"{_cell(c.reason or '')} | {_source(c)} |"
            for letter, c in rows
        ]
    items = [
        f"- week {w.review.week_letter}: item {_cell(name)!r} {verb}"
        for w in diffs
        for verb, name in _items(w)
    ]
    problems = [
        f"- **{d.severity.value}** `{d.rule}` {_cell(d.path)}:{d.line}: {_cell(d.message)}"
        for d in found
    ]
    for title, block in (("Items", items), ("Problems", problems)):
        if block:
            lines += ["", f"**{title}**", "", *block]
    return "\n".join(lines)


def _transition_json(change: Transition) -> dict[str, object]:
    return {
        "item": change.key.item,
        "task": change.key.task_type,
        "from_status": change.before.status.value if change.before else None,
        "to_status": change.after.status.value if change.after else None,
        "agent": _agent(change) or None,
        "reason": change.reason,
        "event_id": None if change.by_hand else change.events[-1].event_id,
    }


def _json(diffs: Sequence[WeekDiff], found: Sequence[Diagnostic]) -> str:
    weeks = [
        {
            "week": w.review.week_letter,
            "transitions": [_transition_json(c) for c in w.review.transitions],
            "added": w.review.added,
            "removed": w.review.removed,
            "restored": w.review.restored,
        }
        for w in diffs
    ]
    problems = json.loads(FORMATTERS["json"](found))
    return json.dumps({"weeks": weeks, "problems": problems}, indent=2, ensure_ascii=False)


def run(args: argparse.Namespace, project: Project) -> int:
    diffs = diff(project, args.base, args.head)
    found = diagnostics(diffs)
    if args.format == "json":
        output.write_raw(_json(diffs, found))
    elif args.format == "github":
        if found:  # workflow commands escape what they carry themselves
            output.write_raw(FORMATTERS["github"](found))
        output.write(_summary(diffs, found))
    else:  # human text: each line shown safely (names and reasons are untrusted)
        made = _markdown(diffs, found) if args.format == "markdown" else _text(diffs, found)
        output.write_lines(made.splitlines())
    return 1 if has_errors(found) else 0
