#!/usr/bin/env python3
# make-man.py: writes scrim(1) from the command's own help, so the manual
# lists every subcommand and option the binary has, never stale ones.
#
#   make-man.py SCRIM_BINARY VERSION > scrim.1
#
# Copyright 2026 The Scrim authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys


def run(binary, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", LANGUAGE="")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run([binary, *args], capture_output=True, text=True, env=env, check=True).stdout


NAMED = {"\u2019": "\\(cq", "\u2018": "\\(oq", "\u201c": "\\(lq", "\u201d": "\\(rq",
         "\u2026": "...", "\u2014": "\\(em", "\u2013": "\\(en", "\u00b0": "\\(de",
         "\u00d7": "\\(mu", "\u2265": "\\(>=", "\u2264": "\\(<="}


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # ASCII only: named glyphs, the rest as \[uXXXX].
    text = "".join(c if ord(c) < 128 else NAMED.get(c, "\\[u%04X]" % ord(c)) for c in text)
    return re.sub(r"^([.'])", r"\\&\1", text, flags=re.M)


def commands(binary):
    out = []
    section = False
    for line in run(binary, "help").splitlines():
        if line == "Commands:":
            section = True
            continue
        if section and not line.strip():
            break
        if section:
            m = re.match(r"\s+(\S+)\s+(.*?)\s{2,}(\S.*)$", line)
            if m and m.group(1) != "help":
                out.append((m.group(1), m.group(2).strip(), m.group(3)))
    return out


def options(binary, command):
    text = run(binary, command, "--help")
    usage = ""
    description = []
    opts = []
    part = "usage"
    for line in text.splitlines():
        if line.startswith("Usage:"):
            continue
        if part == "usage" and line.strip().startswith("scrim"):
            usage = line.strip()
            part = "description"
            continue
        if re.match(r"^\S.*:$", line):
            part = "options" if "Options" in line else "other"
            continue
        if part == "description" and line.strip():
            description.append(line.strip())
        elif part == "options":
            m = re.match(r"\s+(-\S.*?)\s{2,}(\S.*)$", line)
            if m and m.group(1) != "-h, --help":
                opts.append((m.group(1), m.group(2)))
    return usage, " ".join(description), opts


def main():
    binary, version = sys.argv[1], sys.argv[2]
    w = sys.stdout.write
    w('.TH SCRIM 1 "" "Scrim %s" "User Commands"\n' % version)
    w(".SH NAME\nscrim \\- triage images from seized devices, known material obscured\n")
    w(".SH SYNOPSIS\n.B scrim\n[\\fICASE\\fR...]\n.br\n.B scrim\n\\fICOMMAND\\fR [\\fIOPTION\\fR...]\n")
    w(".SH DESCRIPTION\n")
    w(roff("Scrim is an offline triage tool for investigators of child sexual abuse material. "
           "It ingests the image sets of seized devices into one case file (an SQLite database, "
           "*.scrim) without ever writing to the evidence, hashes every file (MD5, SHA-1, SHA-256, "
           "PDQ), matches it against reference lists, groups unknown images for victim "
           "identification and records every decision in a hash-chained audit log.") + "\n")
    w(".PP\n" + roff("Without a command, scrim opens the review window: a start screen, or the "
                      "CASE files given. Without a display it prints the command summary.") + "\n")
    w(".SH COMMANDS\n")
    for name, args, summary in commands(binary):
        usage, description, opts = options(binary, name)
        w(".SS %s\n" % roff(usage or "scrim %s %s" % (name, args)))
        w(roff(summary) + ".\n")
        if description:
            w(".PP\n" + roff(description) + "\n")
        for flag, text in opts:
            w(".TP\n.B %s\n%s\n" % (roff(flag), roff(text)))
    w(".SH ENVIRONMENT\n")
    w(".TP\n.B SCRIM_LIBRARY\n" + roff("The reference library (default: $XDG_DATA_HOME/scrim/library.db).") + "\n")
    w(".TP\n.B LANG, LC_MESSAGES\n" + roff("The language of messages and of the window (English, Dutch).") + "\n")
    w(".SH FILES\n")
    w(".TP\n.I *.scrim\n" + roff("A case: one SQLite file (application id \"SCRM\") with the facts, "
                                  "thumbnails, matches, groups, gradings and audit log.") + "\n")
    w(".TP\n.I $XDG_DATA_HOME/scrim/library.db\n" + roff("The reference library shared by every case.") + "\n")
    w(".SH EXIT STATUS\n0 success, 1 failure, 2 usage error.\n")
    w(".SH EXAMPLES\n.nf\n")
    w(roff("scrim demo --size small\n"
           "scrim ingest phone.scrim /mnt/exhibit-1 \\\n    --exhibit PHONE-1 --case-number 2026-0042\n"
           "scrim lists import \"Police list\" list.json\n"
           "scrim match phone.scrim\nscrim group phone.scrim\nscrim queue phone.scrim --limit 20\n"
           "scrim audit phone.scrim --verify\nscrim phone.scrim\n"))
    w(".fi\n.SH SEE ALSO\n")
    w(roff("The README of the source tree; \"scrim COMMAND --help\".") + "\n")


if __name__ == "__main__":
    main()
