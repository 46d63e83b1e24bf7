/** `nbgit status`: is nbgit installed, and where is each setting. */
import { spawnSync } from 'node:child_process';
import { displayPath, installStatus, overridingLines } from '@nbgit/git';
import { defineCommand } from '../command.js';
import { SCOPE_OPTIONS, scopeOptions } from '../install-scope.js';
import type { CliIO } from '../io.js';

/** What nbgit install writes after the command, per key: the command is the value without it. */
const SUFFIXES: Record<string, string> = {
  'filter.nbgit.process': ' filter-process',
  'filter.nbgit.clean': ' clean %f',
  'filter.nbgit.smudge': ' smudge %f',
  'diff.nbgit.textconv': ' textconv',
  'diff.nbgit.command': ' diff-driver',
  'merge.nbgit.driver': ' merge-driver %O %A %B %L %P',
};

/**
 * The configured commands that cannot start: each distinct command (a config value without
 * what install writes after it) is run as git runs it, through the shell, with `--version`.
 */
export function brokenCommands(config: readonly { key: string; value: string }[], io: CliIO): { command: string; keys: string[]; reason: string }[] {
  const byCommand = new Map<string, string[]>();
  for (const e of config) {
    const suffix = SUFFIXES[e.key];
    if (suffix === undefined || !e.value.endsWith(suffix)) continue;
    const cmd = e.value.slice(0, -suffix.length);
    byCommand.set(cmd, [...(byCommand.get(cmd) ?? []), e.key]);
  }
  const broken: { command: string; keys: string[]; reason: string }[] = [];
  for (const [cmd, keys] of byCommand) {
    const r = spawnSync('/bin/sh', ['-c', `${cmd} --version`], { cwd: io.cwd, env: io.env, encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0 && r.stdout.startsWith('nbgit ')) continue;
    const said = `${r.stderr ?? ''}\n${r.stdout ?? ''}`
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    const reason = said.find((l) => /^Error|not found|No such file/.test(l)) ?? said[0] ?? (r.error ? r.error.message : `exit status ${r.status}`);
    broken.push({ command: cmd, keys, reason });
  }
  return broken;
}

export const command = defineCommand(
  {
    summary: 'show whether git runs nbgit for notebooks, and where each setting is',
    usage: 'nbgit status [--attributes FILE]',
    description: `Lists the git config nbgit install writes, with the scope and file of each value (local,
global, system), the nbgit.* strip options, the attributes files holding the nbgit line, and
what git check-attr says for a notebook path. Warns about values that point at another nbgit
or node (run nbgit install again), and runs each configured command (with --version, through
the shell, as git does): one that cannot start is reported as broken, with the fix. Every
scope is shown, so --global and --system change nothing here; --attributes FILE also looks
for the nbgit line in FILE. Exits 0 when git will run nbgit for *.ipynb, 1 when not (or a
command is broken), 2 on bad usage.`,
    options: SCOPE_OPTIONS,
  },
  async ({ positionals, options: flags }, io) => {
    const options = scopeOptions(positionals, flags, io, 'status');
    const s = installStatus(options);
    const out = (line: string) => io.stdout.write(`${line}\n`);
    const overriding = s.checkAttr ? overridingLines(options, s.checkAttr) : [];
    const configured = s.config.some((e) => e.key === 'filter.nbgit.process') && s.attributes.length > 0;
    if (s.installed) out('nbgit is installed: git runs nbgit for *.ipynb');
    else if (configured && overriding.length > 0) {
      // installed, but another line wins: say which, not "not installed"
      const first = overriding[0]!;
      const wrong = ['filter', 'diff', 'merge'].filter((a) => s.checkAttr?.[a] !== 'nbgit');
      out(
        `nbgit is installed, but git does not run it for *.ipynb (${wrong.map((a) => `${a}=${s.checkAttr?.[a]}`).join(' ')}): ` +
          `${displayPath(first.file, io.cwd)}:${first.line}: ${first.text} overrides it; remove that line${first.text.includes('nbstripout') ? ' (nbstripout --uninstall does)' : ''}`,
      );
    } else out('nbgit is not installed here (run nbgit install)');
    out('');
    out('git config:');
    for (const e of s.config) out(`  ${e.key} = ${e.value}    (${e.scope}: ${displayPath(e.origin, io.cwd)})`);
    for (const key of s.missing) out(`  ${key}: not set`);
    if (s.stale.length > 0)
      out(`  warning: ${s.stale.join(', ')} run${s.stale.length === 1 ? 's' : ''} another nbgit or node than this one; run nbgit install to update`);
    const broken = brokenCommands(s.config, io);
    for (const b of broken)
      out(`  broken: ${b.keys.join(', ')} run ${b.command}, which cannot start (${b.reason}); run nbgit install again (in this scope) to fix`);
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
      for (const o of overriding) out(`  ${displayPath(o.file, io.cwd)}:${o.line}: ${o.text}  <- wins over the nbgit line`);
    }
    out('');
    out('strip options:');
    if (s.options.length === 0) out('  none (nbstripout defaults)');
    for (const e of s.options) out(`  ${e.key} = ${e.value}    (${e.scope}: ${displayPath(e.origin, io.cwd)})`);
    return s.installed && broken.length === 0 ? 0 : 1;
  },
);
