#!/usr/bin/env python3
"""Builds the validate_change / mcpctx check benchmark repository.

usage: make-repo.py DIR [--files 5000] [--rules 200] [--loose-history]

DIR becomes a git repository holding a project-context.toml with RULES rules (path globs, path globs
with added-line patterns, patterns alone, context keys protecting service ports, change kinds), 20
services, 50 lessons, and FILES configuration-like files in 100 directories, committed. Then every
file is changed and staged: most are edited (3 to 5 lines added, 2 removed, one of them an nginx listen
line, a few of them on a protected service port or matching a rule's pattern), 2% deleted and 2% renamed,
so `mcpctx check` sees a FILES-file diff.
The committed history is packed, as in any clone or after git's automatic gc; the staged change's new blobs
are loose, as `git add` leaves them. --loose-history leaves the history loose too (git then opens one file
per object it reads: the worst case, a repository that was never cloned, packed or gc'd).
Deterministic: the same arguments give the same bytes.
"""
import argparse
import os
import shutil
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--files", type=int, default=5000)
parser.add_argument("--rules", type=int, default=200)
parser.add_argument("--loose-history", action="store_true")
args = parser.parse_args()

root = os.path.abspath(args.dir)
if os.path.exists(root):
    shutil.rmtree(root)
os.makedirs(root)

env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")


def git(*a):
    subprocess.run(["git", *a], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


DIRS = 100
SERVICES = 20


def rule(i):
    kind = i % 10
    rid = f'id = "B-{i:03d}"'
    d = i % DIRS
    if kind < 5:
        return f'{rid}\ndescription = "Config of svc{d} needs review"\neffect = "needs_approval"\npaths = ["svc{d:02d}/config/**", "svc{d:02d}/*.conf"]\n'
    if kind < 7:
        return f'{rid}\ndescription = "No plain http upstreams in svc{d}"\neffect = "deny"\npaths = ["svc{d:02d}/**"]\npatterns = [\'proxy_pass\\s+http://(?!127\\.0\\.0\\.1)\', \'\\bTODO-{i}\\b\']\n'
    if kind == 7:
        return f'{rid}\ndescription = "Pattern {i} anywhere"\neffect = "warn"\npatterns = [\'forbidden-token-{i}\\b\']\n'
    if kind == 8:
        return f'{rid}\ndescription = "Port of svc{i % SERVICES} is in the firewall"\neffect = "deny"\nkeys = ["services.svc{i % SERVICES:02d}.port"]\n'
    return f'{rid}\ndescription = "Do not delete svc{d} files"\neffect = "deny"\npaths = ["svc{d:02d}/**"]\nchanges = ["delete", "rename"]\n'


context = ['#:schema ./schemas/project-context.schema.json', 'project = "bench"', '', '[services]']
for s in range(SERVICES):
    context += [f'svc{s:02d} = {20000 + s}']
context += ['', '[constraints]', 'rollback_required = true', 'locked = ["deployment.model"]', '']
for i in range(args.rules):
    context += ['[[constraints.rules]]', rule(i)]
for l in range(50):
    context += ['[[lessons]]', f'id = "L-{l:03d}"', f'title = "Lesson {l}"', f'paths = ["svc{l * 2:02d}/**"]', '']
with open(os.path.join(root, "project-context.toml"), "w") as f:
    f.write("\n".join(context) + "\n")


def port(n):
    # Every 250th file listens on a service port, which rules protect: changing it is a finding.
    return 20000 + (n // 250) % SERVICES if n % 250 == 0 else 30000 + n % 20000


def body(n, version):
    lines = [f"# file {n}, version {version}", "server {", f"  listen {port(n)};"]
    lines += [f"  location /p{k} {{ proxy_pass http://127.0.0.1:{40000 + k}; }}" for k in range(12)]
    lines += ["}", f"# end of {n}"]
    return "\n".join(lines) + "\n"


paths = []
for n in range(args.files):
    d = n % DIRS
    sub = "config" if n % 3 == 0 else "src"
    p = f"svc{d:02d}/{sub}/file{n:05d}.conf"
    paths.append(p)
    full = os.path.join(root, p)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(body(n, 1))

git("init", "-q")
git("config", "user.name", "Bench")
git("config", "user.email", "bench@example.com")
git("config", "commit.gpgsign", "false")
git("add", "-A")
git("commit", "-q", "-m", "initial")
if not args.loose_history:
    git("repack", "-a", "-d", "-q")

for n, p in enumerate(paths):
    full = os.path.join(root, p)
    if n % 50 == 7:
        os.remove(full)
    elif n % 50 == 9:
        os.rename(full, full.replace(".conf", ".renamed.conf"))
    else:
        text = body(n, 2).replace(f"listen {port(n)};", f"listen {port(n) + 1000};")
        extra = f"  # added line one for {n}\n  # added line two\n"
        if n % 97 == 0:
            extra += "  location /x { proxy_pass http://10.1.2.3:8080; }\n"
        if n % 89 == 0:
            extra += f"  # forbidden-token-{n % 200}\n"
        text = text.replace("# end of", extra + "# end of")
        with open(full, "w") as f:
            f.write(text)
git("add", "-A")
print(f"{root}: {args.files} files changed against {args.rules} rules")
