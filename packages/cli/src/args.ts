/**
 * Command-line options, declared once per command: the same {@link OptionsSpec} parses the
 * arguments (on `node:util`'s `parseArgs`, whose tokens we check ourselves so every error is
 * an `EUSAGE` {@link NbgitError} with a "did you mean"), types the parsed values, and writes
 * the option lines of the command's `--help`.
 *
 * Accepted: `--flag`, `--key value`, `--key=value`, `-o value`, `-ovalue`, bundled short flags
 * (`-nq`), `--no-flag` for negatable booleans, aliases (`--staged` for `--cached`), `--` to end
 * options, and `-` as a positional (stdin/stdout).
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { closest, NbgitError } from '@nbgit/core';

/** How one option is parsed and shown. */
export interface OptionDef {
  /** `boolean` takes no value; `string` takes one; `list` takes one and may repeat. */
  readonly type: 'boolean' | 'string' | 'list';
  /** One-letter alias, without the dash. */
  readonly short?: string;
  /** Other long names for the same option (nbstripout's, jupytext's or git's spelling). */
  readonly aliases?: readonly string[];
  /** Placeholder of the value in `--help` (`N`, `FORMAT`); default `VALUE`. */
  readonly arg?: string;
  /** The `--help` text (may span lines). Without it the option is accepted but not listed. */
  readonly help?: string;
  /**
   * `--no-NAME` is shown as `--[no-]NAME`. Every boolean accepts `--no-NAME` (false); a string
   * accepts it only when this gives its value (`--no-color` means `never`).
   */
  readonly negatable?: boolean | string;
  /** Strings: the value when the option is given without one (`--color` means `always`). */
  readonly implicit?: string;
  /** Strings: the values allowed; anything else is a usage error listing them. */
  readonly choices?: readonly string[];
}

/** A command's options by long name, in the order `--help` lists them. */
export type OptionsSpec = Readonly<Record<string, OptionDef>>;

/** The parsed value type of one option. */
export type OptionValue<D extends OptionDef> = D['type'] extends 'boolean' ? boolean : D['type'] extends 'list' ? string[] : string;

/** Parsed option values by long name (absent when not given). */
export type OptionValues<S extends OptionsSpec> = { -readonly [K in keyof S]?: OptionValue<S[K]> };

/** Parsed arguments. */
export interface ParsedArgs<S extends OptionsSpec = OptionsSpec> {
  /** Positional arguments, in order (everything after `--` too). */
  positionals: string[];
  /** Positionals that came after `--`. */
  afterDashDash: string[];
  /** Option values by long name. */
  options: OptionValues<S>;
}

export { closest };

/** ` (did you mean X?)`, or nothing when no candidate is close. */
export function didYouMean(word: string, candidates: Iterable<string>, render: (c: string) => string = (c) => c): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean ${render(c)}?)`;
}

/** Every long name `spec` accepts (aliases and `no-` forms included), for suggestions. */
function longNames(spec: OptionsSpec): string[] {
  const out: string[] = [];
  for (const [name, d] of Object.entries(spec)) {
    out.push(name, ...(d.aliases ?? []));
    if (d.negatable) out.push(`no-${name}`);
  }
  return out;
}

/** Parses `argv` against `spec`; throws an `EUSAGE` {@link NbgitError} on unknown, incomplete or invalid options. */
export function parseArgs<S extends OptionsSpec>(argv: readonly string[], spec: S): ParsedArgs<S> {
  const byLong = new Map<string, string>();
  const byShort = new Map<string, string>();
  const nodeOptions: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, d] of Object.entries(spec)) {
    for (const n of [name, ...(d.aliases ?? [])]) byLong.set(n, name);
    if (d.short) byShort.set(d.short, name);
    // Node reads a value after a string option and nothing after a boolean one; the checks are ours
    nodeOptions[name] = { type: d.type === 'boolean' || d.implicit !== undefined ? 'boolean' : 'string', ...(d.short ? { short: d.short } : {}) };
    for (const alias of d.aliases ?? []) nodeOptions[alias] = { type: nodeOptions[name]!.type };
  }
  // `--color` alone takes no value from the next argument: only `--color=WHEN` gives one
  const { tokens } = nodeParseArgs({ args: [...argv], options: nodeOptions, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const afterDashDash: string[] = [];
  const options: Record<string, string | boolean | string[]> = {};
  let ended = false;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') {
      ended = true;
      continue;
    }
    if (t.kind === 'positional') {
      positionals.push(t.value);
      if (ended) afterDashDash.push(t.value);
      continue;
    }
    const long = t.rawName.startsWith('--');
    let name = long ? byLong.get(t.name) : byShort.get(t.rawName.slice(1));
    let negated = false;
    if (name === undefined && long && t.name.startsWith('no-')) {
      const base = byLong.get(t.name.slice(3));
      // every boolean takes --no-NAME (false: overrides git config); strings only when they say what it means
      if (base !== undefined && (spec[base]!.negatable || spec[base]!.type === 'boolean')) [name, negated] = [base, true];
    }
    if (name === undefined) {
      const hint = long ? didYouMean(t.name, longNames(spec), (c) => `--${c}`) : '';
      throw new NbgitError('EUSAGE', `unknown option ${t.rawName}${hint}`);
    }
    const d = spec[name]!;
    const shown = long ? t.rawName : `-${d.short}`;
    if (d.type === 'boolean') {
      if (t.value !== undefined) throw new NbgitError('EUSAGE', `option ${shown} takes no value`);
      options[name] = !negated;
      continue;
    }
    if (negated && (typeof d.negatable !== 'string' || t.value !== undefined)) throw new NbgitError('EUSAGE', `option ${t.rawName} takes no value`);
    const value = negated ? (d.negatable as string) : (t.value ?? d.implicit);
    if (value === undefined) throw new NbgitError('EUSAGE', `option ${shown} needs a value`);
    if (d.choices && !d.choices.includes(value)) {
      const list = `${d.choices.slice(0, -1).join(', ')} or ${d.choices[d.choices.length - 1]}`;
      throw new NbgitError('EUSAGE', `--${name} must be ${list}, not ${JSON.stringify(value)}`);
    }
    options[name] = d.type === 'list' ? [...((options[name] as string[] | undefined) ?? []), value] : value;
  }
  return { positionals, afterDashDash, options: options as OptionValues<S> };
}

/** The option lines of `--help`: `  -U, --unified N     lines of context ...`, from the spec. */
export function optionsHelp(spec: OptionsSpec, width = 28): string {
  const out: string[] = [];
  for (const [name, d] of Object.entries(spec)) {
    if (d.help === undefined) continue;
    const value = d.type === 'boolean' ? '' : d.implicit !== undefined ? `[=${d.arg ?? 'VALUE'}]` : ` ${d.arg ?? 'VALUE'}`;
    const longs = [name, ...(d.aliases ?? [])].map((n, i) => `--${d.negatable && i === 0 ? `[no-]${n}` : n}`);
    const left = `  ${[...(d.short ? [`-${d.short}`] : []), ...longs].join(', ')}${value}`;
    const [first = '', ...rest] = d.help.split('\n');
    if (left.length < width) out.push(`${left.padEnd(width)}${first}`);
    else out.push(left, `${' '.repeat(width)}${first}`);
    for (const line of rest) out.push(`${' '.repeat(width)}${line}`);
  }
  return out.join('\n');
}
