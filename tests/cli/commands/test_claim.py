"""``tracker claim``."""

from __future__ import annotations

import json


def test_claim_then_nothing_ready(run, week):
    code, out, _ = run("claim", "--agent", "bot", "--type", "research", "--json")
    assert code == 0
    claimed = json.loads(out)
    assert (claimed["item"], claimed["record"]["status"]) == ("Argo", "in_progress")
    assert run("claim", "A", "--agent", "bot", "--type", "research")[:2] == (
        0, "week A: research of 'Backstage' pending -> in_progress (agent bot)\n",
    )  # fmt: skip
    assert run("claim", "--agent", "bot") == (3, "nothing ready to claim\n", "")
