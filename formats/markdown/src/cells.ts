/**
 * Finding cells in the lines of a markdown notebook.
 *
 * Layer 1 ({@link readJupytextCell}) is jupytext's own line grammar, rule for rule, so a file
 * jupytext wrote is read exactly as jupytext reads it. Layer 2 ({@link readCells}) asks the
 * CommonMark block structure ({@link BlockStructure}) whether each boundary that layer 1 found
 * is real, and merges the cells on both sides of a boundary that lies inside a markdown block.
 */
import { copyNumberLexemes, type JsonObject } from '@nbgit/core';
import { type CellOptions, isJupyterLanguage, parseCellOptions } from '@nbgit/text';
import { ANY_FENCE, BLANK, MAY_OPEN_BLOCK, matchFence, PLAIN_FENCE_END, REGION_START, regionEnd } from './grammar.js';
import { type BlockStructure, SimpleFences, shortcutsOn } from './structure.js';

/** An empty line (a `\r` left by a CRLF line end is none of CommonMark's business). */
const EMPTY = /^\r?$/;

/** A cell as found in the text. Line numbers are 0-based indexes into the text's lines. */
export interface TextCell {
  cellType: 'markdown' | 'code' | 'raw';
  /** How the cell is written: plain markdown, a fenced code block, or a region comment pair. */
  kind: 'markdown' | 'fence' | 'region';
  /** First line of the cell (its fence or region line, if any). */
  start: number;
  /** Content lines: [from, to). */
  from: number;
  to: number;
  /** One past the last line of the cell's own text (after its closing fence or region line). */
  end: number;
  /** Where the next cell starts (after the blank lines that separate them). */
  next: number;
  /** Blank lines between this cell and the next, as jupytext counts them. */
  linesToNextCell: number;
  /** Region name (`region`, `md`, `markdown`, `raw`) for regions. */
  regionName?: string;
  /** The options text of the fence or region line (after the language / region name). */
  options?: string;
  /** Offset of `options` in its line, for error positions. */
  optionsColumn?: number;
  /** Language of a fence. */
  language?: string;
  /** Metadata read from the options. */
  metadata: JsonObject;
  /** The options were a JSON object. */
  json: boolean;
  /** Position of an options part that could not be read (0-based column in the line). */
  invalid?: { column: number; reason: string };
}

function isJsonOptions(text: string): boolean {
  const curly = text.indexOf('{');
  if (curly < 0) return false;
  const eq = text.indexOf('=');
  return eq < 0 || curly < eq;
}

function countLinesToNextCell(endMarker: number, next: number, total: number, explicitEoc: boolean): number {
  if (endMarker < total) {
    let n = next - endMarker;
    if (explicitEoc) n -= 1;
    if (next >= total) n += 1;
    return n;
  }
  return 1;
}

function fenceOptions(m: RegExpExecArray): { text: string; column: number } {
  // jupytext joins the groups after the backticks with spaces: " ".join((spaces, language, rest)).
  const text = `${m[2]} ${m[3]} ${m[4]}`;
  return { text, column: 3 + m[1]!.length };
}

/**
 * The language and metadata of a fence line matched by {@link matchFence}. As jupytext, except
 * that a language with a space (`wolfram language`) keeps its options (jupytext reads
 * ```` ```wolfram language key=1 ```` as two bare keys).
 */
export function parseFence(m: RegExpExecArray): CellOptions {
  const language = m[3]!;
  const head = 3 + m[1]!.length + m[2]!.length + language.length; // where m[4] starts in the line
  if (!language.includes(' ') && isJupyterLanguage(language)) {
    const r = parseCellOptions(fenceOptions(m).text);
    // the text is `${m[2]} ${language} ${m[4]}`: an offset past the language maps back to the line
    if (r.invalid) r.invalid = { offset: head + Math.max(0, r.invalid.offset - (m[2]!.length + language.length + 2)), reason: r.invalid.reason };
    return r;
  }
  // Read the options as they would be read after a one-word language.
  const rest = parseCellOptions(`python ${m[4]!}`);
  const r: CellOptions = { title: language, metadata: rest.metadata };
  if (rest.invalid) r.invalid = { offset: head + Math.max(0, rest.invalid.offset - 7), reason: rest.invalid.reason };
  return r;
}

function isNoEval(metadata: JsonObject): boolean {
  return '.noeval' in metadata && metadata['.noeval'] === null;
}

/**
 * Reads one cell at line `p` with jupytext's rules (layer 1). When `structure` is given, a
 * boundary inside a markdown cell is only taken when CommonMark agrees (see {@link readCells}).
 */
/** Reader settings that come from the notebook's header. */
export interface ReadSettings {
  /** The notebook's language: its fences are code even when jupytext does not know it. */
  mainLanguage?: string;
  /** jupytext's `split_at_heading`: a `#` heading after a blank line starts a new markdown cell. */
  splitAtHeading?: boolean;
}

