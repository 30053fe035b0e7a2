"""Test plug-in: answers pass for even fields.n and fail for odd, and misbehaves on purpose.

argv[1] mode: 'crash10' exits without replying when n % 10 == 9; 'hang' never replies when n % 25 == 24;
'garbage' replies with malformed output when n % 7 == 6 (kinds rotate); 'stderr' writes a line to stderr per request.
"""
import json
import os
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else ""
garbage = [
    "this is not json",
    "[1, 2, 3]",
    '{"score": 1}',
    '{"outcome": "maybe"}',
    '{"outcome": "pass", "score": "high"}',
    "\x00\x01binary",
]

for line in sys.stdin:
    sample = json.loads(line)
    n = sample["fields"]["n"]
    if mode == "crash10" and n % 10 == 9:
        os._exit(3)
    if mode == "hang" and n % 25 == 24:
        time.sleep(3600)
    if mode == "garbage" and n % 7 == 6:
        sys.stdout.write(garbage[(n // 7) % len(garbage)] + "\n")
        sys.stdout.flush()
        continue
    if mode == "stderr":
        sys.stderr.write(f"checking sample {n}\n")
        sys.stderr.flush()
    reply = {"outcome": "pass" if n % 2 == 0 else "fail", "score": n, "details": {"pid": os.getpid()}}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
