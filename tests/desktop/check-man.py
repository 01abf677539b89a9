#!/usr/bin/env python3
# check-man.py: scrim(1) covers every subcommand `scrim help` lists and
# every option of each (from `scrim COMMAND --help`), and renders.
#
#   check-man.py SCRIM_BINARY scrim.1

import os
import re
import shutil
import subprocess
import sys

binary, page = sys.argv[1], sys.argv[2]
env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", LANGUAGE="")
env.pop("DISPLAY", None)
env.pop("WAYLAND_DISPLAY", None)


def run(*args):
    return subprocess.run([binary, *args], capture_output=True, text=True, env=env, check=True).stdout


text = open(page, encoding="utf-8").read()
plain = text.replace("\\-", "-").replace("\\e", "\\")
failures = 0
commands = []
on = False
for line in run("help").splitlines():
    if line == "Commands:":
        on = True
        continue
    if on and not line.strip():
        break
    if on:
        commands.append(line.split()[0])
if len(commands) < 10:
    print("only %d commands in `scrim help`: the check would prove little" % len(commands))
    failures += 1
for command in commands:
    if command == "help":
        continue
    if not re.search(r"^\.SS scrim %s\b" % re.escape(command), plain, re.M):
        print("scrim %s: no section in %s" % (command, page))
        failures += 1
    for m in re.finditer(r"^\s+(-\S.*?)\s{2,}", run(command, "--help"), re.M):
        for flag in re.findall(r"--?[A-Za-z][\w-]*", m.group(1)):
            if flag in ("-h", "--help"):
                continue
            if flag not in plain:
                print("scrim %s %s: not in %s" % (command, flag, page))
                failures += 1
if shutil.which("groff"):
    out = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page], capture_output=True, text=True)
    if out.returncode != 0 or out.stderr.strip():
        print("groff: %s" % out.stderr.strip())
        failures += 1
print("%d commands checked, %d problems" % (len(commands), failures))
sys.exit(1 if failures else 0)
