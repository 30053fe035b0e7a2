"""verl reward function backed by `midtrain serve rewards` (standard library only).

Start the server, then point verl at this file:

    ./midtrain serve rewards --config examples/rewards/rewards.yaml --port 8100
    python -m verl.trainer.main_ppo ... \
        custom_reward_function.path=examples/rewards/verl_reward.py \
        custom_reward_function.name=compute_score

`compute_score` scores one solution (verl's NaiveRewardManager calls it per item); `compute_score_batch` scores a
whole batch in one request (verl's BatchRewardManager: `reward_model.reward_manager=batch`,
`custom_reward_function.name=compute_score_batch`), which the server verifies in parallel across its cores.
The item's `data_source` picks the reward configured for it in rewards.yaml.

Environment: MIDTRAIN_REWARD_URL (default http://127.0.0.1:8100), MIDTRAIN_REWARD_API_KEY (when the server was
started with --api-key-env/--api-key-file), MIDTRAIN_REWARD_TIMEOUT (seconds, default 600).
A busy server answers 429 with Retry-After: the request is retried after that many seconds.
"""

import json
import os
import time
import urllib.error
import urllib.request

URL = os.environ.get("MIDTRAIN_REWARD_URL", "http://127.0.0.1:8100").rstrip("/")
API_KEY = os.environ.get("MIDTRAIN_REWARD_API_KEY")
TIMEOUT = float(os.environ.get("MIDTRAIN_REWARD_TIMEOUT", "600"))
RETRIES = 30
MAX_BATCH = 4096  # the server's default --max-batch


def _plain(value):
    """numpy scalars and arrays (verl's non_tensor_batch) as JSON values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _post(path, body):
    data = json.dumps(body, default=_plain).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if API_KEY:
        headers["Authorization"] = "Bearer " + API_KEY
    for attempt in range(RETRIES + 1):
        request = urllib.request.Request(URL + path, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")
            if error.code == 429 and attempt < RETRIES:
                time.sleep(float(error.headers.get("Retry-After") or 1))
                continue
            raise RuntimeError(f"midtrain serve rewards: HTTP {error.code} on {path}: {detail}") from None


def _item(data_source, solution_str, ground_truth, extra_info):
    item = {"data_source": data_source, "solution": solution_str, "ground_truth": ground_truth}
    if extra_info is not None:
        item["extra_info"] = dict(extra_info)
    return item


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    """verl's reward function: the score of one solution (a float)."""
    return float(_post("/v1/reward", _item(data_source, solution_str, ground_truth, extra_info))["score"])


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs):
    """verl's batch reward function: the scores of a batch, in order (one request per MAX_BATCH items)."""
    extra_infos = extra_infos if extra_infos is not None else [None] * len(solution_strs)
    items = [_item(*row) for row in zip(data_sources, solution_strs, ground_truths, extra_infos)]
    scores = []
    for start in range(0, len(items), MAX_BATCH):
        scores.extend(float(s) for s in _post("/v1/reward", {"batch": items[start:start + MAX_BATCH]})["scores"])
    return scores
