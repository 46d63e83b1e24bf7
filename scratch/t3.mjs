import { fromIpynb } from '@nbgit/ipynb';
import { imageSize } from '@nbgit/cells';
import { readFileSync, readdirSync } from 'node:fs';
const dir='/work/shared/fixtures/real/notebooks/';
for (const f of readdirSync(dir)) { const nb = fromIpynb(readFileSync(dir+f));
 for (const c of nb.cells) for (const o of c.outputs ?? []) { const v = o.data?.['image/png']; if (!v) continue; const b64 = Array.isArray(v)?v.join(''):v; const b = Buffer.from(b64,'base64'); const s = imageSize(b64); if (s.width !== b.readUInt32BE(16)) { console.log(f, JSON.stringify(b64.slice(0,120)), s, b.length, b64.length); process.exit(0);} } }
