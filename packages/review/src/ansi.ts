/**
 * ANSI SGR colours to HTML: text with terminal escapes (tracebacks, coloured logs) becomes
 * escaped text in `<span>`s with classes (the 16 colours, themed by the page's CSS) or an
 * inline `color` for 256-colour and true-colour codes. Parsing is anser's; other escapes
 * (cursor moves) are dropped.
 */
import Anser from 'anser';
import { esc } from './html.js';

/** True when the text holds an escape character (then it goes through {@link ansiLines}). */
export function hasAnsi(text: string): boolean {
  return text.includes('\x1b');
}

/** The text without escape sequences. */
export function stripAnsi(text: string): string {
  return hasAnsi(text) ? Anser.ansiToText(text) : text;
}

const CLASS = /^ansi-(bright-)?(black|red|green|yellow|blue|magenta|cyan|white)$/;
const PALETTE = /^ansi-palette-(\d{1,3})$/;
const RGB = /^(\d{1,3}), ?(\d{1,3}), ?(\d{1,3})$/;
const DECORATIONS = new Set(['bold', 'dim', 'italic', 'underline', 'strikethrough', 'reverse', 'hidden', 'blink']);

/**
 * HTML of each line of `lines` (line ends dropped), the colour state carried from line to line
 * as a terminal would.
 */
export function ansiLines(lines: readonly string[]): string[] {
  if (!lines.some(hasAnsi)) return lines.map((l) => esc(l.replace(/\r?\n$|\r$/, '')));
  const text = lines.map((l) => l.replace(/\r?\n$|\r$/, '')).join('\n');
  const out: string[] = [''];
  for (const e of Anser.ansiToJson(text, { use_classes: true, remove_empty: true })) {
    const open = spanOpen(e);
    const parts = e.content.split('\n');
    parts.forEach((p, k) => {
      if (k > 0) out.push('');
      if (p !== '') out[out.length - 1] += open ? `${open}${esc(p)}</span>` : esc(p);
    });
  }
  while (out.length < lines.length) out.push('');
  return out;
}

function spanOpen(e: Anser.AnserJsonEntry): string {
  const classes: string[] = [];
  const styles: string[] = [];
  const colour = (value: string | null, truecolor: string | null, which: 'fg' | 'bg') => {
    if (!value) return;
    const m = CLASS.exec(value);
    if (m) classes.push(`${which}-${m[1] ? 'b' : ''}${m[2]}`);
    else if (PALETTE.test(value)) {
      const rgb = palette(Number(PALETTE.exec(value)?.[1]));
      if (rgb) styles.push(`${which === 'fg' ? 'color' : 'background-color'}:rgb(${rgb})`);
    } else if (value === 'ansi-truecolor' && truecolor) {
      const t = RGB.exec(truecolor);
      if (t && [t[1], t[2], t[3]].every((x) => Number(x) < 256)) styles.push(`${which === 'fg' ? 'color' : 'background-color'}:rgb(${t[1]},${t[2]},${t[3]})`);
    }
  };
  colour(e.fg, e.fg_truecolor, 'fg');
  colour(e.bg, e.bg_truecolor, 'bg');
  for (const d of e.decorations ?? []) if (DECORATIONS.has(d)) classes.push(`a-${d}`);
  if (classes.length === 0 && styles.length === 0) return '';
  const c = classes.length ? ` class="${classes.join(' ')}"` : '';
  const s = styles.length ? ` style="${styles.join(';')}"` : '';
  return `<span${c}${s}>`;
}

/** xterm's 256-colour palette entry `n` as `r,g,b` (0-15 are the themed colours' usual values). */
function palette(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  const base = ['0,0,0', '205,49,49', '13,188,121', '229,229,16', '36,114,200', '188,63,188', '17,168,205', '229,229,229'];
  const bright = ['102,102,102', '241,76,76', '35,209,139', '245,245,67', '59,142,234', '214,112,214', '41,184,219', '255,255,255'];
  if (n < 8) return base[n];
  if (n < 16) return bright[n - 8];
  if (n < 232) {
    const k = n - 16;
    const v = (x: number) => (x === 0 ? 0 : 55 + x * 40);
    return `${v(Math.floor(k / 36))},${v(Math.floor(k / 6) % 6)},${v(k % 6)}`;
  }
  const g = 8 + (n - 232) * 10;
  return `${g},${g},${g}`;
}
