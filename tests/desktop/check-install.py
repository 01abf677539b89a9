#!/usr/bin/env python3
# check-install.py: `meson install --destdir` puts everything a GNOME app
# carries where the desktop looks for it.
#
#   check-install.py BUILD_DIR PREFIX DATADIR MANDIR BINDIR

import os
import subprocess
import sys
import tempfile

build, prefix, datadir, mandir, bindir = sys.argv[1:6]
app = "io.github.scrimtriage.Scrim"
with tempfile.TemporaryDirectory(prefix="scrim-install-") as dest:
    out = subprocess.run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stdout, out.stderr)
        sys.exit(1)

    def at(*parts):
        path = os.path.join(*parts)
        if not os.path.isabs(path):
            path = os.path.join(prefix, path)
        return dest + path

    wanted = [
        at(bindir, "scrim"),
        at(datadir, "applications", app + ".desktop"),
        at(datadir, "metainfo", app + ".metainfo.xml"),
        at(datadir, "glib-2.0", "schemas", app + ".gschema.xml"),
        at(datadir, "icons", "hicolor", "scalable", "apps", app + ".svg"),
        at(datadir, "icons", "hicolor", "symbolic", "apps", app + "-symbolic.svg"),
        at(datadir, "mime", "packages", app + ".xml"),
        at(mandir, "man1", "scrim.1"),
        at(datadir, "locale", "nl", "LC_MESSAGES", "scrim.mo"),
    ]
    completion = [at(datadir, "bash-completion", "completions", "scrim")]
    failures = 0
    for path in wanted:
        print(("ok   " if os.path.isfile(path) else "MISSING ") + path[len(dest):])
        failures += not os.path.isfile(path)
    found = [p for p in completion if os.path.isfile(p)]
    if not found:
        # bash-completion's pkg-config file may name another folder.
        for base, _, files in os.walk(dest):
            if "scrim" in files and "completion" in base:
                found.append(os.path.join(base, "scrim"))
    print(("ok   " + found[0][len(dest):]) if found else "MISSING bash completion")
    failures += not found
    # The MIME entry compiles, and *.scrim files map to Scrim's type.
    mime = at(datadir, "mime")
    if os.path.isdir(mime) and subprocess.run(["update-mime-database", mime], capture_output=True).returncode == 0:
        globs = open(os.path.join(mime, "globs2"), encoding="utf-8").read()
        if "application/x-scrim-case:*.scrim" not in globs:
            print("*.scrim is not mapped to application/x-scrim-case")
            failures += 1
    else:
        print("update-mime-database failed on the installed MIME entry")
        failures += 1
    if os.path.isfile(wanted[0]) and not os.access(wanted[0], os.X_OK):
        print("scrim is not executable")
        failures += 1
    print("%d missing" % failures)
    sys.exit(1 if failures else 0)
