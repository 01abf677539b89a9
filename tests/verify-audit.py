#!/usr/bin/env python3
# verify-audit.py: checks a Scrim audit log exported with
# `scrim audit CASE --export FILE`, without Scrim, as core/scrim-audit.c
# defines the chain: each line {"seq":N,"hash":H,"entry":E} holds the
# canonical entry text E, H = SHA-256 of E's UTF-8 bytes, and E begins
# {"prev":"<hash of entry N-1, or 64 zeros>","seq":N,
# Prints the entry count and head hash; exits 1 at the first bad line.
import hashlib, json, sys

prev, n = "0" * 64, 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        n += 1
        rec = json.loads(line)
        entry = rec["entry"]
        digest = hashlib.sha256(entry.encode("utf-8")).hexdigest()
        head = '{"prev":"%s","seq":%d,' % (prev, n)
        if rec["seq"] != n or digest != rec["hash"] or not entry.startswith(head):
            sys.exit("line %d: entry %s does not verify" % (n, rec.get("seq")))
        json.loads(entry)
        prev = digest
if n == 0:
    sys.exit("empty audit log")
print("ok %d %s" % (n, prev))
