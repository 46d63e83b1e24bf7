/**
 * Paths an MCP client names, confined to the server's root: relative to it, never with a
 * `..` segment, an absolute path only inside it, and no symbolic link that leads out of it
 * (the real path of the file, or of the folder a new file would go in, is checked).
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { NbgitError } from '@nbgit/core';

/** A folder the server may read and write in. */
export class Root {
  /** The root as given, absolute. */
  readonly dir: string;
  /** Its real path (symbolic links resolved). */
  readonly real: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
    try {
      this.real = realpathSync(this.dir);
    } catch (e) {
      throw new NbgitError('EIO', 'the root folder does not exist', { file: dir, cause: e });
    }
  }

  private inside(abs: string, base: string): boolean {
    const rel = relative(base, abs);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  }

  /**
   * The absolute path `path` names under the root. Throws an `EDENIED` {@link NbgitError}
   * for a path outside it (`..`, an absolute path elsewhere, a link out of it); with
   * `mustExist`, an `EIO` one when nothing is there.
   */
  resolve(path: unknown, options: { mustExist?: boolean } = {}): string {
    if (typeof path !== 'string' || path === '' || path.includes('\0')) throw new NbgitError('EDENIED', `not a path: ${JSON.stringify(path)}`);
    const deny = (why: string) => new NbgitError('EDENIED', `${why}: the server only reaches files under its root (${this.dir})`, { file: path });
    if (path.split(/[\\/]+/).includes('..')) throw deny('".." is not allowed in paths');
    const abs = isAbsolute(path) ? resolve(path) : resolve(this.real, path);
    if (isAbsolute(path) && !this.inside(abs, this.dir) && !this.inside(abs, this.real)) throw deny('the path is outside the root');
    if (existsSync(abs)) {
      const real = realpathSync(abs);
      if (!this.inside(real, this.real)) throw deny('the path leads out of the root through a symbolic link');
      return real;
    }
    if (options.mustExist) throw new NbgitError('EIO', 'no such file', { file: path });
    // a new file: the folder it goes in must exist and be inside
    let parent = dirname(abs);
    while (!existsSync(parent) && parent !== dirname(parent)) parent = dirname(parent);
    const realParent = realpathSync(parent);
    if (!this.inside(realParent, this.real)) throw deny('the path leads out of the root through a symbolic link');
    return resolve(realParent, relative(parent, abs));
  }

  /** `abs` as shown to the client: relative to the root. */
  show(abs: string): string {
    const rel = relative(this.real, abs);
    return rel === '' ? '.' : rel.split(sep).join('/');
  }
}
