/**
 * jupytext's pairing: which files are the same notebook in several formats.
 *
 * A pairing is a comma-separated list of formats (`ipynb,py:percent`), each of the form
 * `[[root//][path/][prefix]/][suffix.]ext[:format_name]`:
 * - `ipynb`, `py:percent`, `md`: the same folder and name, another extension;
 * - `scripts//py:percent`: the file in the `scripts` folder below the notebook's folder;
 * - `prefix_/ipynb`, `.pct.py`: a prefix or suffix around the shared name;
 * - `notebooks///ipynb,scripts///py:percent`: two folder trees, `notebooks/a/b.ipynb` paired
 *   with `scripts/a/b.py` (the `//` marks the root of each tree).
 *
 * The name shared by all the files of a pair is the base path: the path without its format's
 * folder, prefix, suffix and extension (`a/b` above, written `//a/b` when it is below a root).
 * Pure: paths are strings with `/` separators.
 */
import { NbgitError } from '@nbgit/core';

/** One format of a pairing. */
export interface PairFormat {
  /** Extension with its dot: `.ipynb`, `.py`, `.md`; `.auto` for the kernel's script extension. */
  extension: string;
  /** jupytext's format name (`percent`, `light`, `markdown`, `myst`), when the spec says one. */
  formatName?: string;
  /** Folder and name prefix before the base name, without the `/` that ends the spec's prefix part (`scripts/`, `notebooks//`, `pre_`). */
  prefix?: string;
  /** Suffix after the base name, before the extension (`.pct` in `.pct.py`). */
  suffix?: string;
}

function invalid(spec: string, why: string): NbgitError {
  return new NbgitError('EFORMAT', `invalid pairing format "${spec}": ${why}`);
}

/** Parses one format of a pairing (`scripts//py:percent`). */
export function parsePairFormat(spec: string): PairFormat {
  let rest = spec.trim();
  if (rest === '') throw invalid(spec, 'empty');
  const out: PairFormat = { extension: '' };
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    out.formatName = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[A-Za-z][\w-]*$/.test(out.formatName)) throw invalid(spec, `"${out.formatName}" is not a format name`);
  }
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    out.prefix = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
  }
  const dot = rest.lastIndexOf('.');
  if (dot > 0) {
    out.suffix = rest.slice(0, dot);
    rest = rest.slice(dot + 1);
  } else if (dot === 0) rest = rest.slice(1);
  if (!/^[A-Za-z0-9_+-]+$/.test(rest)) throw invalid(spec, 'no extension');
  out.extension = `.${rest}`;
  return out;
}

/** Parses a pairing: `ipynb,py:percent` (a string, or a list of format strings). */
export function parsePairing(formats: string | readonly string[]): PairFormat[] {
  const parts = typeof formats === 'string' ? formats.split(',') : formats;
  const out = parts.filter((p) => p.trim() !== '').map(parsePairFormat);
  if (out.length === 0) throw new NbgitError('EFORMAT', 'empty pairing: give formats such as ipynb,py:percent');
  const seen = new Set<string>();
  for (const f of out) {
    const key = `${f.prefix ?? ''}|${f.suffix ?? ''}|${f.extension}`;
    if (seen.has(key)) throw new NbgitError('EFORMAT', `invalid pairing "${pairingText(out)}": two formats would write the same file`);
    seen.add(key);
  }
  return out;
}

/** One format as jupytext writes it (`scripts//py:percent`). */
export function pairFormatText(f: PairFormat): string {
  const ext = f.extension.slice(1);
  let s = f.suffix !== undefined ? `${f.suffix}.${ext}` : ext;
  if (f.prefix !== undefined) s = `${f.prefix}/${s}`;
  return f.formatName ? `${s}:${f.formatName}` : s;
}

/** A pairing as jupytext writes it in `metadata.jupytext.formats`. */
export function pairingText(formats: readonly PairFormat[]): string {
  return formats.map(pairFormatText).join(',');
}

