import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import * as c from '@nbgit/cells';
import { readFileSync } from 'node:fs';
const text = readFileSync('fixtures/notebooks/example.ipynb','utf8');
const nb = fromIpynb(text);
console.log(c.renderList(c.listCells(nb)));
console.log(c.renderView(nb, {file:'example.ipynb'}));
const r = c.applyOperations(nb, [{op:'set', cell: 1, source: 'x = 2\ny = 3'}, {op:'insert', after: 1, source: 'print(x)'}, {op:'tags', cell: 0, add:['intro']}]);
console.log(r);
const out = toIpynb(nb);
console.log(out.length, text.length);
try { c.applyOperations(nb, [{op:'delete', cell: 0}, {op:'move', cell: 'zzz', at:'end'}]); } catch(e) { console.log(e.message, e.code) }
console.log(nb.cells.length);
console.log(c.translateParameters('python3','python',{a:1n, b:new c.ParamFloat(1), s:'hé"\n', l:[1n,null,true], d:{k:'v'}, n: new c.ParamFloat(NaN)}));
console.log(c.translateParameters('ir','R',{_a:1n, b:true, n:null, l:[1n,'x'], d:{k:1.5}}));
console.log(c.translateParameters('julia-1.9','julia',{a:1n, n:null, l:[1n,'x'], d:{k:1.5}}));
console.log(c.parseYamlParameters('a: 1\nb: 1.0\nc: yes\nd: 2024-01-01\ne: [1, x]\nf: ~\n'));
console.log(c.parseParameters(`# Parameters\nalpha = 0.6  # the alpha\nratio: float = 0.1\nname = "a=b" # help\nl = [\n  1, # one\n  2,\n]  # list help\nx = y = 3\n`));
