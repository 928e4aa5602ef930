#!/usr/bin/env python3
"""Writes a deterministic repository for the drift benchmark and commits it with git.

usage: make-repo.py OUT --files N [--relevant R]

OUT gets N files in all, R of them files the drift scanners read (default N/100): per service a
Dockerfile, a package.json, a .env.example and a Kubernetes manifest, compose files with ten services
each, one nginx configuration with an upstream per service, and GitHub Actions workflows. The rest are
small source files. project-context.toml lists every service, workflow and a few known issues, so the
repository is in sync. A first commit is recorded as verified.commit; a second one changes 1% of the
source files and a few Dockerfiles, so drift also lists changes since the verified commit.
"""

import argparse
import os
import shutil
import subprocess

PER_SERVICE = 4  # Dockerfile, package.json, .env.example, Kubernetes manifest
GIT_ENV = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.invalid",
               GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def git(root, *args):
    return subprocess.run(["git", *args], cwd=root, env=GIT_ENV, check=True, capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--files", type=int, required=True)
    parser.add_argument("--relevant", type=int)
    args = parser.parse_args()
    relevant = args.relevant if args.relevant is not None else args.files // 100
    workflows = max(1, min(50, relevant // 20))
    services = max(1, (relevant - workflows - 1) * 10 // (PER_SERVICE * 10 + 1))
    compose_files = (services + 9) // 10
    scanned = services * PER_SERVICE + compose_files + workflows + 1

    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    root = args.out
    names = [f"svc-{i:04d}" for i in range(services)]
    port = {name: 10000 + i for i, name in enumerate(names)}

    for name in names:
        write(root, f"services/{name}/Dockerfile", f"FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nENV PORT=8080\nEXPOSE ${{PORT}}\nCMD [\"node\", \"src/index.js\"]\n")
        write(root, f"services/{name}/package.json", f'{{\n  "name": "@bench/{name}",\n  "scripts": {{\n    "start": "node src/index.js --port 8080",\n    "test": "node --test"\n  }}\n}}\n')
        write(root, f"services/{name}/.env.example", "PORT=8080\nLOG_LEVEL=info\n")
        write(root, f"deploy/k8s/{name}.yaml", f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.invalid/{name}:1.0.0
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  ports:
    - port: {port[name]}
      targetPort: 8080
""")
    for group in range(compose_files):
        body = "services:\n"
        for name in names[group * 10:(group + 1) * 10]:
            body += f"  {name}:\n    build: ../../services/{name}\n    ports:\n      - \"127.0.0.1:{port[name]}:8080\"\n"
        write(root, f"deploy/compose/group-{group:03d}.yml", body)
    nginx = "http {\n"
    for name in names:
        nginx += f"    upstream {name} {{ server 127.0.0.1:{port[name]}; }}\n"
    nginx += "    server {\n        listen 80;\n        location / { proxy_pass http://svc-0000; }\n    }\n}\n"
    write(root, "deploy/nginx/nginx.conf", nginx)
    for w in range(workflows):
        write(root, f".github/workflows/ci-{w:02d}.yml", f"name: ci-{w:02d}\non: [push, pull_request]\njobs:\n  test:\n    runs-on: [self-hosted, linux, x64]\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n")

    filler = args.files - scanned - 1  # project-context.toml
    for i in range(max(0, filler)):
        name = names[i % services]
        write(root, f"services/{name}/src/module-{(i // services) % 50:02d}/file-{i:06d}.js", f"// generated file {i}\nexport const value{i} = {i};\n")

    context = ['project = "drift-bench"', "current_focus = []", ""]
    for name in names:
        context += [f"[services.{name}]", f"port = {port[name]}", f'paths = ["services/{name}/**", "deploy/k8s/{name}.yaml"]', ""]
    context += ["[services.nginx]", "port = 80", 'paths = ["deploy/nginx/**"]', ""]
    context += ["[ci]", 'pipeline = "github-actions"', 'runner = "self-hosted, labels [self-hosted, linux, x64]"', "workflows = ["]
    context += [f'  ".github/workflows/ci-{w:02d}.yml",' for w in range(workflows)] + ["]", ""]
    for k in range(20):
        context += ["[[known_issues]]", f'id = "KI-{k + 1:03d}"', f'title = "Known issue {k + 1}"', 'status = "open"',
                    f'paths = ["services/{names[k % services]}/src/**", "deploy/compose/*.yml"]', ""]
    write(root, "project-context.toml", "\n".join(context))

    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "generated")
    verified = git(root, "rev-parse", "HEAD")
    with open(os.path.join(root, "project-context.toml"), "a", encoding="utf-8") as f:
        f.write(f'[verified]\ncommit = "{verified}"\nat = 2026-01-01T00:00:00Z\n')
    for i in range(0, max(0, filler), 100):
        name = names[i % services]
        path = os.path.join(root, f"services/{name}/src/module-{(i // services) % 50:02d}/file-{i:06d}.js")
        with open(path, "a", encoding="utf-8") as f:
            f.write("// changed\n")
    for name in names[:10]:
        with open(os.path.join(root, f"services/{name}/Dockerfile"), "a", encoding="utf-8") as f:
            f.write("# changed\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "changes since verified")
    print(f"{root}: {int(git(root, 'ls-files', '-z').count(chr(0)))} files, {scanned} read by drift, {services} services, {workflows} workflows")


if __name__ == "__main__":
    main()
