/** `nbgit mcp [--root DIR] [--read-only]`: the notebook tools as an MCP server over stdio. */
import { resolve } from 'node:path';
import { NbgitError } from '@nbgit/core';
import { defineCommand } from '../command.js';
import { createServer, TOOL_NAMES } from '../mcp-server.js';
import { LineTransport } from '../mcp-stdio.js';

export const command = defineCommand(
  {
    summary: 'serve notebook tools to agents (Model Context Protocol over stdio)',
    usage: 'nbgit mcp [--root DIR] [--read-only]',
    description: `Runs a Model Context Protocol server on stdin and stdout, for agents (Claude, Cursor,
VS Code...). Tools: ${TOOL_NAMES.join(', ')}.

Every path is confined to the root (default: the current folder): no "..", no absolute
path outside it, no symbolic link out of it. notebook_read returns the notebook's version
(a hash of its bytes); an edit given that version is refused when the file changed since,
so an agent never overwrites what someone saved meanwhile. Edits change only the cells
they touch. Errors come back as tool errors; a line that is not JSON gets JSON-RPC's parse
error (-32700, id null), one that is not a JSON-RPC message its invalid request (-32600);
the server keeps running until its client closes stdin.`,
    options: {
      root: { type: 'string', arg: 'DIR', help: 'the folder the tools may read and write (default: the current folder)' },
      'read-only': { type: 'boolean', help: 'refuse every tool that would change a file' },
    },
  },
  async ({ positionals, options }, io) => {
    if (positionals.length > 0) throw new NbgitError('EUSAGE', `unexpected argument: ${positionals[0]}`);
    const server = createServer({ root: resolve(io.cwd, options.root ?? '.'), readOnly: options['read-only'] === true }, io);
    const transport = new LineTransport(io.stdin as NodeJS.ReadStream, io.stdout as NodeJS.WriteStream);
    const closed = new Promise<void>((done) => {
      transport.onclose = () => done();
      io.stdin.on('end', () => done());
    });
    await server.connect(transport);
    await closed;
    await server.close();
    return 0;
  },
);
