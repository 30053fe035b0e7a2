#!/usr/bin/env python3
"""A MidTrain verifier plug-in: passes a sample when its answer contains the expected text.

Wire protocol (JSON lines, version 1):
  stdin : one sample per line, exactly as MidTrain writes it (id, source, messages, attributes, fields, ...)
  stdout: one reply per line: {"outcome": "pass"|"fail"|"invalid", "score": number?, "reason": str?, "details": any?}
  stderr: free-form; MidTrain copies it into its log.
Answer "invalid" (with a reason) when a sample cannot be checked; never crash on bad input. Exit when stdin closes.

Use it in a pipeline:
  stages:
    - verify: { plugin: process, command: [python3, examples/plugins/python/answer_contains.py], instances: 2, timeout_s: 10 }
"""
import json
import sys
import unicodedata


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def verify(sample: dict) -> dict:
    expected = (sample.get("fields") or {}).get("expected")
    if not isinstance(expected, str) or not expected.strip():
        return {"outcome": "invalid", "reason": "the sample has no string field 'expected'"}
    answers = [m.get("content", "") for m in sample.get("messages", []) if m.get("role") == "assistant"]
    if not answers:
        return {"outcome": "invalid", "reason": "the sample has no assistant message"}
    found = normalise(expected) in normalise(answers[-1])
    return {
        "outcome": "pass" if found else "fail",
        "score": 1.0 if found else 0.0,
        "reason": None if found else f"the answer does not contain {expected!r}",
        "details": {"expected": expected},
    }


def main() -> None:
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = verify(json.loads(line))
        except Exception as error:  # a bug or bad input for one sample is that sample's verdict
            reply = {"outcome": "invalid", "reason": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
