/**
 * `git config -z` output (git-config(1), "-z"): each entry ends with NUL, the key and the
 * value separated by a newline; a key with no value (`[nbgit] keepOutput` with no `=`) has
 * no newline. With `--show-scope --show-origin`, a scope field and an origin field come
 * first, each ending with NUL.
 *
 * ```
 * --get-regexp:                 "nbgit.keepoutput\ntrue\0nbgit.extrakeys\nmetadata.a\0"
 * --show-scope --show-origin:   "local\0file:.git/config\0nbgit.keepoutput\ntrue\0"
 * ```
 *
 * Keys are as git prints them: section and name lower-cased.
 */

/** git config entries: lower-cased key to its values in the order git lists them. */
export type ConfigEntries = Map<string, string[]>;

/** The value recorded for a bare key (no `=`): git's boolean true. */
export const BARE = '\u0000bare';

/** Parses `git config -z` output (`key\nvalue\0`, or `key\0` for a bare key: value {@link BARE}). */
export function parseConfigZ(text: string): ConfigEntries {
  const entries: ConfigEntries = new Map();
  for (const record of text.split('\0')) {
    if (record === '') continue;
    const nl = record.indexOf('\n');
    const key = (nl === -1 ? record : record.slice(0, nl)).toLowerCase();
    const value = nl === -1 ? BARE : record.slice(nl + 1);
    const list = entries.get(key);
    if (list) list.push(value);
    else entries.set(key, [value]);
  }
  return entries;
}

/** One config value and where it is set. */
export interface ConfigOriginEntry {
  key: string;
  value: string;
  /** `local`, `global`, `system`, `worktree` or `command`. */
  scope: string;
  /** The file (without git's `file:`), or `command line:`. */
  origin: string;
}

/**
 * Parses `git config --show-scope --show-origin -z` output. With `--get-regexp` (`withKey`)
 * each value starts with its key and a newline; otherwise every entry is `key`'s.
 */
export function parseConfigOriginZ(text: string, options: { withKey: boolean; key?: string }): ConfigOriginEntry[] {
  const parts = text.split('\0');
  const out: ConfigOriginEntry[] = [];
  for (let i = 0; i + 2 < parts.length; i += 3) {
    let value = parts[i + 2]!;
    let key = options.key ?? '';
    if (options.withKey) {
      const nl = value.indexOf('\n');
      key = nl === -1 ? value : value.slice(0, nl);
      value = nl === -1 ? '' : value.slice(nl + 1);
    }
    out.push({ key, value, scope: parts[i]!, origin: parts[i + 1]!.replace(/^file:/, '') });
  }
  return out;
}
