/**
 * `git check-attr -z ATTR... -- PATH...` (git-check-attr(1), "OUTPUT"): with `-z`, every
 * field ends with NUL, three per answer:
 *
 * ```
 * <path> NUL <attribute> NUL <info> NUL
 * ```
 *
 * `info` is the value (`nbgit`), `set`, `unset` or `unspecified`.
 *
 * ```
 * "a.ipynb\0filter\0nbgit\0a.ipynb\0diff\0unspecified\0"
 * ```
 */

/** Parses the output into path -> attribute -> value. */
export function parseCheckAttr(text: string): Map<string, Record<string, string>> {
  const parts = text.split('\0');
  const out = new Map<string, Record<string, string>>();
  for (let k = 0; k + 2 < parts.length; k += 3) {
    const path = parts[k]!;
    const attrs = out.get(path) ?? {};
    attrs[parts[k + 1]!] = parts[k + 2]!;
    out.set(path, attrs);
  }
  return out;
}
