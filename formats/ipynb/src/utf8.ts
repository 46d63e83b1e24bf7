/** Strict UTF-8 decoding with a located error. */
import { NbgitError, positionAt } from '@nbgit/core';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 bytes keeping a byte order mark; throws a located error on invalid UTF-8. */
export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    let i = 0;
    // find the first invalid sequence for the message
    while (i < bytes.length) {
      const b = bytes[i]!;
      const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      if (len === 0) break;
      let ok = i + len <= bytes.length;
      for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
      if (!ok) break;
      i += len;
    }
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, i));
    throw new NbgitError('EJSON', `invalid UTF-8 at byte ${i}`, { file, position: positionAt(before, before.length) });
  }
}
