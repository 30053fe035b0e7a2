"""TRL reward function backed by `midtrain serve rewards` (standard library only).

    ./midtrain serve rewards --config examples/rewards/rewards.yaml --port 8100

    from trl import GRPOConfig, GRPOTrainer
    from trl_reward import make_reward_func
    trainer = GRPOTrainer(model=..., reward_funcs=[make_reward_func("gsm8k")], train_dataset=dataset, ...)

TRL calls a reward function with the completions of a batch and every dataset column as keyword arguments, and
expects one float per completion. This one sends the whole batch in one request (verified in parallel by the server)
and reads these columns when the dataset has them: `ground_truth`, `data_source` (used when no reward is named) and
`extra_info`; the prompt goes along too (judge rewards read it as the question). Completions may be plain text or
conversations (the last message's content is scored).

Environment: MIDTRAIN_REWARD_URL (default http://127.0.0.1:8100), MIDTRAIN_REWARD_API_KEY, MIDTRAIN_REWARD_TIMEOUT.
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


def _post(path, body):
    data = json.dumps(body, default=lambda v: v.tolist() if hasattr(v, "tolist") else str(v)).encode("utf-8")
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


def _text(message):
    """A completion or prompt: plain text, or a conversation whose last message is taken."""
    if isinstance(message, str):
        return message
    if isinstance(message, list) and message:
        return message[-1].get("content", "")
    return str(message)


def make_reward_func(reward=None):
    """A TRL reward function scoring with `reward` (a name in rewards.yaml), or by each row's data_source when None."""

    def reward_func(completions, prompts=None, ground_truth=None, data_source=None, extra_info=None, **kwargs):
        items = []
        for i, completion in enumerate(completions):
            item = {"solution": _text(completion)}
            if reward is not None:
                item["reward"] = reward
            elif data_source is not None:
                item["data_source"] = data_source[i]
            if ground_truth is not None:
                item["ground_truth"] = ground_truth[i]
            if extra_info is not None and extra_info[i] is not None:
                item["extra_info"] = dict(extra_info[i])
            if prompts is not None:
                item["prompt"] = _text(prompts[i])
            items.append(item)
        return [float(s) for s in _post("/v1/reward", {"batch": items})["scores"]]

    reward_func.__name__ = "midtrain_" + (reward or "reward")  # TRL logs each reward function under its name
    return reward_func


midtrain_reward = make_reward_func()