export function readJupytextCell(lines: readonly string[], p: number, settings: ReadSettings = {}): TextCell {
  const mainLanguage = settings.mainLanguage;
  const n = lines.length;
  const line0 = lines[p]!;
  const region = REGION_START.exec(line0);
  if (region) {
    const name = region[1]!;
    const endRe = regionEnd(name);
    let end = n;
    let next = n;
    let explicit = false;
    for (let i = p; i < n; i++) {
      if (endRe.test(lines[i]!)) {
        end = i;
        next = i + 1;
        explicit = true;
        break;
      }
    }
    const opts = parseCellOptions(region[2]!, { allowTitle: true });
    const metadata: JsonObject = { ...opts.metadata };
    copyNumberLexemes(opts.metadata, metadata);
    if (opts.title) metadata.title = opts.title;
    if (name === 'markdown' || name === 'md') metadata.region_name = name;
    const cell: TextCell = {
      cellType: name === 'raw' ? 'raw' : 'markdown',
      kind: 'region',
      start: p,
      from: p + 1,
      to: end,
      end: explicit ? end + 1 : n,
      next,
      linesToNextCell: 1,
      regionName: name,
      options: region[2]!,
      optionsColumn: line0.indexOf('#') + 1 + name.length,
      metadata,
      json: isJsonOptions(region[2]!),
    };
    if (opts.invalid) cell.invalid = { column: cell.optionsColumn! + opts.invalid.offset, reason: opts.invalid.reason };
    return finish(lines, cell, end, explicit);
  }
  const fence = matchFence(line0, mainLanguage);
  if (fence) {
    const { text, column } = fenceOptions(fence);
    const opts = parseFence(fence);
    const closing = `\`\`\`${fence[1]}`;
    let end = n;
    let explicit = false;
    for (let i = p + 1; i < n; i++) {
      if (lines[i]!.startsWith(closing)) {
        end = i;
        explicit = true;
        break;
      }
    }
    if (isNoEval(opts.metadata)) {
      // A fence with a `.noeval` attribute is part of the markdown (jupytext #347).
      const to = Math.min(end + 1, n);
      const cell: TextCell = {
        cellType: 'markdown',
        kind: 'markdown',
        start: p,
        from: p,
        to,
        end: to,
        next: explicit ? end + 1 : n,
        linesToNextCell: 1,
        metadata: {},
        json: false,
      };
      return finish(lines, cell, to, false);
    }
    const metadata: JsonObject = { ...opts.metadata };
    copyNumberLexemes(opts.metadata, metadata);
    let language = opts.title;
    if ('language' in metadata) {
      language = String(metadata.language);
      delete metadata.language;
    }
    const cell: TextCell = {
      cellType: 'code',
      kind: 'fence',
      start: p,
      from: p + 1,
      to: end,
      end: explicit ? end + 1 : n,
      next: explicit ? end + 1 : n,
      linesToNextCell: 1,
      options: text,
      optionsColumn: column,
      language,
      metadata,
      json: isJsonOptions(text),
    };
    if (opts.invalid) cell.invalid = { column: opts.invalid.offset, reason: opts.invalid.reason };
    if (!isActiveInIpynb(metadata)) {
      if (metadata.active === '') delete metadata.active;
      cell.cellType = 'raw';
    }
    return finish(lines, cell, end, explicit);
  }
  // Plain markdown: up to two blank lines, a code cell, a region, or a fence after two blank lines.
  let prevBlank = 0;
  let inExplicit = false;
  let inIndented = false;
  let endRe: { test(s: string): boolean } = PLAIN_FENCE_END;
  let endMarker = n;
  let next = n;
  let explicit = false;
  for (let i = p; i < n; i++) {
    const line = lines[i]!;
    if (inExplicit && endRe.test(line)) {
      inExplicit = false;
      continue;
    }
    // what the line starts with tells most lines from the patterns below without running them
    const c0 = line.charCodeAt(0);
    const blank = line.length === 0 || ((c0 <= 32 || c0 >= 0xa0) && BLANK.test(line));
    if (prevBlank && line.startsWith('    ') && !blank) {
      inIndented = true;
      prevBlank = 0;
      continue;
    }
    if (inIndented && !blank && !line.startsWith('    ')) inIndented = false;
    if (inIndented || inExplicit) continue;
    if (c0 === 60 && REGION_START.test(line)) {
      if (i - p > 1 && prevBlank) [endMarker, next] = [i - 1, i];
      else [endMarker, next] = [i, i];
      break;
    }
    const f = c0 === 96 ? matchFence(line, mainLanguage) : null;
    if (f) {
      if (isNoEval(parseFence(f).metadata)) {
        const closing = `\`\`\`${f[1]}`;
        endRe = { test: (s: string) => s.startsWith(closing) };
        inExplicit = true;
        prevBlank = 0;
        continue;
      }
      if (i - p > 1 && prevBlank) [endMarker, next] = [i - 1, i];
      else [endMarker, next] = [i, i];
      break;
    }
    if (c0 === 96 && ANY_FENCE.test(line)) {
      if (prevBlank >= 2) {
        [endMarker, next, explicit] = [i - 2, i, true];
        break;
      }
      inExplicit = true;
      prevBlank = 0;
      continue;
    }
    if (settings.splitAtHeading && line.startsWith('#') && prevBlank >= 1) {
      [endMarker, next] = [i - 1, i];
      break;
    }
    if (blank) prevBlank++;
    else if (prevBlank >= 2) {
      [endMarker, next, explicit] = [i - 2, i, true];
      break;
    } else prevBlank = 0;
  }
  const cell: TextCell = {
    cellType: 'markdown',
    kind: 'markdown',
    start: p,
    from: p,
    to: endMarker,
    end: endMarker,
    next,
    linesToNextCell: 1,
    metadata: {},
    json: false,
  };
  return finish(lines, cell, endMarker, explicit);
}

