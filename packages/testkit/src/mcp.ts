/**
 * `nbgit mcp` driven line by line, as a client that may send anything: the lines go to the
 * server's stdin as they are, each line it writes is read back as JSON-RPC.
 */
import { spawn } from 'node:child_process';
import { nbgitBin } from './git.js';

/** One JSON-RPC message the server wrote. */
export interface JsonRpcReply {
  id?: unknown;
  result?: { content?: { text?: string }[]; isError?: boolean; [key: string]: unknown };
  error?: { code: number; message: string };
}

/** What {@link mcpLines} saw. */
export interface McpLinesRun {
  /** Every message the server wrote, in order. */
  replies: JsonRpcReply[];
  /** The last reply for each id. */
  answers: Map<unknown, JsonRpcReply>;
  /** Lines the server wrote that are not JSON. */
  notJson: string[];
  stderr: string;
  /** The exit code, or the signal that ended the server. */
  exit: number | string;
  /** True when `timeoutMs` passed before every id of `until` had an answer (and the server was still running). */
  timedOut: boolean;
}

/** The `initialize` request and `initialized` notification a session starts with. */
export function mcpHandshake(client = 'nbgit-test'): string[] {
  return [
    JSON.stringify({
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: client, version: '1' } },
    }),
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  ];
}

/**
 * Runs `nbgit mcp ARGS...`, writes `lines` (each followed by `\n`), waits until every id in
 * `until` has an answer (or `timeoutMs`), closes stdin and waits for the server to exit
 * (killed after 20 s).
 */
export async function mcpLines(
  args: string[],
  lines: string[],
  options: { until: Iterable<unknown>; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<McpLinesRun> {
  const until = new Set(options.until);
  const run: McpLinesRun = { replies: [], answers: new Map(), notJson: [], stderr: '', exit: 'unknown', timedOut: false };
  const child = spawn(process.execPath, [nbgitBin, 'mcp', ...args], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let buffered = '';
  child.stderr.on('data', (d: Buffer) => {
    run.stderr += d.toString();
  });
  const exited = new Promise<number | string>((done) => child.on('close', (code, signal) => done(code ?? signal ?? 'unknown')));
  const answered = new Promise<void>((done) => {
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        let m: JsonRpcReply;
        try {
          m = JSON.parse(line) as JsonRpcReply;
        } catch {
          run.notJson.push(line);
          continue;
        }
        run.replies.push(m);
        if (m.id !== undefined) run.answers.set(m.id, m);
      }
      if ([...until].every((id) => run.answers.has(id))) done();
    });
    child.on('close', () => done());
  });
  child.stdin.on('error', () => {}); // a server gone early shows in `exit`
  child.stdin.write(lines.map((l) => `${l}\n`).join(''));
  let timer: NodeJS.Timeout | undefined;
  run.timedOut = await Promise.race([
    answered.then(() => false),
    new Promise<boolean>((done) => {
      timer = setTimeout(() => done(true), options.timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  child.stdin.end();
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  run.exit = await exited;
  clearTimeout(killer);
  return run;
}
