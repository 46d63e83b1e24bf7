/**
 * papermill's parameter translators: the source of the `injected-parameters` cell in each
 * kernel language, as papermill writes it. The rules (from papermill's translators):
 *
 * - The cell is a comment `Parameters` in the language's comment syntax, then one
 *   assignment per parameter, each line ending with a line break.
 * - Strings are escaped as Python's `unicode_escape` codec does (`\n`, `\t`, `\\`, `\xe9`,
 *   `\u20ac`), then quoted with `"` (an inner `"` becomes `\"`; MATLAB doubles it,
 *   PowerShell writes `` `" ``; bash quotes as Python's `shlex.quote`).
 * - Numbers are written as Python's `str()` writes them (`1.0`, `1e-05`, `nan`, `inf`).
 * - The translator is found by the kernel's name first, then by its language.
 *
 * | language              | None      | booleans        | list                 | dict                                   | assignment       |
 * | --------------------- | --------- | --------------- | -------------------- | -------------------------------------- | ---------------- |
 * | python                | `None`    | `True`, `False` | `[1, 2]`             | `{"a": 1}`                             | `x = 1`          |
 * | R                     | `NULL`    | `TRUE`, `FALSE` | `list(1, 2)`         | `list("a" = 1)`                        | `x = 1` (no leading `_`) |
 * | julia                 | `nothing` | `true`          | `[1, 2]`             | `Dict("a" => 1)`                       | `x = 1`          |
 * | scala                 | `None`    | `true`          | `Seq(1, 2)`          | `Map("a" -> 1)`                        | `val x = 1`      |
 * | matlab                | `NaN`     | `true`          | `{1, 2}`             | `containers.Map({'a'}, {1})`           | `x = 1;`         |
 * | .net-csharp           | (error)   | `true`          | `new [] { 1, 2 }`    | `new Dictionary<string,Object>{ { "a" , 1 } }` | `var x = 1;` |
 * | .net-fsharp           | `None`    | `true`          | `[ 1; 2 ]`           | `[ ("a", 1 :> IComparable) ] \|> Map.ofList` | `let x = 1` |
 * | .net-powershell       | `$Null`   | `$True`         | `@(1, 2)`            | `@{"a" = 1}`                           | `$x = 1`         |
 * | bash                  | (empty)   | `true`          | `(1 2)`              | (error)                                | `x=1`            |
 *
 * Python floats that are not finite are `float('nan')`, `float('inf')`, `float('-inf')`;
 * PowerShell's are `[double]::NaN`...; Scala, C# and F# ints beyond 32 bits get an `L`.
 * Kernels `pysparkkernel`, `sparkkernel` and `sparkrkernel` use the Python, Scala and R
 * translators. papermill passes Python's output through black when black is installed;
 * this is papermill's output without it (papermill's default install).
 */
import { NbgitError } from '@nbgit/core';
import { isInt, ParamFloat, type ParamValue, pythonNumber } from './values.js';

/** How one language writes values; `undefined` parts fall back to the base rules. */
interface Rules {
  none: () => string;
  bool: (b: boolean) => string;
  int: (i: number | bigint) => string;
  float: (f: number | ParamFloat) => string;
  str: (s: string) => string;
  list: (items: ParamValue[]) => string;
  dict: (entries: [string, ParamValue][]) => string;
  comment: (text: string) => string;
  assign: (name: string, value: string) => string;
  /** What ends each assignment line (MATLAB: `;`). */
  end: string;
}

/** Python's `unicode_escape` codec, as a string. */
export function unicodeEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp < 0x100) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** Python's `shlex.quote`. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

function unsupported(what: string, language: string): never {
  throw new NbgitError('EPARAM', `papermill's ${language} translator cannot write ${what}`);
}

const long = (i: number | bigint): string => {
  const s = pythonNumber(i);
  return BigInt(s) > 2147483647n || BigInt(s) < -2147483648n ? `${s}L` : s;
};

/** papermill's base rules; each language overrides some of them. */
function base(language: string): Rules {
  return {
    none: () => 'None',
    bool: (b) => (b ? 'true' : 'false'),
    int: (i) => pythonNumber(i),
    float: (f) => pythonNumber(f),
    str: (s) => `"${unicodeEscape(s).replace(/"/g, '\\"')}"`,
    list: () => unsupported('a list', language),
    dict: () => unsupported('a dict', language),
    comment: () => unsupported('a comment', language),
    assign: (name, value) => `${name} = ${value}`,
    end: '',
  };
}