/** jupytext's `is_active('.ipynb', metadata)`. */
function isActiveInIpynb(metadata: JsonObject): boolean {
  const rc = metadata.run_control;
  if (rc && typeof rc === 'object' && !Array.isArray(rc) && (rc as JsonObject).frozen === true) return true;
  const tags = metadata.tags;
  if (Array.isArray(tags)) {
    for (const t of tags) if (typeof t === 'string' && t.startsWith('active-')) return t.split('-').includes('ipynb');
  }
  const active = metadata.active;
  if (typeof active !== 'string') return true;
  return active.split(/[.,]/).includes('ipynb');
}

/** jupytext's `find_cell_content` tail: skip the blank lines after the cell, count them. */
function finish(lines: readonly string[], cell: TextCell, endMarker: number, explicit: boolean): TextCell {
  const n = lines.length;
  let next = cell.next;
  if (next + 1 < n && BLANK.test(lines[next]!) && !BLANK.test(lines[next + 1]!)) next += 1;
  else if (explicit && next + 2 < n && BLANK.test(lines[next]!) && BLANK.test(lines[next + 1]!) && !BLANK.test(lines[next + 2]!)) next += 2;
  cell.next = next;
  cell.linesToNextCell = countLinesToNextCell(endMarker, next, n, explicit);
  return cell;
}

/**
 * Reads every cell from line `from` on. With `structure`, a boundary after a markdown cell is
 * taken only when CommonMark agrees: the next cell's first line, and the blank lines before it,
 * must not lie inside a code or HTML block that started earlier (a `~~~` fence, `<pre>`...);
 * otherwise the next cell's text joins the markdown cell (layer 2).
 */
export function readCells(lines: readonly string[], from: number, structure?: BlockStructure, settings: ReadSettings = {}): TextCell[] {
  const out: TextCell[] = [];
  let p = from;
  // CommonMark can only veto a boundary after a line that may open a block; find them lazily.
  let stretch = from;
  let scanned = from;
  let opener = -1;
  let fences = new SimpleFences();
  let tracked = from;
  const anchor = (line: number) => {
    stretch = line;
    scanned = line;
    opener = -1;
    fences = new SimpleFences();
    tracked = line;
    structure?.anchor(line);
  };
  // Without a strong opener (see STRONG_OPENER) in the stretch, or with only fences that SimpleFences
  // follows and that are closed, a block that started earlier can only
  // hold the boundary lines [from, s] if it runs into them: HTML types 6-7 run on to a blank line,
  // indented code over blank and indented lines. When the lines before `s` are empty (not only
  // blank: micromark counts a tab-only line into indented code) and `s` is not indented, CommonMark
  // accepts the boundary, no parse needed.
  const mayHold = (from: number, s: number): boolean => {
    if (!shortcutsOn()) return true;
    while (tracked < s) fences.push(lines[tracked++]!);
    if (fences.strong && (!fences.simple || fences.open)) return true;
    if (from >= s) return true;
    for (let i = from; i < s; i++) if (!EMPTY.test(lines[i]!)) return true;
    const l = lines[s]!;
    return l.startsWith(' ') || l.startsWith('\t');
  };

  const mayVeto = (upTo: number): boolean => {
    while (opener < 0 && scanned < upTo) {
      if (MAY_OPEN_BLOCK.test(lines[scanned]!)) opener = scanned;
      scanned++;
    }
    return opener >= stretch && opener < upTo;
  };
  anchor(p);
  while (p < lines.length) {
    const cell = readJupytextCell(lines, p, settings);
    const prev = out[out.length - 1];
    if (structure && prev && prev.kind === 'markdown' && mayVeto(cell.start) && mayHold(prev.to, cell.start) && !accepted(structure, prev, cell)) {
      prev.to = cell.end;
      prev.end = cell.end;
      prev.next = cell.next;
      prev.linesToNextCell = cell.linesToNextCell;
    } else {
      if (prev?.kind !== 'markdown') anchor(p);
      out.push(cell);
    }
    if (cell.next <= p) throw new Error(`markdown reader made no progress at line ${p + 1}`);
    p = cell.next;
  }
  return out;
}

function accepted(structure: BlockStructure, prev: TextCell, cell: TextCell): boolean {
  // A boundary is vetoed when its lines lie inside a code or HTML block that started earlier.
  for (let i = prev.to; i <= cell.start; i++) if (structure.insideOpaque(i)) return false;
  return true;
}
