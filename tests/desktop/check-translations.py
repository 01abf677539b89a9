#!/usr/bin/env python3
# check-translations.py: every language in po/LINGUAS compiles without
# errors (msgfmt --check) and is 100 % translated: no untranslated and no
# fuzzy message, and none missing from the template of today's sources.
#
#   check-translations.py SOURCE_ROOT

import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
po = os.path.join(root, "po")
languages = [l.strip() for l in open(os.path.join(po, "LINGUAS")) if l.strip() and not l.startswith("#")]
if "nl" not in languages:
    print("nl is not in po/LINGUAS")
    sys.exit(1)
with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "scrim.pot")
    subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
                    "--keyword=NC_:1c,2", "--keyword=g_dngettext:2,3", "--keyword=ngettext:1,2",
                    "--package-name=scrim", "-D", root, "-f", os.path.join(po, "POTFILES"), "-o", pot],
                   check=True, capture_output=True)
    failures = 0
    for lang in languages:
        path = os.path.join(po, lang + ".po")
        out = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, path],
                             capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        stats = out.stderr.strip()
        print("%s: %s" % (lang, stats))
        if out.returncode != 0 or "untranslated" in stats or "fuzzy" in stats:
            failures += 1
        cmp = subprocess.run(["msgcmp", path, pot], capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        if cmp.returncode != 0:
            print(cmp.stderr.strip()[:2000])
            failures += 1
        if not re.search(r"\b\d+ translated", stats):
            failures += 1
    sys.exit(1 if failures else 0)
