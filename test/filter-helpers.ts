// Helpers for the filter end-to-end tests: the real nbgit bin and real git in temp repos,
// isolated from the user's and the machine's git config.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isolatedGitEnv, nbgitBin } from '@nbgit/testkit';

/** The nbgit bin. */
export const BIN = nbgitBin;

/** A home folder and environment with no user or system git config. */
export function isolatedEnv(): NodeJS.ProcessEnv {
  return isolatedGitEnv('nbgit-filter-home-');
}

/** A test repository: run git and nbgit in it. */
export class Repo {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(options: { env?: NodeJS.ProcessEnv; name?: string } = {}) {
    this.env = options.env ?? isolatedEnv();
    const parent = mkdtempSync(join(tmpdir(), 'nbgit-filter-'));
    this.dir = join(parent, options.name ?? 'repo');
    mkdirSync(this.dir);
    this.git('init', '-q', '-b', 'main');
  }

  /** Runs git; throws with its stderr unless it exits 0. */
  git(...args: string[]): string {
    const r = this.tryGit(...args);
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  }

  /** Runs git and returns the whole result. */
  tryGit(...args: string[]): SpawnSyncReturns<string> {
    return spawnSync('git', args, { cwd: this.dir, env: this.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  }

  /** Runs git with extra environment variables. */
  gitEnv(env: NodeJS.ProcessEnv, ...args: string[]): SpawnSyncReturns<string> {
    return spawnSync('git', args, { cwd: this.dir, env: { ...this.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  }

  /** Runs the nbgit bin. */
  nbgit(args: string[], input?: string | Buffer): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [BIN, ...args], { cwd: this.dir, env: this.env, encoding: 'utf8', input });
  }

  /** Writes a file (making folders). */
  write(path: string, data: string | Buffer): string {
    const p = join(this.dir, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
    return p;
  }

  /** `git status --porcelain` lines. */
  status(): string[] {
    return this.git('status', '--porcelain').split('\n').filter(Boolean);
  }
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

/** A notebook of `cells` code cells with stream, result and image outputs, in Jupyter's layout. */
export function notebookWithOutputs(cells: number, seed = 0, options: { eol?: string; textBytes?: number } = {}): string {
  const cellList = [];
  for (let i = 0; i < cells; i++) {
    const out: unknown[] = [
      { name: 'stdout', output_type: 'stream', text: [`value ${i + seed}\n`, options.textBytes ? `${'x'.repeat(options.textBytes)}\n` : 'done\n'] },
    ];
    if (i % 3 === 0) out.push({ data: { 'text/plain': [`<Result ${i}>`] }, execution_count: i + 1, metadata: {}, output_type: 'execute_result' });
    if (i % 10 === 0) out.push({ data: { 'image/png': PNG, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] }, metadata: {}, output_type: 'display_data' });
    cellList.push({
      cell_type: 'code',
      execution_count: i + 1,
      id: `cell-${seed}-${i}`,
      metadata: i % 4 === 0 ? { ExecuteTime: { end_time: '2024-01-01T00:00:00Z' }, tags: ['t'] } : {},
      outputs: out,
      source: [`# step ${i}\n`, `x_${i} = ${i + seed} * 2\n`, `print("value", x_${i})`],
    });
    if (i % 5 === 4) cellList.push({ cell_type: 'markdown', id: `md-${seed}-${i}`, metadata: {}, source: [`## Section ${i}\n`, 'Some text.'] });
  }
  return jupyter(
    {
      cells: cellList,
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python', version: '3.11.7' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    options.eol,
  );
}

/** Jupyter's layout: keys sorted, indent 1, multi-line strings as given, final newline. */
export function jupyter(value: unknown, eol = '\n'): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  const text = `${JSON.stringify(sort(value), null, 1)}\n`;
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

/** Parses a notebook's JSON and says whether any code cell still has outputs or a count. */
export function hasOutputs(text: string): boolean {
  const nb = JSON.parse(text) as { cells: { cell_type: string; outputs?: unknown[]; execution_count?: unknown }[] };
  return nb.cells.some((c) => c.cell_type === 'code' && ((c.outputs?.length ?? 0) > 0 || c.execution_count != null));
}
