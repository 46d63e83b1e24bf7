/**
 * Typed errors. Every error nbgit raises is an {@link NbgitError} with a stable `code`,
 * the file it concerns and, where it applies, a 1-based line and column.
 */

/** Stable error codes. */
export type ErrorCode =
  | 'EJSON' // text is not valid JSON
  | 'EEMPTY' // empty input
  | 'ENOTNOTEBOOK' // valid JSON but not a notebook (array, missing cells, ...)
  | 'EVERSION' // unsupported nbformat version
  | 'ESCHEMA' // notebook does not follow the nbformat schema
  | 'ESYNTAX' // a text format (percent, markdown) could not be read
  | 'EPROTOCOL' // a git protocol error
  | 'EUSAGE' // bad command line
  | 'EFORMAT' // an unknown format name, or a file name no format claims
  | 'EPATCH' // a diff does not apply to the notebook it is applied to
  | 'ELIMIT' // input beyond a documented limit (nesting depth, YAML aliases)
  | 'ECELL' // no cell matches an address (id, index, id prefix), or more than one does
  | 'EOP' // a cell operation or its arguments are invalid
  | 'EPARAM' // a notebook parameter cannot be read, translated or injected
  | 'ESTALE' // the file changed since the version an edit was based on
  | 'EDENIED' // a path outside the allowed root, or a write in read-only mode
  | 'EIO'; // file system or process error

/** Where in a file something happened. Line and column are 1-based. */
export interface Position {
  line: number;
  column: number;
  offset?: number;
}

/** Fields for {@link NbgitError}. */
export interface NbgitErrorData {
  /** File the error concerns, when known. */
  file?: string;
  /** Where in the file. */
  position?: Position;
  /** JSON path inside the notebook, such as `cells[3].outputs[0].output_type`. */
  path?: string;
  /** The underlying error. */
  cause?: unknown;
}

/** An error with a stable code and a location. `message` is the full located text. */
export class NbgitError extends Error {
  override readonly name = 'NbgitError';
  /** Stable error code. */
  readonly code: ErrorCode;
  /** The message without its location prefix. */
  readonly reason: string;
  file?: string;
  position?: Position;
  path?: string;

  constructor(code: ErrorCode, reason: string, data: NbgitErrorData = {}) {
    super(reason, data.cause === undefined ? undefined : { cause: data.cause });
    this.code = code;
    this.reason = reason;
    this.file = data.file;
    this.position = data.position;
    this.path = data.path;
    this.message = this.format();
  }

  /** Returns a copy of this error that names `file`. */
  withFile(file: string): NbgitError {
    const e = new NbgitError(this.code, this.reason, { file, position: this.position, path: this.path, cause: this.cause });
    return e;
  }

  /** `file:line:column: reason` with the parts that are known. */
  format(): string {
    let where = this.file ?? '';
    if (this.position) where += `${where ? ':' : ''}${this.position.line}:${this.position.column}`;
    return where ? `${where}: ${this.reason}` : this.reason;
  }

  /** A JSON form for tools. */
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, reason: this.reason, file: this.file, position: this.position, path: this.path };
  }
}

/** Marks NbgitErrors made by any copy of this module (a bundle may hold several). */
const BRAND = Symbol.for('nbgit.error');
Object.defineProperty(NbgitError.prototype, BRAND, { value: true });

/** True when `e` is an {@link NbgitError}, also one made by another copy of this module (the CLI bundles one per command). */
export function isNbgitError(e: unknown): e is NbgitError {
  return e instanceof NbgitError || (typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true);
}

/** 1-based line and column of `offset` in `text`. Linear in `offset`. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  let i = text.indexOf('\n');
  while (i !== -1 && i < offset) {
    line++;
    lineStart = i + 1;
    i = text.indexOf('\n', lineStart);
  }
  return { line, column: offset - lineStart + 1, offset };
}
