"""``tracker reclaim`` and ``tracker renew``."""

from __future__ import annotations

import json
import re


def test_renew_and_reclaim(run, week):
    run("claim", "--agent", "bot", "--lease", "0s")
    code, out, _ = run("reclaim", "--json")
    assert code == 0
    (reclaimed,) = json.loads(out)
    assert reclaimed["record"]["status"] == "pending"
    assert re.fullmatch(r"reclaimed: lease of 'bot' expired at \S+Z", reclaimed["reason"])
    run("claim", "--agent", "bot")
    code, out, _ = run("renew", "A", "Argo", "research", "--agent", "bot", "--lease", "30m")
    assert (code, out.startswith("lease held by bot until ")) == (0, True)
    code, _, err = run("renew", "A", "Argo", "research", "--agent", "eve")
    assert (code, err) == (
        1, "tracker: error: cannot renew research of 'Argo' of week A: claimed by 'bot', "
        "not 'eve'\n",
    )  # fmt: skip
