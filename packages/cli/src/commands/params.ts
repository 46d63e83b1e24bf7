/** `nbgit params NOTEBOOK [-p NAME VALUE]... [-y YAML] [-f FILE] [-r NAME RAW] [-o OUT] [--strict]`: papermill's parameters, without running. */
import {
  findTaggedCell,
  injectParameters,
  listParameters,
  PARAMETERS_TAG,
  type ParamValue,
  parseYamlParameters,
  renderParameters,
  resolveType,
} from '@nbgit/cells';
import { NbgitError } from '@nbgit/core';
import { defineCommand } from '../command.js';
import { readInput } from '../files.js';
import { checkVersion, readEditable, writeEdited } from '../notebook-edit.js';

/** Separates NAME from VALUE in the one value `-p NAME VALUE` is rewritten to. */
const SEP = '\u0000';

/** `-p NAME VALUE` and `-r NAME RAW` take two arguments: joined into one before parsing. */
function rewrite(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const pair = a === '-p' || a === '--parameters' ? '--parameters' : a === '-r' || a === '--parameters_raw' || a === '--parameters-raw' ? '--raw' : undefined;
    if (pair === undefined) {
      out.push(a);
      continue;
    }
    if (i + 2 >= argv.length) throw new NbgitError('EUSAGE', `option ${a} needs a NAME and a VALUE`);
    out.push(`${pair}=${argv[i + 1]}${SEP}${argv[i + 2]}`);
    i += 2;
  }
  return out;
}

export const command = defineCommand(
  {
    summary: "list a notebook's parameters, or inject values as papermill --prepare-only does",
    usage: ['nbgit params NOTEBOOK [--json]', 'nbgit params NOTEBOOK [-p NAME VALUE]... [-y YAML] [-f FILE.yaml] [-r NAME RAW] [-o OUT] [--strict]'],
    description: `Without values, lists the parameters of the cell tagged "parameters" as papermill
--help-notebook does: name, type (the annotation, else the type of the default's literal),
default, and the comment beside it as help. Python, R and Julia cells are read.

With values, writes the notebook papermill --prepare-only would: a code cell tagged
"injected-parameters" right after the parameters cell (or at the top when there is none),
replacing an earlier injected cell, with papermill's source for the kernel's language
("# Parameters", then one assignment per parameter) for python, R, julia, scala, matlab,
.net-csharp, .net-fsharp, .net-powershell and bash kernels. Values are typed as papermill
types them: -p gives True/False/None, ints and floats, else strings; -y and -f are YAML;
-r is always a string. Later sources win: -f, then -y, then -p, then -r. Nothing runs, and
nothing else in the notebook changes (papermill also upgrades to nbformat 4.5 with random
ids and records metadata.papermill; nbgit keeps the version and gives a deterministic id).`,
    options: {
      parameters: { type: 'list', short: 'p', arg: 'NAME VALUE', help: 'a parameter, typed as papermill types it (repeatable)' },
      yaml: { type: 'list', short: 'y', arg: 'YAML', aliases: ['parameters_yaml'], help: 'parameters as a YAML mapping (repeatable)' },
      file: { type: 'list', short: 'f', arg: 'FILE', aliases: ['parameters_file'], help: 'parameters from a YAML file (repeatable)' },
      raw: { type: 'list', short: 'r', arg: 'NAME RAW', help: 'a parameter taken as a string (repeatable)' },
      output: { type: 'string', short: 'o', arg: 'OUT', help: 'write the notebook to OUT (- is stdout; default: in place)' },
      strict: { type: 'boolean', help: 'refuse a parameter the parameters cell does not declare' },
      kernel: { type: 'string', short: 'k', arg: 'NAME', help: "the kernel name to translate for (default: the notebook's)" },
      language: { type: 'string', short: 'l', arg: 'LANG', help: "the language to translate for (default: the notebook's)" },
      json: { type: 'boolean', help: 'print the parameters (or what was injected) as JSON' },
      'if-version': { type: 'string', arg: 'V', help: 'refuse unless the notebook is at version V' },
    },
    footer: `Exit status: 0 done; 1 the notebook could not be read or written, a value cannot be
written in the kernel's language, or --strict found an undeclared parameter (nothing is
written then); 2 bad usage.`,
    rewrite,
  },
  async ({ positionals, options: o }, io) => {
    if (positionals.length !== 1)
      throw new NbgitError('EUSAGE', positionals.length === 0 ? 'missing NOTEBOOK' : `too many arguments: ${positionals.slice(1).join(' ')}`);
    const path = positionals[0]!;
    const file = path === '-' ? '<stdin>' : path;
    const before = await readEditable(path, io);
    const nb = before.notebook;
    const kernel = { ...(o.kernel ? { kernelName: o.kernel } : {}), ...(o.language ? { language: o.language } : {}) };
    // no prototype: `__proto__` (a valid Python name papermill injects) is a key like any other, not a setter that drops it
    const params: Record<string, ParamValue> = Object.create(null);
    for (const f of o.file ?? []) Object.assign(params, parseYamlParameters((await readInput(f, io)).toString('utf8'), { file: f }));
    for (const y of o.yaml ?? []) Object.assign(params, parseYamlParameters(y, { file: '-y' }));
    for (const p of o.parameters ?? []) {
      const [name, value] = p.split(SEP) as [string, string];
      params[name] = resolveType(value);
    }
    for (const p of o.raw ?? []) {
      const [name, value] = p.split(SEP) as [string, string];
      params[name] = value;
    }
    const json = (v: unknown) =>
      `${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? (Number.isSafeInteger(Number(x)) ? Number(x) : x.toString()) : x), 2)}\n`;
    if (Object.keys(params).length === 0) {
      if (o.output !== undefined || o.strict) throw new NbgitError('EUSAGE', 'no parameters given (-p, -r, -y or -f)');
      const has = findTaggedCell(nb, PARAMETERS_TAG) !== -1;
      const list = has ? listParameters(nb, kernel) : undefined;
      io.stdout.write(o.json ? json({ file, version: before.version, parameters: list ?? [], tagged: has }) : renderParameters(list, { file }));
      return 0;
    }
    if (path === '-' && o.output === undefined) throw new NbgitError('EUSAGE', 'a notebook from stdin needs -o OUT (or -o - for stdout)');
    checkVersion(file, before.version, o['if-version']);
    let r: ReturnType<typeof injectParameters>;
    try {
      r = injectParameters(nb, params, { ...kernel, strict: o.strict === true });
    } catch (e) {
      throw e instanceof NbgitError && e.file === undefined ? e.withFile(file) : e;
    }
    const written = writeEdited(path, nb, before, io, o.output === undefined ? {} : { output: o.output });
    if (o.output === '-') return 0;
    const target = o.output ?? path;
    if (o.json) io.stdout.write(json({ file: target, changed: written.changed, version: written.version, ...r }));
    else {
      io.stdout.write(`${r.replaced ? 'replaced' : 'injected'} cell ${r.index}${r.id ? ` (id ${r.id})` : ''} in ${target}\n`);
      if (r.undeclared.length > 0) io.stderr.write(`nbgit params: warning: not declared in the parameters cell: ${r.undeclared.join(', ')}\n`);
    }
    return 0;
  },
);
