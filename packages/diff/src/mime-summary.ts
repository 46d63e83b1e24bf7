/** Outputs' MIME values summarised for people: text types as text, others as type, size and hash. */
import { hashString, type JsonValue, joinSource, type MultilineString } from '@nbgit/core';

/** MIME types whose values are text (diffed as lines). */
export const TEXT_MIMES = /^text\/|^application\/(json|javascript|x-latex)|\+json$|\+xml$/;

/** Human text of a mime value: text types as text, others as `type, size, hash`. */
export function mimeSummary(mime: string, value: JsonValue): string {
  const raw = typeof value === 'string' || Array.isArray(value) ? joinSource(value as MultilineString) : JSON.stringify(value);
  const base64 = !TEXT_MIMES.test(mime) && typeof raw === 'string' && /^[A-Za-z0-9+/=\s]*$/.test(raw);
  const bytes = base64
    ? Math.floor((raw.replace(/\s/g, '').length * 3) / 4) - (raw.match(/=+\s*$/)?.[0].trim().length ?? 0)
    : new TextEncoder().encode(raw).length;
  return `${mime}, ${formatSize(bytes)}, hash ${hashString(raw).slice(0, 10)}`;
}

function formatSize(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** The text of an output, for diffing: stream text, error traceback, or a text mime type. */
