#!/usr/bin/env python3
"""Imports gitleaks' published default rules (config/gitleaks.toml, MIT) as data for src/core/privacy.

Usage: python3 scripts/importGitleaksRules.py /path/to/gitleaks/git-dir [commit]
Reads config/gitleaks.toml at that commit with `git show`, keeps each rule's id, regex (verbatim, Go RE2 syntax:
src/core/privacy/gitleaks.ts converts it), secretGroup, entropy, keywords and allowlists (regexes, stopwords), and the
global allowlist's regexes and stopwords; drops descriptions and path rules (a request has no repository paths).
Writes src/core/privacy/gitleaks-rules.json with the provenance and licence.
"""
import json, subprocess, sys, tomllib, pathlib

git_dir = sys.argv[1]
commit = sys.argv[2] if len(sys.argv) > 2 else subprocess.check_output(['git', '--git-dir', git_dir, 'rev-parse', 'HEAD'], text=True).strip()
toml = subprocess.check_output(['git', '--git-dir', git_dir, 'show', f'{commit}:config/gitleaks.toml'])
licence = subprocess.check_output(['git', '--git-dir', git_dir, 'show', f'{commit}:LICENSE'], text=True)
cfg = tomllib.loads(toml.decode())

def allow(a):
    out = {k: a[k] for k in ('regexes', 'stopwords', 'regexTarget', 'condition') if k in a}
    return out or None

rules = []
for r in cfg['rules']:
    if 'regex' not in r:
        continue  # path-only rules (e.g. pkcs12-file) say nothing about text
    row = {'id': r['id'], 'regex': r['regex'], 'keywords': [k.lower() for k in r.get('keywords', [])]}
    for k in ('secretGroup', 'entropy'):
        if k in r:
            row[k] = r[k]
    als = [x for x in (allow(a) for a in r.get('allowlists', [])) if x]
    if als:
        row['allowlists'] = als
    rules.append(row)

out = {
    'source': {
        'repo': 'gitleaks/gitleaks', 'path': 'config/gitleaks.toml', 'commit': commit, 'licence': 'MIT',
        'copyright': licence.splitlines()[2].strip(),
        'note': 'Rules as data, verbatim regexes (Go RE2 syntax); descriptions and path rules dropped. The MIT licence text: LICENSE of that repository.',
    },
    'allowlist': allow(cfg.get('allowlist', {})),
    'rules': rules,
}
target = pathlib.Path(__file__).resolve().parent.parent / 'src/core/privacy/gitleaks-rules.json'
target.write_text(json.dumps(out, indent=1) + '\n')
print(f'wrote {target} ({len(rules)} rules from {commit})')