/** The value in `rules`' syntax. */
function translate(rules: Rules, v: ParamValue): string {
  if (v === null || v === undefined) return rules.none();
  if (typeof v === 'string') return rules.str(v);
  if (typeof v === 'boolean') return rules.bool(v);
  if (isInt(v)) return rules.int(v);
  if (typeof v === 'number' || v instanceof ParamFloat) return rules.float(v);
  if (Array.isArray(v)) return rules.list(v);
  return rules.dict(Object.entries(v));
}

const join = (rules: Rules, items: ParamValue[], sep = ', ') => items.map((x) => translate(rules, x)).join(sep);

const PYTHON: Rules = base('python');
Object.assign(PYTHON, {
  bool: (b: boolean) => (b ? 'True' : 'False'),
  float: (f: number | ParamFloat) => {
    const n = f instanceof ParamFloat ? f.value : f;
    if (Number.isNaN(n)) return "float('nan')";
    if (n === Number.POSITIVE_INFINITY) return "float('inf')";
    if (n === Number.NEGATIVE_INFINITY) return "float('-inf')";
    return pythonNumber(f);
  },
  list: (items: ParamValue[]) => `[${join(PYTHON, items)}]`,
  dict: (entries: [string, ParamValue][]) => `{${entries.map(([k, v]) => `${PYTHON.str(k)}: ${translate(PYTHON, v)}`).join(', ')}}`,
  comment: (t: string) => `# ${t}`.trim(),
} satisfies Partial<Rules>);

const R: Rules = base('R');
Object.assign(R, {
  none: () => 'NULL',
  bool: (b: boolean) => (b ? 'TRUE' : 'FALSE'),
  list: (items: ParamValue[]) => `list(${join(R, items)})`,
  dict: (entries: [string, ParamValue][]) => `list(${entries.map(([k, v]) => `${R.str(k)} = ${translate(R, v)}`).join(', ')})`,
  comment: (t: string) => `# ${t}`.trim(),
  // a leading `_` is not legal in an R name: papermill drops them
  assign: (name: string, value: string) => `${name.replace(/^_+/, '')} = ${value}`,
} satisfies Partial<Rules>);

const JULIA: Rules = base('julia');
Object.assign(JULIA, {
  none: () => 'nothing',
  list: (items: ParamValue[]) => `[${join(JULIA, items)}]`,
  dict: (entries: [string, ParamValue][]) => `Dict(${entries.map(([k, v]) => `${JULIA.str(k)} => ${translate(JULIA, v)}`).join(', ')})`,
  comment: (t: string) => `# ${t}`.trim(),
} satisfies Partial<Rules>);

const SCALA: Rules = base('scala');
Object.assign(SCALA, {
  int: long,
  list: (items: ParamValue[]) => `Seq(${join(SCALA, items)})`,
  dict: (entries: [string, ParamValue][]) => `Map(${entries.map(([k, v]) => `${SCALA.str(k)} -> ${translate(SCALA, v)}`).join(', ')})`,
  comment: (t: string) => `// ${t}`.trim(),
  assign: (name: string, value: string) => `val ${name} = ${value}`,
} satisfies Partial<Rules>);

const charArray = (s: string) => `'${unicodeEscape(s).replace(/'/g, "''")}'`;
const MATLAB: Rules = base('matlab');
Object.assign(MATLAB, {
  none: () => 'NaN',
  str: (s: string) => `"${unicodeEscape(s).replace(/"/g, '""')}"`,
  list: (items: ParamValue[]) => `{${join(MATLAB, items)}}`,
  dict: (entries: [string, ParamValue][]) =>
    `containers.Map({${entries.map(([k]) => charArray(k)).join(', ')}}, {${entries.map(([, v]) => translate(MATLAB, v)).join(', ')}})`,
  comment: (t: string) => `% ${t}`.trim(),
  end: ';',
} satisfies Partial<Rules>);

const CSHARP: Rules = base('.net-csharp');
Object.assign(CSHARP, {
  none: () => unsupported('None (no nullable type)', 'C#'),
  int: long,
  list: (items: ParamValue[]) => `new [] { ${join(CSHARP, items)} }`,
  dict: (entries: [string, ParamValue][]) =>
    `new Dictionary<string,Object>{ ${entries.map(([k, v]) => `{ ${CSHARP.str(k)} , ${translate(CSHARP, v)} }`).join(', ')} }`,
  comment: (t: string) => `// ${t}`.trim(),
  assign: (name: string, value: string) => `var ${name} = ${value};`,
} satisfies Partial<Rules>);

