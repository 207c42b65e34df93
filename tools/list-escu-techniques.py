#!/usr/bin/env python3
"""List the MITRE ATT&CK technique ids that detections name, and check the tactic table covers them.

Reads every YAML file under the given folders (recursively) and collects the ids in each
`mitre_attack_id:` list (the key line and the `- Txxxx` items under it; ids look like T1059 or
T1059.001). Ids elsewhere in a file (references, data set URLs) are ignored. The parent of each
sub-technique is added (T1059.001 gives T1059 too), since content/attack/technique_tactics.csv
holds both.

Usage:
  python3 tools/list-escu-techniques.py [FOLDER ...]
      prints the ids, one a line, sorted; default folders: ../shared/escu/detections and
      content (relative to the repository root, the parent of this script's folder)
  python3 tools/list-escu-techniques.py --check [FOLDER ...]
      prints the ids missing from content/attack/technique_tactics.csv and exits 1 if any

Standard library only (no YAML parser: the lists are read line by line).
"""

import csv
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, "content", "attack", "technique_tactics.csv")
ID = re.compile(r"\bT\d{4}(?:\.\d{3})?\b")
ITEM = re.compile(r"^\s*-\s*['\"]?(T\d{4}(?:\.\d{3})?)['\"]?\s*(#.*)?$")


def ids_in_text(text):
    found = set()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if "mitre_attack_id" not in line:
            continue
        # inline form: mitre_attack_id: [T1003, T1003.001]
        found.update(ID.findall(line.split("mitre_attack_id", 1)[1]))
        # block form: the "- Txxxx" items that follow
        while i < len(lines):
            m = ITEM.match(lines[i])
            if m:
                found.add(m.group(1))
            elif lines[i].strip():
                break
            i += 1
    return found


def collect(folders):
    ids = set()
    for folder in folders:
        for dirpath, _, files in os.walk(folder):
            for name in files:
                if not name.endswith((".yml", ".yaml")):
                    continue
                with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as f:
                    ids |= ids_in_text(f.read())
    ids |= {i.split(".")[0] for i in ids}
    return sorted(ids)


def main(argv):
    check = "--check" in argv
    folders = [a for a in argv if a != "--check"] or [
        os.path.join(os.path.dirname(ROOT), "shared", "escu", "detections"),
        os.path.join(ROOT, "content"),
    ]
    ids = collect(folders)
    if not check:
        print("\n".join(ids))
        return 0
    with open(TABLE, newline="", encoding="utf-8") as f:
        have = {row["technique_id"] for row in csv.DictReader(f)}
    missing = [i for i in ids if i not in have]
    print("\n".join(missing))
    print(f"{len(ids)} ids, {len(missing)} missing from {os.path.relpath(TABLE, ROOT)}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