function splitLast(path: string, sep: string): [string, string] {
  const i = path.lastIndexOf(sep);
  return i < 0 ? ['', path] : [path.slice(0, i), path.slice(i + sep.length)];
}

const join = (left: string, right: string): string => (left && right ? `${left}/${right}` : left || right);

/**
 * The base path of `path` under format `f`: the path without the format's extension, suffix,
 * prefix and folder. With a root folder (`notebooks//`), the part below the root follows `//`.
 * `root`, when given, is the folder of the configuration file: the root folder is looked for
 * below it only. Throws when the path does not have the format's shape.
 */
export function basePath(path: string, f: PairFormat, root?: string): string {
  const inconsistent = (why: string) => new NbgitError('EFORMAT', `${path} does not match the pairing format "${pairFormatText(f)}": ${why}`);
  let p = path;
  const ext = f.extension;
  if (ext !== '.auto' && !p.toLowerCase().endsWith(ext.toLowerCase())) throw inconsistent(`expected the extension ${ext}`);
  p = ext === '.auto' ? p.slice(0, p.lastIndexOf('.') < 0 ? p.length : p.lastIndexOf('.')) : p.slice(0, p.length - ext.length);
  if (f.suffix) {
    if (!p.endsWith(f.suffix)) throw inconsistent(`expected the name to end with "${f.suffix}"`);
    p = p.slice(0, p.length - f.suffix.length);
  }
  if (f.prefix === undefined || f.prefix === '') return p;
  const [dir, name] = splitLast(p, '/');
  const prefix = f.prefix;
  const rootSep = prefix.indexOf('//');
  if (rootSep >= 0) {
    const rootName = prefix.slice(0, rootSep);
    const below = prefix.slice(rootSep + 2);
    const [belowDir, namePrefix] = splitLast(below, '/');
    if (!name.startsWith(namePrefix)) throw inconsistent(`expected the name to start with "${namePrefix}"`);
    const parts = dir === '' ? [] : dir.split('/');
    let subParts = parts;
    if (belowDir) {
      const bParts = belowDir.split('/');
      if (parts.slice(parts.length - bParts.length).join('/') !== belowDir) throw inconsistent(`expected the folder to end with "${belowDir}"`);
      subParts = parts.slice(0, parts.length - bParts.length);
    }
    const start = root === undefined ? 0 : root === '' ? 0 : root.split('/').length;
    let at = -1;
    for (let i = subParts.length - 1; i >= start; i--)
      if (subParts[i] === rootName) {
        at = i;
        break;
      }
    if (at < 0) throw inconsistent(`no folder "${rootName}" above it${root !== undefined ? ` below ${root || '.'}` : ''}`);
    // jupytext's spelling: the folders above the root with their trailing `/`, then `//`
    const left = at > 0 ? `${subParts.slice(0, at).join('/')}/` : '';
    const right = join(subParts.slice(at + 1).join('/'), name.slice(namePrefix.length));
    return `${left}//${right}`;
  }
  const [prefixDir, namePrefix] = splitLast(prefix, '/');
  if (!name.startsWith(namePrefix)) throw inconsistent(`expected the name to start with "${namePrefix}"`);
  let left = dir;
  if (prefixDir) {
    if (prefixDir.startsWith('..')) {
      // `../scripts//py`: the folder is a sibling; the base keeps the path as it is
      return join(dir, name.slice(namePrefix.length));
    }
    const d = dir.split('/');
    const pd = prefixDir.split('/');
    if (dir === '' || d.slice(d.length - pd.length).join('/') !== prefixDir) throw inconsistent(`expected it in a folder "${prefixDir}"`);
    left = d.slice(0, d.length - pd.length).join('/');
  }
  return join(left, name.slice(namePrefix.length));
}

