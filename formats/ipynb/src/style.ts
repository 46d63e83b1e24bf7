/**
 * The whitespace style of a JSON file (indent, line ending, key separator, trailer): Jupyter's
 * own, and the one detected from a file's text so that changed parts are written like the rest.
 */
import { type ContainerLayout, countOf, isArrayLayout, isLayout, startOf, valueAt, valueEndAt, valueStartAt } from './layout.js';

/** The whitespace style of a file. */
export interface Style {
  /** One indent level (`' '` for Jupyter; `''` when the file has no line breaks). */
  indent: string;
  /** Line ending between members (`'\n'`, `'\r\n'`, or `''` for compact files). */
  eol: string;
  /** Between a key and its value: `': '` or `':'`. */
  colon: string;
  /** Text after the top-level value (Jupyter: `'\n'`). */
  trailer: string;
  /** In compact files (`eol` empty), what follows each `,` (Python's `json.dumps`: `' '`). */
  space?: string;
}

/** Jupyter's own style. */
export const JUPYTER_STYLE: Style = { indent: ' ', eol: '\n', colon: ': ', trailer: '\n' };

/** Jupyter's layout without the final newline (as older Jupyter versions and some tools leave files). */
export const NO_FINAL_NEWLINE: Style = { ...JUPYTER_STYLE, trailer: '' };

function colonOf(text: string, l: ContainerLayout): string | undefined {
  if (isArrayLayout(l) || countOf(l) === 0) return undefined;
  const vs = valueStartAt(l, 0);
  let j = vs - 1;
  while (j > startOf(l) && text[j] !== '"') j--;
  return text.slice(j + 1, vs);
}

/** The style of a file whose top-level layout is `root` and whose top-level value ends at `valueEnd`. */
export function detectStyle(text: string, root: ContainerLayout, valueEnd: number): Style {
  let indent = JUPYTER_STYLE.indent;
  let eol = JUPYTER_STYLE.eol;
  let colon = JUPYTER_STYLE.colon;
  let space: string | undefined;
  if (countOf(root) > 0) {
    let first = startOf(root) + 1;
    while (' \t\r\n'.includes(text[first]!)) first++;
    const gap = text.slice(startOf(root) + 1, first);
    const nl = gap.lastIndexOf('\n');
    if (nl === -1) {
      eol = '';
      indent = '';
      if (countOf(root) > 1) {
        let j = valueEndAt(root, 0);
        while (text[j] !== ',') j++;
        let k = j + 1;
        while (' \t'.includes(text[k]!)) k++;
        space = text.slice(j + 1, k);
      }
    } else {
      eol = gap[nl - 1] === '\r' ? '\r\n' : '\n';
      indent = gap.slice(nl + 1);
    }
    let c = colonOf(text, root);
    if (c === undefined) {
      for (let i = 0; i < countOf(root) && c === undefined; i++) {
        const v = valueAt(root, i);
        if (isLayout(v)) c = colonOf(text, v);
      }
    }
    if (c !== undefined) colon = c;
  } else {
    const nl = text.indexOf('\n');
    if (nl > 0 && text[nl - 1] === '\r') eol = '\r\n';
  }
  return { indent, eol, colon, trailer: text.slice(valueEnd), ...(space ? { space } : {}) };
}
