/**
 * Test helpers shared by every package's tests (not published): where `../shared` is,
 * and listing fixture files. Tests that need `../shared` call {@link sharedDir}: when it
 * is missing, CI (CI=true) fails the test and a developer run skips it with a message.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with the workspace package.json). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The line a skipped test prints on stdout, which `scripts/run-tests.mjs` counts and shows
 * with its reason: `# skip: NAME: REASON`.
 */
export const SKIP_MARK = '# skip: ';

/** What {@link skipTest} needs of a uvu suite (uvu's `test`). */
export interface SkippableSuite {
  skip: (name?: string) => void;
}

/**
 * Registers a test that cannot run here as skipped, with the reason: uvu counts it as
 * skipped (never as a pass), and the test runner prints the reason in its summary. Use it
 * instead of an empty test body. Under CI (CI=true) the runner counts a skip as a failure.
 */
export function skipTest(suite: SkippableSuite, name: string, reason: string): void {
  suite.skip(name);
  process.stdout.write(`${SKIP_MARK}${name.replace(/\n/g, ' ')}: ${reason.replace(/\n/g, ' ')}\n`);
}

/** Why shared-fixture tests are skipped (for {@link skipTest}). */
export function sharedMissing(): string {
  return `${process.env.NBGIT_SHARED ?? resolve(repoRoot, '../shared')} not found (the shared fixtures)`;
}

/** Absolute path of `../shared` (or $NBGIT_SHARED), or undefined when missing outside CI. Throws in CI when missing. */
export function sharedDir(): string | undefined {
  const dir = process.env.NBGIT_SHARED ?? resolve(repoRoot, '../shared');
  if (existsSync(join(dir, 'fixtures'))) return dir;
  if (process.env.CI) throw new Error(`shared fixtures missing at ${dir} (CI=true requires them)`);
  if (!warned) {
    warned = true;
    process.stderr.write(`note: ${dir} not found; tests that need the shared fixtures are skipped\n`);
  }
  return undefined;
}
let warned = false;

/** Path inside shared/, or undefined when shared/ is missing outside CI. */
export function sharedPath(...parts: string[]): string | undefined {
  const d = sharedDir();
  return d === undefined ? undefined : join(d, ...parts);
}

/** Every file under `dir` (recursively) whose name passes `filter`, sorted. */
export function listFiles(dir: string, filter: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (filter(name)) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Reads a file as UTF-8 text. */
export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
