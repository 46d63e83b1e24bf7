import { readFileSync } from 'node:fs';
import { fromIpynb, toIpynb } from '@nbgit/ipynb';
import { fromPercent, toPercent } from '@nbgit/percent';
import { fromMarkdown, toMarkdown } from '@nbgit/markdown';
import { joinSource } from '@nbgit/core';
const root = '/work/shared/fixtures/real/notebooks/';
const inputs = (nb) => toIpynb({ ...nb, cells: nb.cells.map((c) => c.cell_type === 'code' ? { ...c, source: joinSource(c.source), outputs: [], execution_count: null } : { ...c, source: joinSource(c.source) }) });
let nb = fromIpynb(readFileSync(root+'notebooks__sagemaker_29_deploy_llms_on_inferentia2_sagemaker-notebook.ipynb'));
const a = inputs(nb).split('\n'), b = inputs(fromPercent(toPercent(nb,{extension:'.py',lossless:true}),{extension:'.py'})).split('\n');
for (let i=0;i<a.length;i++) if (a[i]!==b[i]) { console.log(i, JSON.stringify(a[i]), JSON.stringify(b[i])); break; }
nb = fromIpynb(readFileSync(root+'notebooks__diffusers_doc_ko_pytorch_basic_training.ipynb'));
const back = fromMarkdown(toMarkdown(nb));
console.log(nb.cells.length, back.cells.length);
for (let i=0;i<nb.cells.length;i++) if (joinSource(nb.cells[i].source)!==joinSource(back.cells[i]?.source ?? '') || nb.cells[i].cell_type !== back.cells[i]?.cell_type) { console.log(i, nb.cells[i].cell_type, JSON.stringify(joinSource(nb.cells[i].source)).slice(0,300)); console.log(back.cells[i]?.cell_type, JSON.stringify(joinSource(back.cells[i]?.source??'')).slice(0,300)); break; }