/** The path of base path `base` in format `f` (inverse of {@link basePath}); `auto` needs `autoExtension`. */
export function fullPath(base: string, f: PairFormat, autoExtension = '.py'): string {
  const ext = f.extension === '.auto' ? autoExtension : f.extension;
  const tail = `${f.suffix ?? ''}${ext}`;
  const prefix = f.prefix ?? '';
  const rootAt = base.lastIndexOf('//');
  if (rootAt >= 0) {
    const left = base.slice(0, rootAt);
    const [subDir, name] = splitLast(base.slice(rootAt + 2), '/');
    const rootSep = prefix.indexOf('//');
    const rootName = rootSep >= 0 ? prefix.slice(0, rootSep) : '';
    const below = rootSep >= 0 ? prefix.slice(rootSep + 2) : prefix;
    const [belowDir, namePrefix] = splitLast(below, '/');
    const dir = [rootName, subDir, belowDir].filter((s) => s !== '').join('/');
    return `${left}${join(dir, `${namePrefix}${name}${tail}`)}`;
  }
  const [dir, name] = splitLast(base, '/');
  const [prefixDir, namePrefix] = splitLast(prefix, '/');
  if (prefixDir.startsWith('..')) {
    // `../scripts//py` from `notebooks/x`: `scripts/x`
    const up = prefixDir.split('/').filter((s) => s === '..').length;
    const target = prefixDir
      .split('/')
      .filter((s) => s !== '..' && s !== '')
      .join('/');
    const d = dir === '' ? [] : dir.split('/');
    const parent = d.slice(0, Math.max(0, d.length - up)).join('/');
    return join(join(parent, target), `${namePrefix}${name}${tail}`);
  }
  return join(join(dir, prefixDir), `${namePrefix}${name}${tail}`);
}

/** A member of a pair: a path and the format it is in. */
export interface PairedPath {
  path: string;
  format: PairFormat;
}

/**
 * Every path of the pair of `path` (which is in one of `formats`; the first format whose shape
 * it has). `autoExtension` is the script extension for `auto` formats (the kernel's).
 */
export function pairedPaths(path: string, formats: readonly PairFormat[], options: { root?: string; autoExtension?: string } = {}): PairedPath[] {
  let base: string | undefined;
  let lastError: unknown;
  const candidates = formats.filter((f) => f.extension === '.auto' || path.toLowerCase().endsWith(f.extension.toLowerCase()));
  // the most specific format first (a prefix or suffix to match), so `ipynb,scripts//py` finds `scripts/` for scripts/x.py
  candidates.sort((a, b) => (b.prefix?.length ?? 0) + (b.suffix?.length ?? 0) - ((a.prefix?.length ?? 0) + (a.suffix?.length ?? 0)));
  for (const f of candidates) {
    try {
      base = basePath(path, f, options.root);
      if (fullPath(base, f, extOf(path)) === path) break;
      base = undefined;
    } catch (e) {
      lastError = e;
    }
  }
  if (base === undefined) {
    if (lastError instanceof NbgitError) throw lastError;
    throw new NbgitError('EFORMAT', `${path} is not one of the formats of the pairing "${pairingText(formats)}"`);
  }
  const out = formats.map((f) => ({ path: fullPath(base, f, f.extension === '.auto' ? (options.autoExtension ?? extOfScript(path)) : undefined), format: f }));
  const seen = new Set<string>();
  for (const m of out) {
    if (seen.has(m.path)) throw new NbgitError('EFORMAT', `the pairing "${pairingText(formats)}" gives ${m.path} twice`);
    seen.add(m.path);
  }
  return out;
}

function extOf(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 || i < path.lastIndexOf('/') ? '' : path.slice(i);
}

function extOfScript(path: string): string {
  const e = extOf(path);
  return e === '.ipynb' || e === '.md' || e === '' ? '.py' : e;
}

/** The registry format name for a pair format (`py:percent` for `.py` + `percent`; `md` for `.md`). */
export function registryFormatName(f: PairFormat): string {
  const ext = f.extension.slice(1);
  if (f.formatName) return `${ext}:${f.formatName}`;
  return ext;
}
