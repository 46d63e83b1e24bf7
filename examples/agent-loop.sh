#!/usr/bin/env bash
# The loop nbgit exists for: an agent edits a notebook through `nbgit cells`, `git diff`
# shows exactly the cells it touched, the commit stores no outputs, and a teammate's
# concurrent change merges cell by cell. Run from anywhere: bash examples/agent-loop.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
nbgit() { node "$here/packages/cli/bin/nbgit.js" "$@"; }
cd "$(mktemp -d)"
git init -q && git config user.name Ada && git config user.email ada@example.com
nbgit install > /dev/null # strip outputs on add; cell diff and merge drivers
cp "$here/fixtures/notebooks/example.ipynb" analysis.ipynb
git add analysis.ipynb && git commit -qm "rainfall analysis" && git branch -q teammate

# A teammate edits the closing note on their branch.
git switch -q teammate
nbgit cells set analysis.ipynb notes 'Wettest month: **December**, 85 mm.' > /dev/null
git commit -qam "notes: the amount" && git switch -q -

# The agent reads the notebook, edits two cells and inserts one.
nbgit cells ls analysis.ipynb
nbgit cells set analysis.ipynb load 'rain = [78, 51, 60, 45, 40, 35, 30, 38, 55, 70, 80, 85]
months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
rain_in = [mm / 25.4 for mm in rain]'
nbgit cells set analysis.ipynb total 'print(f"total: {sum(rain)} mm, {sum(rain_in):.1f} in")'
nbgit cells insert analysis.ipynb --after total --type markdown '## By month'

# git diff shows those three cells and nothing else; the commit has no outputs.
git --no-pager diff --color=never
git commit -qam "agent: inches"
echo "outputs in the commit: $(git show HEAD:analysis.ipynb | grep -c '"output_type"' || true)"

# The teammate's change merges cell by cell.
git merge -q teammate -m "merge teammate"
nbgit cells cat analysis.ipynb --no-outputs --range 4:
