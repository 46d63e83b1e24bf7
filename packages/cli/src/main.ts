/** The `nbgit` command: dispatch to subcommands, and error reporting. */
import { isNbgitError } from '@nbgit/core';
import { closest } from './args.js';
import { commands } from './commands/index.js';
import { type CliIO, processIO, version } from './io.js';

/** Runs `nbgit` with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] !== undefined) {
      if (commands[rest[0]]) return main([rest[0], '--help'], io);
      io.stderr.write(`nbgit help: ${unknownCommand(rest[0])}\n`);
      return 2;
    }
    io.stdout.write(await helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`nbgit ${version()}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    io.stderr.write(`nbgit: ${unknownCommand(name)}\n`);
    return 2;
  }
  const { command } = await load();
  const dashDash = rest.indexOf('--');
  const options = dashDash === -1 ? rest : rest.slice(0, dashDash);
  if (options.includes('--help') || options.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (isNbgitError(e)) {
      io.stderr.write(`nbgit ${name}: ${e.message}\n`);
      return e.code === 'EUSAGE' ? 2 : 1;
    }
    throw e;
  }
}

/** `unknown command 'conver'. Did you mean 'convert'? Run ...`. */
function unknownCommand(name: string): string {
  const near = closest(name, [...Object.keys(commands), 'help']);
  return `unknown command '${name}'.${near === undefined ? '' : ` Did you mean '${near}'?`} Run 'nbgit --help' for the list.`;
}

async function helpText(): Promise<string> {
  const lines = ['nbgit: Git-native tooling for Jupyter notebooks', '', 'Usage: nbgit <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(15)} ${command.summary}`);
  }
  lines.push(
    '',
    "Run 'nbgit <command> --help' (or 'nbgit help <command>') for a command's options,",
    "'nbgit --version' for the version.",
    '',
    'Exit status: 0 ok (diff: no difference); 1 a difference, a conflict, a file to fix',
    '(--check, validate) or a file that could not be read or written; 2 bad usage',
    '(diff: also an unreadable file); 3 merge: an input is not a notebook.',
    '',
  );
  return lines.join('\n');
}

/** Entry point of the `nbgit` bin. */
export function runMain(): void {
  const io = processIO();
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      io.stderr.write(`nbgit: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
