/**
 * Jupyter magics in scripts: `%matplotlib`, `%%time`, `!ls`, `x = !ls`, `x?`, bare `ls`/`cd`.
 * Written commented (`# %matplotlib`) so the script stays valid code; read back by removing
 * exactly one comment level. The regexes also accept already commented forms, so a comment
 * such as `# %time` is written `# # %time` and reads back unchanged (jupytext's rules).
 */
import { escapeRegExp } from '@nbgit/core';
import { SCRIPT_LANGUAGES, usualLanguageName } from '@nbgit/text';
import { commentOfLanguage, StringParser } from './strings.js';

const MAGIC = new Map<string, RegExp>();
const FORCE = new Map<string, RegExp>();
const NOT = new Map<string, RegExp>();
for (const l of SCRIPT_LANGUAGES) {
  const c = escapeRegExp(l.comment);
  MAGIC.set(l.language, new RegExp(`^\\s*(${c} |${c})*(%|%%|%%%)[a-zA-Z]`));
  FORCE.set(l.language, new RegExp(`^\\s*(${c} |${c})*(%|%%|%%%)[a-zA-Z](.*)${c}\\s*escape`, 's'));
  NOT.set(l.language, new RegExp(`^\\s*(${c} |${c})*(%|%%|%%%)[a-zA-Z](.*)${c}\\s*noescape`, 's'));
}
MAGIC.set('rust', /^(\/\/ |\/\/)*:[a-zA-Z]/);
FORCE.set('rust', /^(\/\/ |\/\/)*:[a-zA-Z](.*)\/\/\s*noescape/s);
MAGIC.set('csharp', /^(\/\/ |\/\/)*#![a-zA-Z]/);
FORCE.set('csharp', /^(\/\/ |\/\/)*#![a-zA-Z](.*)\/\/\s*noescape/s);
MAGIC.set('go', /^(\/\/ |\/\/)*(!|!\*|%|%%|%%%)[a-zA-Z]/);

const HELP_OR_BASH = /^\s*(# |#)*\s*(\?|!)\s*[A-Za-z.~$\\/{}]/;
const MAGIC_CMD = /^(# |#)*(cat|cd|cp|mv|rm|rmdir|mkdir|copy|ddir|echo|ls|ldir|mkdir|ren|rmdir)($|\s$|\s[^=,])/;
const MAGIC_HELP = /^\s*(# )*[^\s]*\?\s*$/;
const MAGIC_ASSIGN = /^(# |#)*\s*([a-zA-Z_][a-zA-Z_$0-9]*)\s*=\s*(%|%%|%%%|!)[a-zA-Z](.*)/;
const CONTINUATION = /\\\s*$/;
const SCRIPT_LANGUAGE_NAMES = new Set(SCRIPT_LANGUAGES.map((l) => l.language));

/** Is this line a (possibly already commented) magic that the script writer comments? */
export function isMagic(line: string, language: string, globalEscape = true, explicitlyCode = false): boolean {
  const lang = usualLanguageName(language);
  if (['octave', 'matlab', 'sas', 'logtalk'].includes(lang) || !SCRIPT_LANGUAGE_NAMES.has(lang)) return false;
  if (FORCE.get(lang)!.test(line)) return true;
  if (!globalEscape || NOT.get(lang)?.test(line)) return false;
  if (MAGIC.get(lang)!.test(line)) return true;
  if (lang !== 'python') return false;
  if (HELP_OR_BASH.test(line)) return true;
  if (MAGIC_ASSIGN.test(line)) return true;
  if (explicitlyCode && MAGIC_HELP.test(line)) return true;
  return MAGIC_CMD.test(line);
}

/** Comments the magics of a code cell's lines, in place (continuation lines of a Python magic too). */
export function commentMagics(lines: string[], language: string, globalEscape = true, explicitlyCode = true): string[] {
  const comment = commentOfLanguage(usualLanguageName(language)) ?? commentOfLanguage(language);
  if (comment === undefined) return lines;
  const parser = new StringParser(language);
  let nextIsMagic = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!parser.isQuoted() && (nextIsMagic || isMagic(line, language, globalEscape, explicitlyCode))) {
      let indent = '';
      let body = line;
      if (!nextIsMagic) {
        body = line.trimStart();
        indent = line.slice(0, line.length - body.length);
      }
      lines[i] = `${indent}${comment} ${body}`;
      nextIsMagic = language === 'python' && CONTINUATION.test(line);
    }
    parser.readLine(line);
  }
  return lines;
}

/** Removes one comment level after the indentation of a line. */
export function unescapeOnce(line: string, comment: string): string {
  const body = line.trimStart();
  const indent = line.slice(0, line.length - body.length);
  if (body.startsWith(`${comment} `)) return indent + body.slice(comment.length + 1);
  if (body.startsWith(comment)) return indent + body.slice(comment.length);
  return line;
}

/** The reading side of {@link commentMagics}, in place. */
export function uncommentMagics(lines: string[], language: string, globalEscape = true, explicitlyCode = true): string[] {
  const comment = commentOfLanguage(usualLanguageName(language)) ?? commentOfLanguage(language);
  if (comment === undefined) return lines;
  const parser = new StringParser(language);
  let nextIsMagic = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!parser.isQuoted() && (nextIsMagic || isMagic(line, language, globalEscape, explicitlyCode))) {
      lines[i] = unescapeOnce(line, comment);
      nextIsMagic = language === 'python' && CONTINUATION.test(line);
    }
    parser.readLine(line);
  }
  return lines;
}
