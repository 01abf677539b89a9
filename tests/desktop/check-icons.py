#!/usr/bin/env python3
# check-icons.py: every icon the window names (icon-name in the .ui files,
# "…-symbolic" names in the C sources) is a real file compiled into the
# resource, under the path GTK looks in.
#
#   check-icons.py SOURCE_ROOT

import os
import re
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
ui = os.path.join(root, "ui")
named = {}
for name in sorted(os.listdir(ui)) + ["gtk/help-overlay.ui"]:
    path = os.path.join(ui, name)
    if not os.path.isfile(path):
        continue
    text = open(path, encoding="utf-8").read()
    if name.endswith(".ui"):
        for m in re.finditer(r'name="icon-name">([^<]+)<', text):
            named.setdefault(m.group(1), path)
    elif name.endswith(".c"):
        for m in re.finditer(r'"([a-z0-9.-]+-symbolic)"', text):
            named.setdefault(m.group(1), path)
    if name.endswith((".c", ".ui")) and "APPLICATION_ID" in text and "icon" in text:
        named.setdefault("io.github.scrimtriage.Scrim", path)

resource = ET.parse(os.path.join(ui, "scrim.gresource.xml")).getroot()
shipped = {}
for f in resource.iter("file"):
    alias = f.get("alias") or f.text
    if alias.startswith("icons/"):
        shipped[os.path.splitext(os.path.basename(alias))[0]] = (alias, os.path.normpath(os.path.join(ui, f.text)))

failures = 0
if not named:
    print("no icon names found: the check would prove nothing")
    failures += 1
for icon, where in sorted(named.items()):
    if icon not in shipped:
        print("%s: icon %s is not in ui/scrim.gresource.xml" % (where, icon))
        failures += 1
        continue
    alias, path = shipped[icon]
    if not os.path.isfile(path):
        print("%s: %s is listed but missing" % (icon, path))
        failures += 1
        continue
    kind = "apps" if icon == "io.github.scrimtriage.Scrim" or icon.endswith("Scrim-symbolic") else "actions"
    if not re.match(r"icons/(scalable|symbolic)/%s/" % kind, alias):
        print("%s: %s is not where GTK looks (icons/scalable/%s/)" % (icon, alias, kind))
        failures += 1
    svg = ET.parse(path).getroot()
    if not svg.tag.endswith("svg") or len(list(svg.iter())) < 2:
        print("%s: %s is not a drawing" % (icon, path))
        failures += 1
    print("ok %s" % icon)
print("%d icons named, %d problems" % (len(named), failures))
sys.exit(1 if failures else 0)
