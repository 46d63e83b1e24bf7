/**
 * Tells whether a line starts inside a string literal, as jupytext's StringParser does: it
 * tracks `'`, `"` and (for languages other than R) triple quotes across lines, ignores
 * commented lines, and stops at a comment. Markers and magics inside strings are left alone.
 */
import { SCRIPT_LANGUAGES } from '@nbgit/text';

const COMMENT_OF_LANGUAGE = new Map<string, string>();
for (const l of SCRIPT_LANGUAGES) if (!COMMENT_OF_LANGUAGE.has(l.language)) COMMENT_OF_LANGUAGE.set(l.language, l.comment);

/** The comment string jupytext associates with a language name, if any. */
export function commentOfLanguage(language: string): string | undefined {
  return COMMENT_OF_LANGUAGE.get(language);
}

/** A line-by-line string tracker. */
export class StringParser {
  private single: string | null = null;
  private triple: string | null = null;
  private tripleStart = -1;
  private readonly ignore: boolean;
  private readonly python: boolean;
  private readonly comment: string | undefined;

  /** `language` undefined disables tracking (nothing is ever quoted). */
  constructor(language: string | undefined) {
    this.ignore = language === undefined;
    this.python = language !== 'R';
    this.comment = language === undefined ? undefined : COMMENT_OF_LANGUAGE.get(language);
  }

  /** True when the next line starts inside a string. */
  isQuoted(): boolean {
    if (this.ignore) return false;
    return this.single !== null || this.triple !== null;
  }

  /** Reads one line (without its line end). */
  readLine(line: string): void {
    if (this.ignore) return;
    const comment = this.comment;
    if (!this.isQuoted() && comment !== undefined && line.trimStart().startsWith(comment)) return;
    this.tripleStart = -1;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (this.single === null && this.triple === null && comment?.startsWith(ch) && line.startsWith(comment, i)) break;
      if (ch !== '"' && ch !== "'") continue;
      if (i > 0 && line[i - 1] === '\\') continue;
      if (this.single === ch) {
        this.single = null;
        continue;
      }
      if (this.single !== null) continue;
      if (!this.python) continue;
      if (i >= 2 && line[i - 2] === ch && line[i - 1] === ch && i >= this.tripleStart + 3) {
        if (this.triple === ch) {
          this.triple = null;
          this.tripleStart = i;
          continue;
        }
        if (this.triple !== null) continue;
        this.triple = ch;
        this.tripleStart = i;
        continue;
      }
      if (this.triple !== null) continue;
      this.single = ch;
    }
    if (this.python) this.single = null;
  }
}
