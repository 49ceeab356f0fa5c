from __future__ import annotations

import pytest

from tests.cli.commands.conftest import Cli


def test_start_complete_item_task(cli_week: Cli):
    assert cli_week("start", "A", "OPA/Gatekeeper", "research").code == 0
    result = cli_week("complete", "a", "OPA/Gatekeeper", "research", "--json")
    assert result.code == 0
    data = result.json()
    assert (data["week"], data["item"], data["task"]) == ("A", "OPA/Gatekeeper", "research")
    record = data["record"]
    assert record["status"] == "completed"
    assert record["output_file"] == "research/opa-gatekeeper.yaml"


def test_fail_needs_error_and_records_it(cli_week: Cli):
    assert cli_week("fail", "A", "Argo", "research").code == 2
    result = cli_week("fail", "A", "Argo", "research", "--error", "HTTP 500")
    assert result.code == 0 and "failed" in result.out


def test_week_level_task_takes_no_item(cli_week: Cli):
    result = cli_week("start", "A", "blog_post")
    assert result.code == 1
    assert result.err.startswith("tracker: error: cannot set the week's blog_post to in_progress")
    assert result.err.count("\n") == 1
    result = cli_week("start", "A", "Argo", "blog_post")
    assert (result.code, result.err) == (
        1, "tracker: error: 'blog_post' is a week-level task; give no item\n",
    )  # fmt: skip


def test_skip_and_reset_with_cascade(cli_week: Cli):
    for command in ("start", "complete"):
        assert cli_week(command, "A", "Argo", "research").code == 0
    assert cli_week("start", "A", "Argo", "content").code == 0
    refused = cli_week("reset", "A", "Argo", "research")
    assert refused.code == 1 and "content of 'Argo' (in_progress) depend on it" in refused.err
    assert cli_week("reset", "A", "Argo", "research", "--cascade").code == 0
    assert cli_week("skip", "A", "Backstage", "research").code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("start", "B", "Argo", "research"), 1, "week B has no tracker"),
        (("start", "AB", "Argo", "research"), 1, "invalid week letter 'AB'"),
        (("start", "A", "Nope", "research"), 1, "week A has no item 'Nope'"),
        (("start", "A", "Argo", "review"), 1, "unknown task type 'review'"),
        (("start", "A", "Argo", "x", "research"), 2, "expected [ITEM] TASK"),
        (("start", "A", "Argo", "content"), 1, "research of 'Argo' is pending"),
    ],
)
def test_errors_are_one_line_with_exit_codes(
    cli_week: Cli, args: tuple[str, ...], code: int, message: str
):
    result = cli_week(*args)
    assert result.code == code
    assert message in result.err and result.err.count("\n") == 1


def test_start_after_the_retry_limit_is_refused_until_forced(cli_week: Cli):
    """Five start/fail rounds used to leave retry_count 5 against a limit of 3."""
    for _ in range(4):
        assert cli_week("start", "A", "Argo", "research").code == 0
        assert cli_week("fail", "A", "Argo", "research", "--error", "timeout").code == 0
    refused = cli_week("start", "A", "Argo", "research")
    assert refused.code == 1
    assert refused.err == (
        "tracker: error: cannot set research of 'Argo' to in_progress: it has used its 3 "
        "retries (retry_count 3); force it to retry anyway\n"
    )
    assert cli_week("reset", "A", "Argo", "research").code == 1
    assert cli_week("start", "A", "Argo", "research", "--force").code == 0
    record = cli_week("show", "A", "--json").json()["items"]["Argo"]["tasks"]["research"]
    assert (record["status"], record["retry_count"]) == ("in_progress", 4)


def test_resetting_a_pending_task_records_nothing(cli_week: Cli, data_dir):
    history = data_dir / "00-A" / "history" / "local.jsonl"
    tracker_file = data_dir / "00-A" / "tracker.yaml"
    before = history.read_bytes(), tracker_file.read_bytes()
    result = cli_week("reset", "A", "Argo", "research")
    assert result.code == 0 and "is now pending" in result.out
    assert (history.read_bytes(), tracker_file.read_bytes()) == before
