/** Attributes lines that win over nbgit's line for notebooks (what `nbgit install` warns of and `nbgit status` shows). */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { git } from './exec.js';
import { ATTRIBUTES_LINE, attributesFile, type InstallOptions } from './install.js';

/** One attributes line that wins over the nbgit line for notebooks. */
export interface OverridingLine {
  file: string;
  line: number;
  text: string;
}

/**
 * The attributes lines that win over nbgit's for notebooks, when `git check-attr` (`checkAttr`)
 * gives a filter, diff or merge other than nbgit: lines of files that take precedence over the
 * one holding the nbgit line ($GIT_DIR/info/attributes, a .gitattributes nearer the folder),
 * and lines after it in its own file, that set one of those attributes for *.ipynb.
 */
export function overridingLines(options: InstallOptions, checkAttr: Record<string, string>): OverridingLine[] {
  const wrong = ['filter', 'diff', 'merge'].filter((a) => checkAttr[a] !== 'nbgit');
  if (wrong.length === 0) return [];
  const env = options.env ?? process.env;
  const files: string[] = [];
  const info = git(['rev-parse', '--git-path', 'info/attributes'], { cwd: options.cwd, env, ok: [0, 128] }).stdout.trim();
  if (info) files.push(resolve(options.cwd, info));
  const top = git(['rev-parse', '--show-toplevel'], { cwd: options.cwd, env, ok: [0, 128] }).stdout.trim();
  if (top && resolve(options.cwd) !== resolve(top)) files.push(join(options.cwd, '.gitattributes'));
  if (top) files.push(join(top, '.gitattributes'));
  for (const scope of ['global', 'system'] as const) {
    try {
      files.push(attributesFile({ ...options, scope, attributes: undefined }));
    } catch {
      // no such scope here
    }
  }
  const out: OverridingLine[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    const ours = lines.findIndex((l) => l.trim() === ATTRIBUTES_LINE);
    lines.forEach((text, i) => {
      if (i <= ours) return;
      const [pattern, ...attrs] = text.trim().split(/\s+/);
      if (!pattern || pattern.startsWith('#') || !(pattern === '*' || pattern.includes('ipynb'))) return;
      const touches = attrs.some((t) => {
        const name = t.replace(/^[-!]/, '').split('=')[0]!;
        return (wrong.includes(name) && t !== `${name}=nbgit`) || (t === 'binary' && (wrong.includes('diff') || wrong.includes('merge')));
      });
      if (touches) out.push({ file, line: i + 1, text: text.trim() });
    });
    if (ours !== -1) break; // files after the one with the nbgit line cannot win over it
  }
  return out;
}
