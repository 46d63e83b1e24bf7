/**
 * Strip options in git config, so the filter, the one-shot clean and `nbgit strip` agree:
 *
 * ```
 * [nbgit]
 *     extraKeys = metadata.language_info.version cell.metadata.tags
 *     keepMetadataKeys = cell.metadata.collapsed
 *     keepOutput = false
 *     keepCount = false
 *     sequentialIds = false
 *     maxSize = 10k
 *     keepOutputTypes = stream:stderr
 *     dropOutputTypes = error
 *     dropEmptyCells = true
 *     dropTaggedCells = scratch private
 *     stripInitCells = false
 * ```
 *
 * Lists are space-separated (metadata keys: spaces or commas) and may also be given several
 * times. An `nbgit.*` key that is none of these is reported, with the closest known key. Booleans follow git's
 * rules (`true/yes/on/1`, `false/no/off/0`, a bare key is true).
 */
import { closest } from '@nbgit/core';
import type { StripOptions } from '@nbgit/strip';
import { invalidKeys, parseSize, splitList } from '@nbgit/strip';
import { git } from './exec.js';
import { BARE, type ConfigEntries, parseConfigZ } from './models/config-z.js';

export { type ConfigEntries, parseConfigZ } from './models/config-z.js';

/** The git config key (as documented) for each strip option. */
export const STRIP_CONFIG_KEYS: Readonly<Record<keyof StripOptions, string>> = {
  keepOutput: 'nbgit.keepOutput',
  keepCount: 'nbgit.keepCount',
  sequentialIds: 'nbgit.sequentialIds',
  extraKeys: 'nbgit.extraKeys',
  keepMetadataKeys: 'nbgit.keepMetadataKeys',
  maxSize: 'nbgit.maxSize',
  keepOutputTypes: 'nbgit.keepOutputTypes',
  dropOutputTypes: 'nbgit.dropOutputTypes',
  dropEmptyCells: 'nbgit.dropEmptyCells',
  dropTaggedCells: 'nbgit.dropTaggedCells',
  stripInitCells: 'nbgit.stripInitCells',
};

const BOOLEAN = new Set<keyof StripOptions>(['keepOutput', 'keepCount', 'sequentialIds', 'dropEmptyCells', 'stripInitCells']);
const LIST = new Set<keyof StripOptions>(['extraKeys', 'keepMetadataKeys', 'keepOutputTypes', 'dropOutputTypes', 'dropTaggedCells']);

/** git's boolean: undefined when `value` is not one. A bare key (no `=`) is true. */
export function parseGitBoolean(value: string): boolean | undefined {
  if (value === BARE) return true;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === 'no' || v === 'off' || v === '') return false;
  if (/^-?\d+$/.test(v)) return Number(v) !== 0;
  return undefined;
}

/** Reads every `nbgit.*` entry git sees from `cwd` (all scopes: system, global, local, worktree). */
export function readNbgitConfig(cwd?: string, env?: NodeJS.ProcessEnv): ConfigEntries {
  const r = git(['config', '-z', '--get-regexp', '^nbgit\\.'], { cwd, env, ok: [0, 1] });
  return parseConfigZ(r.stdout);
}

/**
 * Strip options from git config entries. Values that cannot be read, and extra keys
 * that are not `metadata.*` or `cell.*`, are reported through `warn` and ignored.
 */
export function stripOptionsFromConfig(entries: ConfigEntries, warn: (message: string) => void = () => {}): StripOptions {
  const options: StripOptions = {};
  const known = Object.values(STRIP_CONFIG_KEYS);
  // nbgit install's record of the attributes files it wrote (see install.ts)
  const knownLower = new Set([...known, 'nbgit.installedAttributes'].map((k) => k.toLowerCase()));
  for (const key of entries.keys()) {
    if (!key.startsWith('nbgit.') || knownLower.has(key)) continue;
    // compared without the common `nbgit.`, so the prefix does not make every key look close
    const near = closest(
      key.slice('nbgit.'.length),
      known.map((k) => k.slice('nbgit.'.length)),
    );
    warn(`unknown git config key ${key}${near === undefined ? '' : ` (did you mean nbgit.${near}?)`}; it is ignored`);
  }
  for (const [name, key] of Object.entries(STRIP_CONFIG_KEYS) as [keyof StripOptions, string][]) {
    const values = entries.get(key.toLowerCase());
    if (values === undefined || values.length === 0) continue;
    if (BOOLEAN.has(name)) {
      const b = parseGitBoolean(values[values.length - 1]!);
      if (b === undefined) warn(`ignoring ${key} = ${JSON.stringify(values[values.length - 1])}: not a boolean`);
      else (options as Record<string, unknown>)[name] = b;
    } else if (LIST.has(name)) {
      const keys = name === 'extraKeys' || name === 'keepMetadataKeys';
      // metadata keys may be separated by commas too (nbgit.extraKeys = "metadata.a,metadata.b")
      const list = values.filter((v) => v !== BARE).flatMap((v) => (keys ? v.split(/[\s,]+/).filter((w) => w !== '') : splitList(v)));
      if (keys) {
        for (const bad of invalidKeys(list)) warn(`ignoring invalid key \`${bad}\` in ${key} (keys start with metadata. or cell.)`);
      }
      (options as Record<string, unknown>)[name] = list;
    } else if (name === 'maxSize') {
      try {
        options.maxSize = parseSize(values[values.length - 1]!);
      } catch (e) {
        warn(`ignoring ${key}: ${(e as Error).message}`);
      }
    }
  }
  return options;
}

/** Reads the strip options from git config as seen from `cwd`. */
export function readStripOptions(cwd?: string, options: { env?: NodeJS.ProcessEnv; warn?: (message: string) => void } = {}): StripOptions {
  return stripOptionsFromConfig(readNbgitConfig(cwd, options.env), options.warn);
}

/**
 * True when git config (as seen from `cwd`, `-c` options included) has
 * `filter.<driver>.required` set to true: git then stops when the filter fails on a file.
 */
export function isFilterRequired(cwd?: string, env?: NodeJS.ProcessEnv, driver = 'nbgit'): boolean {
  const r = git(['config', '-z', '--get', `filter.${driver}.required`], { cwd, env, ok: [0, 1] });
  const value = r.stdout.endsWith('\0') ? r.stdout.slice(0, -1) : r.stdout;
  return r.status === 0 && parseGitBoolean(value) === true;
}

/**
 * The conflict style git config asks for (`merge.conflictStyle`, `-c` options included):
 * `diff3` for `diff3` and `zdiff3` (both show the base lines), else `merge`. Git does not pass
 * the style to a merge driver (not even for `git checkout --conflict=diff3`): the driver reads it here.
 */
export function readConflictStyle(cwd?: string, env?: NodeJS.ProcessEnv): 'merge' | 'diff3' {
  const r = git(['config', '--get', 'merge.conflictStyle'], { cwd, env, ok: [0, 1] });
  const style = r.stdout.trim().toLowerCase();
  return style === 'diff3' || style === 'zdiff3' ? 'diff3' : 'merge';
}
