/** `nbgit status`: is nbgit installed, and where is each setting. */
import { displayPath, installStatus } from '@nbgit/git';
import { defineCommand } from '../command.js';
import { overridingLines, SCOPE_OPTIONS, scopeOptions } from './install.js';

export const command = defineCommand(
  {
    summary: 'show whether git runs nbgit for notebooks, and where each setting is',
    usage: 'nbgit status [--attributes FILE]',
    description: `Lists the git config nbgit install writes, with the scope and file of each value (local,
global, system), the nbgit.* strip options, the attributes files holding the nbgit line, and
what git check-attr says for a notebook path. Warns about values that point at another nbgit
or node (run nbgit install again). Every scope is shown, so --global and --system change
nothing here; --attributes FILE also looks for the nbgit line in FILE. Exits 0 when git will
run nbgit for *.ipynb, 1 when not, 2 on bad usage.`,
    options: SCOPE_OPTIONS,
  },
  async ({ positionals, options: flags }, io) => {
    const options = scopeOptions(positionals, flags, io, 'status');
    const s = installStatus(options);
    const out = (line: string) => io.stdout.write(`${line}\n`);
    out(s.installed ? 'nbgit is installed: git runs nbgit for *.ipynb' : 'nbgit is not installed here (run nbgit install)');
    out('');
    out('git config:');
    for (const e of s.config) out(`  ${e.key} = ${e.value}    (${e.scope}: ${displayPath(e.origin, io.cwd)})`);
    for (const key of s.missing) out(`  ${key}: not set`);
    if (s.stale.length > 0)
      out(`  warning: ${s.stale.join(', ')} run${s.stale.length === 1 ? 's' : ''} another nbgit or node than this one; run nbgit install to update`);
    out('');
    out('attributes:');
    if (s.attributes.length === 0) out('  no attributes file has "*.ipynb filter=nbgit diff=nbgit merge=nbgit"');
    for (const a of s.attributes) out(`  ${displayPath(a.file, io.cwd)}:${a.line}: *.ipynb filter=nbgit diff=nbgit merge=nbgit`);
    if (s.checkAttr) {
      out(
        `  git check-attr for *.ipynb: ${Object.entries(s.checkAttr)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      );
      for (const o of overridingLines(options, s.checkAttr)) out(`  ${displayPath(o.file, io.cwd)}:${o.line}: ${o.text}  <- wins over the nbgit line`);
    }
    out('');
    out('strip options:');
    if (s.options.length === 0) out('  none (nbstripout defaults)');
    for (const e of s.options) out(`  ${e.key} = ${e.value}    (${e.scope}: ${displayPath(e.origin, io.cwd)})`);
    return s.installed ? 0 : 1;
  },
);
