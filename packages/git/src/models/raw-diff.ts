/**
 * `git diff --raw -z --no-abbrev` output (git-diff(1), "Raw output format"), one record per
 * file pair:
 *
 * ```
 * :OLD-MODE SP NEW-MODE SP OLD-ID SP NEW-ID SP STATUS NUL PATH NUL
 * :OLD-MODE SP NEW-MODE SP OLD-ID SP NEW-ID SP STATUS SCORE NUL OLD-PATH NUL NEW-PATH NUL   (R and C)
 * ```
 *
 * `STATUS` is one letter (`A`dded, `C`opied, `D`eleted, `M`odified, `R`enamed, `T`ype change,
 * `U`nmerged, `X` unknown); copies and renames carry a similarity score in percent
 * (`R086`) and two paths. An absent side has mode `000000` and an all-zero id; the working
 * tree's side of `git diff` (no revision) has an all-zero id too.
 *
 * ```
 * ":100644 100644 5716ca5987cbf97d6bb54920bea6adde242d87e6 0000000000000000000000000000000000000000 M\0a.ipynb\0"
 * ":100644 100644 <id> <id> R086\0old.ipynb\0new.ipynb\0"
 * ```
 */

/** One file pair of `git diff --raw`. */
export interface RawChange {
  oldMode: string;
  newMode: string;
  oldSha: string;
  newSha: string;
  /** Status letter: A, C, D, M, R, T, U, X. */
  status: string;
  /** Similarity percent of a rename or copy. */
  score?: number;
  /** Old path (differs from `path` for renames and copies). */
  oldPath: string;
  /** New path, relative to the top of the repository. */
  path: string;
}

/** True for git's all-zero mode or id: the side is absent (or, for an id, the working tree). */
export function isZero(modeOrId: string): boolean {
  return /^0+$/.test(modeOrId);
}

/** Parses `git diff --raw -z --no-abbrev` output. A record cut short (a path missing or not ended by NUL) is not read. */
export function parseRawDiff(text: string): RawChange[] {
  const parts = text.split('\0');
  // every field ends with NUL: the text after the last NUL is no field
  const last = parts.length - 2;
  const list: RawChange[] = [];
  let k = 0;
  while (k + 1 <= last && parts[k]!.startsWith(':')) {
    const [oldMode = '', newMode = '', oldSha = '', newSha = '', st = ''] = parts[k]!.slice(1).split(' ');
    const status = st.charAt(0);
    const two = status === 'R' || status === 'C';
    if (two && k + 2 > last) break;
    const score = /^[RC]\d+$/.test(st) ? Number(st.slice(1)) : undefined;
    const oldPath = parts[k + 1]!;
    const path = two ? parts[k + 2]! : oldPath;
    list.push({ oldMode, newMode, oldSha, newSha, status, ...(score !== undefined ? { score } : {}), oldPath, path });
    k += two ? 3 : 2;
  }
  return list;
}
