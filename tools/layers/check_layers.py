#!/usr/bin/env python3
"""Layer order of src/: every include must go down the link graph.

A file in src/<layer>/ may include "<other>/..." only when <layer>'s library
links <other>'s, directly or through others (the graph is read from each
src/<layer>/CMakeLists.txt: the vigil_<name> libraries it names). A header
whose opening comment says it is private ("private to <dir>", "Private to
the ...") may be included only from its own folder (tests may include it),
and from the folders its opening comment names as friends ("friend:
store/migrate", for code that must reach into two backends at once).

The link graph itself must have no cycle.

Usage: check_layers.py SRC_DIR   (exit 1 and one line per violation)
"""
import os
import re
import sys

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]+"([a-z_]+)/([^"]+)"', re.M)
LIBRARY = re.compile(r"\bvigil_([a-z_]+)\b")
PRIVATE = re.compile(r"\b[Pp]rivate to\b")
FRIENDS = re.compile(r"\bfriends?: ([a-z_/]+(?:, *[a-z_/]+)*)")


def link_graph(src):
    graph = {}
    for layer in sorted(os.listdir(src)):
        cmake = os.path.join(src, layer, "CMakeLists.txt")
        if not os.path.isfile(cmake):
            continue
        with open(cmake) as f:
            names = set(LIBRARY.findall(f.read()))
        graph[layer] = {n for n in names if not n.endswith("_scope") and n != "component" and n != layer}
    return graph


def closure(graph, layer):
    seen, todo = set(), [layer]
    while todo:
        for dep in graph.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def private_headers(src):
    private = {}
    for root, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".h"):
                continue
            path = os.path.join(root, name)
            with open(path, errors="replace") as f:
                opening = "".join(line for _, line in zip(range(4), f))
            if PRIVATE.search(opening):
                friends = FRIENDS.search(opening)
                folders = [os.path.relpath(root, src)]
                if friends:
                    folders += [f.strip() for f in friends.group(1).split(",")]
                private[os.path.relpath(path, src)] = folders
    return private


def main():
    src = sys.argv[1]
    graph = link_graph(src)
    allowed = {layer: closure(graph, layer) | {layer} for layer in graph}
    private = private_headers(src)
    problems = [f"src/{layer}/CMakeLists.txt: {layer} links itself through {sorted(graph[layer])}"
                for layer in graph if layer in closure(graph, layer)]
    for root, _, files in os.walk(src):
        for name in files:
            if not name.endswith((".h", ".cpp")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)
            layer, folder = rel.split(os.sep)[0], os.path.dirname(rel)
            with open(path, errors="replace") as f:
                text = f.read()
            for match in INCLUDE.finditer(text):
                target_layer, target = match.group(1), f"{match.group(1)}/{match.group(2)}"
                line = text.count("\n", 0, match.start()) + 1
                if target_layer in graph and target_layer not in allowed.get(layer, {layer}):
                    problems.append(f"src/{rel}:{line}: includes {target}, but {layer} does not link {target_layer}")
                owners = private.get(target)
                if owners is not None and not any(
                        folder == owner or folder.startswith(owner + os.sep) for owner in owners):
                    problems.append(f"src/{rel}:{line}: includes {target}, private to src/{owners[0]}")
    for p in sorted(problems):
        print(p)
    if not problems:
        print(f"layer order OK: {len(graph)} layers, {len(private)} private headers")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
