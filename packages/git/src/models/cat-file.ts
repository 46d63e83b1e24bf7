/**
 * `git cat-file --batch` (git-cat-file(1), "BATCH OUTPUT"): one object name per input line;
 * for each, git writes a header line and the object's bytes followed by a newline:
 *
 * ```
 * <id> SP <type> SP <size> LF
 * <contents: size bytes> LF
 * ```
 *
 * or `<name> SP missing LF` for an object that does not exist (`ambiguous` likewise).
 *
 * ```
 * request:  "5716ca59...\n"
 * reply:    "5716ca59... blob 3\nabc\n"
 * ```
 */

/** The request: one object name per line. */
export function encodeCatFileRequest(ids: readonly string[]): string {
  return ids.length === 0 ? '' : `${ids.join('\n')}\n`;
}

/** Parses the reply into object id -> contents (views into `bytes`). Missing objects are left out. */
export function parseCatFileBatch(bytes: Uint8Array): Map<string, Uint8Array> {
  const objects = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  let pos = 0;
  while (pos < bytes.length) {
    const eol = bytes.indexOf(10, pos);
    if (eol === -1) break;
    const [id = '', type, size] = decoder.decode(bytes.subarray(pos, eol)).split(' ');
    pos = eol + 1;
    if (type === 'missing' || type === 'ambiguous' || size === undefined) continue;
    const n = Number(size);
    objects.set(id, bytes.subarray(pos, pos + n));
    pos += n + 1;
  }
  return objects;
}
