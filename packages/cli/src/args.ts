/**
 * A small argument parser: `--flag`, `--key value`, `--key=value`, `-o value`, `-ovalue`,
 * bundled short flags (`-nq`), `--` to end options, and `-` as a positional (stdin/stdout).
 * Unknown options are usage errors.
 */
import { NbgitError } from '@nbgit/core';

/** How one option is parsed. */
export interface OptionSpec {
  /** `boolean` takes no value; `string` takes one; `list` takes one and may repeat. */
  type: 'boolean' | 'string' | 'list';
  /** One-letter alias, without the dash. */
  short?: string;
}

/** Parsed arguments. */
export interface ParsedArgs {
  /** Positional arguments, in order (everything after `--` too). */
  positionals: string[];
  /** Positionals that came after `--`. */
  afterDashDash: string[];
  /** Option values by long name. */
  options: Record<string, string | boolean | string[] | undefined>;
}

/** Parses `argv` against `spec`; throws an `EUSAGE` {@link NbgitError} on unknown or incomplete options. */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const positionals: string[] = [];
  const afterDashDash: string[] = [];
  const options: ParsedArgs['options'] = {};
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.short) byShort.set(s.short, name);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      afterDashDash.push(...argv.slice(i + 1));
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let value: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (eq !== -1) value = arg.slice(eq + 1);
      if (!(name in spec) && name.startsWith('no-') && spec[name.slice(3)]?.type === 'boolean' && value === undefined) {
        options[name.slice(3)] = false;
        continue;
      }
    } else if (arg.length > 1 && arg.startsWith('-')) {
      // -o value, -ovalue, and bundled flags: -nq, -qo value
      for (let k = 1; ; k++) {
        name = byShort.get(arg[k]!);
        if (name === undefined) throw new NbgitError('EUSAGE', `unknown option -${arg[k]}`);
        if (k + 1 >= arg.length) break;
        if (spec[name]!.type !== 'boolean') {
          value = arg.slice(k + 1);
          break;
        }
        options[name] = true;
      }
    } else {
      positionals.push(arg);
      continue;
    }
    const s = spec[name];
    if (!s) throw new NbgitError('EUSAGE', `unknown option --${name}`);
    if (s.type === 'boolean') {
      if (value !== undefined) throw new NbgitError('EUSAGE', `option --${name} takes no value`);
      options[name] = true;
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new NbgitError('EUSAGE', `option --${name} needs a value`);
      value = argv[++i]!;
    }
    if (s.type === 'list') {
      const list = (options[name] as string[] | undefined) ?? [];
      list.push(value);
      options[name] = list;
    } else options[name] = value;
  }
  return { positionals, afterDashDash, options };
}
