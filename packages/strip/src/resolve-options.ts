/** Strip options with defaults applied and keys grouped, cached by their JSON text. */
import { CONFLICT_FLAG_KEY } from './conflicts.js';
import { group, type KeyGroup } from './key-removal.js';
import { DEFAULT_STRIP_KEYS, isValidKey, type OutputType, parseOutputType, type StripOptions } from './options.js';

/** Options with defaults applied and keys grouped by namespace and first segment. */
export interface Resolved {
  keepOutput: boolean | undefined;
  keepCount: boolean;
  sequentialIds: boolean;
  notebookKeys: KeyGroup[];
  cellKeys: KeyGroup[];
  maxSize: number;
  keepTypes: OutputType[];
  dropTypes: OutputType[];
  dropEmpty: boolean;
  dropTags: Set<string>;
  stripInit: boolean;
  /** Drop `metadata.nbgit.conflicts` from cells without conflict markers (unless kept by `keepMetadataKeys`). */
  dropConflictFlags: boolean;
}

/** Resolved options by their JSON text: a filter strips thousands of notebooks with the same options. */
const resolvedCache = new Map<string, Resolved>();

/** The options resolved (cached: a filter strips thousands of notebooks with the same options). */
export function resolve(options: StripOptions): Resolved {
  // Numbers as text, so Infinity and NaN do not both become null.
  const key = JSON.stringify(options, (_k, v: unknown) => (typeof v === 'number' ? `${v}` : v));
  let r = resolvedCache.get(key);
  if (r === undefined) {
    if (resolvedCache.size >= 32) resolvedCache.clear();
    r = resolveNow(options);
    resolvedCache.set(key, r);
  }
  return r;
}

function resolveNow(options: StripOptions): Resolved {
  const keep = new Set(options.keepMetadataKeys ?? []);
  const seen = new Set<string>();
  const notebookKeys: string[] = [];
  const cellKeys: string[] = [];
  for (const key of [...DEFAULT_STRIP_KEYS, ...(options.extraKeys ?? [])]) {
    if (keep.has(key) || seen.has(key) || !isValidKey(key)) continue;
    seen.add(key);
    const dot = key.indexOf('.');
    (key.slice(0, dot) === 'cell' ? cellKeys : notebookKeys).push(key.slice(dot + 1));
  }
  return {
    keepOutput: options.keepOutput,
    keepCount: options.keepCount === true,
    sequentialIds: options.sequentialIds === true,
    notebookKeys: group(notebookKeys),
    cellKeys: group(cellKeys),
    maxSize: options.maxSize ?? 0,
    keepTypes: (options.keepOutputTypes ?? []).map(parseOutputType),
    dropTypes: (options.dropOutputTypes ?? []).map(parseOutputType),
    dropEmpty: options.dropEmptyCells === true,
    dropTags: new Set(options.dropTaggedCells ?? []),
    stripInit: options.stripInitCells === true,
    dropConflictFlags: !keep.has(CONFLICT_FLAG_KEY),
  };
}
