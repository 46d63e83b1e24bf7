// nbgit's libraries without the CLI: read two versions of a notebook, write one as a percent
// script, strip its outputs, diff the two and merge an edit of each side. Only the first line
// touches the file system; everything after it also runs in a browser.
import { readFileSync } from 'node:fs';
import { diffNotebooks, summarize } from '@nbgit/diff';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { mergeNotebooks } from '@nbgit/merge';
import { fromPercent, toPercent } from '@nbgit/percent';
import { strip } from '@nbgit/strip';

const [before, after] = ['example.ipynb', 'example-edited.ipynb'].map((f) => fromIpynb(readFileSync(new URL(`../fixtures/notebooks/${f}`, import.meta.url))));

const script = toPercent(before);
console.log(`percent script: ${script.split('\n').length} lines, reads back: ${fromPercent(script).cells.length} cells`);

const clean = strip(before);
console.log(`stripped: ${clean.cells.filter((c) => c.cell_type === 'code' && c.outputs.length > 0).length} cells with outputs`);

console.log(`diff: ${summarize(diffNotebooks(before, after))}`);

// Local edits the first cell, remote is the edited notebook: both changes land.
const local = structuredClone(before);
local.cells[0].source = '# Rainfall (mm)\n';
const { notebook, conflicts } = mergeNotebooks({ base: before, local, remote: after });
console.log(`merge: ${conflicts.length} conflicts, ${notebook.cells.length} cells, first line: ${JSON.stringify(notebook.cells[0].source)}`);
console.log(`written as ipynb: ${toIpynb(notebook).length} bytes`);
