#!/usr/bin/env python3
# check-flatpak.py: the Flatpak manifest is consistent with the Meson build
# (it cannot be built here: no runtime download). It checks what can be
# checked offline: valid JSON that flatpak-builder accepts (when
# installed), the application id, no network permission, every Meson
# dependency either in the GNOME runtime or built as a module from a
# pinned source, the project's own module built by Meson with its tests.
#
#   check-flatpak.py SOURCE_ROOT

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

root = sys.argv[1]
path = os.path.join(root, "flatpak", "io.github.scrimtriage.Scrim.json")
manifest = json.load(open(path, encoding="utf-8"))
failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


# What org.gnome.Platform//43 (freedesktop 22.08 beneath) provides, by
# pkg-config name: GLib 2.74, GTK 4.8, libadwaita 1.2 like Debian 12.
RUNTIME = {"glib-2.0", "gobject-2.0", "gio-2.0", "gio-unix-2.0", "sqlite3", "libjpeg", "libpng",
           "libcrypto", "gtk4", "libadwaita-1", "json-glib-1.0", "threads", "x11", "xtst",
           "bash-completion"}

if manifest.get("app-id") != "io.github.scrimtriage.Scrim":
    fail("app-id is %r" % manifest.get("app-id"))
if manifest.get("command") != "scrim":
    fail("command is %r" % manifest.get("command"))
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("runtime-version") != "43":
    fail("runtime must be org.gnome.Platform 43 (GTK 4.8, libadwaita 1.2, as pinned)")
for arg in manifest.get("finish-args", []):
    if "network" in arg:
        fail("finish-args grant the network: " + arg)

modules = {m["name"]: m for m in manifest["modules"] if isinstance(m, dict)}
for m in modules.values():
    if any("network" in a for a in m.get("build-options", {}).get("build-args", [])):
        fail("module %s builds with the network" % m["name"])
    for s in m.get("sources", []):
        if s.get("type") in ("archive", "file") and not re.fullmatch(r"[0-9a-f]{64}", s.get("sha256", "")):
            fail("module %s: source %s is not pinned by sha256" % (m["name"], s.get("url")))
        if s.get("type") == "git" and not s.get("commit"):
            fail("module %s: git source without a commit" % m["name"])

deps = set()
for dirpath, _, files in os.walk(root):
    if "/build" in dirpath[len(root):] or "/.git" in dirpath[len(root):]:
        continue
    if "meson.build" in files:
        text = open(os.path.join(dirpath, "meson.build"), encoding="utf-8").read()
        deps.update(re.findall(r"\bdependency\('([^']+)'", text))
if "libexif" not in deps or "gtk4" not in deps:
    fail("found no dependency() calls to check (found %s)" % sorted(deps))
for dep in sorted(deps):
    if dep in RUNTIME:
        print("ok   %s: in the runtime" % dep)
    elif dep in modules:
        print("ok   %s: built as a module" % dep)
    else:
        fail("Meson needs %s, which neither the runtime nor a module provides" % dep)

scrim = modules.get("scrim")
if scrim is None:
    fail("no scrim module")
else:
    if scrim.get("buildsystem") != "meson":
        fail("scrim is not built with Meson")
    if not scrim.get("run-tests"):
        fail("the scrim module does not run the tests")
    options = open(os.path.join(root, "meson_options.txt"), encoding="utf-8").read()
    for opt in scrim.get("config-opts", []):
        m = re.match(r"-D([\w-]+)=", opt)
        if m and "option('%s'" % m.group(1) not in options:
            fail("config-opts names an unknown option %s" % opt)
    if list(modules)[-1] != "scrim":
        fail("scrim must be the last module (its dependencies first)")

if shutil.which("flatpak-builder"):
    # It leaves a .flatpak-builder folder where it runs: a temporary one.
    with tempfile.TemporaryDirectory(prefix="scrim-flatpak-") as tmp:
        out = subprocess.run(["flatpak-builder", "--show-manifest", path], capture_output=True, text=True,
                             cwd=tmp)
    if out.returncode != 0:
        fail("flatpak-builder --show-manifest: " + out.stderr.strip())
    else:
        print("ok   flatpak-builder --show-manifest accepts it")
else:
    print("note: flatpak-builder is not installed; its own check was skipped")
print("%d problems" % len(failures))
sys.exit(1 if failures else 0)