const FSHARP: Rules = base('.net-fsharp');
Object.assign(FSHARP, {
  none: () => 'None',
  int: long,
  list: (items: ParamValue[]) => `[ ${join(FSHARP, items, '; ')} ]`,
  dict: (entries: [string, ParamValue][]) =>
    `[ ${entries.map(([k, v]) => `(${FSHARP.str(k)}, ${translate(FSHARP, v)} :> IComparable)`).join('; ')} ] |> Map.ofList`,
  comment: (t: string) => `(* ${t} *)`.trim(),
  assign: (name: string, value: string) => `let ${name} = ${value}`,
} satisfies Partial<Rules>);

const POWERSHELL: Rules = base('.net-powershell');
Object.assign(POWERSHELL, {
  none: () => '$Null',
  bool: (b: boolean) => (b ? '$True' : '$False'),
  float: (f: number | ParamFloat) => {
    const n = f instanceof ParamFloat ? f.value : f;
    if (Number.isNaN(n)) return '[double]::NaN';
    if (n === Number.POSITIVE_INFINITY) return '[double]::PositiveInfinity';
    if (n === Number.NEGATIVE_INFINITY) return '[double]::NegativeInfinity';
    return pythonNumber(f);
  },
  str: (s: string) => `"${unicodeEscape(s).replace(/"/g, '`"')}"`,
  list: (items: ParamValue[]) => `@(${join(POWERSHELL, items)})`,
  dict: (entries: [string, ParamValue][]) => `@{${entries.map(([k, v]) => `${POWERSHELL.str(k)} = ${translate(POWERSHELL, v)}`).join('\n ')}}`,
  comment: (t: string) => `# ${t}`.trim(),
  assign: (name: string, value: string) => `$${name} = ${value}`,
} satisfies Partial<Rules>);

const BASH: Rules = base('bash');
Object.assign(BASH, {
  none: () => '',
  str: (s: string) => shellQuote(s),
  list: (items: ParamValue[]) => `(${join(BASH, items, ' ')})`,
  comment: (t: string) => `# ${t}`.trim(),
  assign: (name: string, value: string) => `${name}=${value}`,
} satisfies Partial<Rules>);

/** Translators by kernel name or language, as papermill registers them. */
const REGISTRY: Record<string, Rules> = {
  python: PYTHON,
  R,
  scala: SCALA,
  julia: JULIA,
  matlab: MATLAB,
  '.net-csharp': CSHARP,
  '.net-fsharp': FSHARP,
  '.net-powershell': POWERSHELL,
  pysparkkernel: PYTHON,
  sparkkernel: SCALA,
  sparkrkernel: R,
  bash: BASH,
};

/** The kernel names and languages papermill (and nbgit) translate parameters for. */
export const TRANSLATED_LANGUAGES: readonly string[] = Object.keys(REGISTRY);

/** The registered name a kernel name or language picks (kernel name first), or undefined. */
export function translatorName(kernelName: string | undefined, language: string | undefined): string | undefined {
  if (kernelName !== undefined && Object.hasOwn(REGISTRY, kernelName)) return kernelName;
  if (language !== undefined && Object.hasOwn(REGISTRY, language)) return language;
  return undefined;
}

/**
 * The source of papermill's injected-parameters cell for a kernel: the comment (default
 * `Parameters`) and one assignment per parameter, in order. Throws an `EPARAM`
 * {@link NbgitError} when no translator matches the kernel name or language, or when the
 * language cannot write a value (a dict in bash, None in C#).
 */
export function translateParameters(
  kernelName: string | undefined,
  language: string | undefined,
  parameters: Record<string, ParamValue>,
  comment = 'Parameters',
): string {
  const name = translatorName(kernelName, language);
  if (name === undefined)
    throw new NbgitError('EPARAM', `no parameter translator for kernel ${JSON.stringify(kernelName ?? '')} or language ${JSON.stringify(language ?? '')}`);
  const rules = REGISTRY[name]!;
  let content = `${rules.comment(comment)}\n`;
  for (const [k, v] of Object.entries(parameters)) content += `${rules.assign(k, translate(rules, v))}${rules.end}\n`;
  return content;
}
