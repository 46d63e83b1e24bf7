/** `nbgit filter-process`: git's long-running filter process (`filter.nbgit.process`). */
import { appendFileSync } from 'node:fs';
import { isNbgitError } from '@nbgit/core';
import { cleanContent, isFilterRequired, requiredFilterHint, serveFilterProcess, stdioPipes, stripOptionsFromConfig } from '@nbgit/git';
import type { StripOptions } from '@nbgit/strip';
import { CleanCache, gitDirOf } from '../clean-cache.js';
import { defineCommand } from '../command.js';
import { type ConfigSource, nbgitConfig } from '../config-memo.js';
import { isProcessIO } from '../io.js';
import { collectGarbage, collectNow } from '../memory.js';

export const command = defineCommand(
  {
    summary: "git's long-running filter process (filter.nbgit.process): strips notebooks on git add",
    usage: 'nbgit filter-process',
    description: `Speaks git's long-running filter protocol (version 2) on stdin and stdout: git starts it
once per git command and sends it every notebook to clean (strip, with the strip options of
git config nbgit.*) or smudge (passed through unchanged). A notebook that cannot be read
gets status=error, with FILE:LINE:COLUMN and what to do on stderr, and the process goes on
with the other files. A cell that still has conflict markers (<<<<<<< or >>>>>>> lines) is
stored as it is, with a warning naming the file and cell; nbgit's conflict flag
(metadata.nbgit.conflicts) is dropped from cells that have none left. It exits when git
closes stdin. Configured by nbgit install. What it gives for a content is kept in
$GIT_DIR/nbgit/clean-cache (keyed by the content, nbgit's version and the strip options; safe
to delete), so git status after files were only touched does not strip them again. The cache
keeps about 64 MB: past that, a process that added entries removes those written longest
ago, down to half. The nbgit.* git config it last read is kept in
$GIT_DIR/nbgit/config-memo.json with the state of every config file (safe to delete): while
none changed, it does not run git config again (config with include or includeIf: always).

Environment: NBGIT_TRACE_FILTER=FILE appends one line per process start and exit to FILE;
NBGIT_NO_CLEAN_CACHE=1 neither reads nor writes the cache; NBGIT_CLEAN_CACHE_BYTES=N bounds
it to about N bytes.`,
    options: {},
    pathsOnly: true,
  },
  async (_args, io) => {
    const trace = io.env.NBGIT_TRACE_FILTER;
    const log = (line: string) => {
      if (trace) appendFileSync(trace, `${line}\n`);
    };
    log(`start pid=${process.pid}`);
    const warn = (m: string) => io.stderr.write(`nbgit filter-process: warning: ${m}\n`);
    // Read on the first clean request (git starts the filter for checkouts too, which only smudge).
    let options: StripOptions | undefined;
    let configSource: ConfigSource | undefined;
    let cache: CleanCache | undefined;
    let hinted = false;
    // Under git (pipes, and this process's own stdin/stdout), blocking reads and writes: no
    // event loop round trip per request. Otherwise (tests, sockets), the streams.
    const pipes = isProcessIO(io) ? stdioPipes() : undefined;
    try {
      const stats = await serveFilterProcess({
        input: pipes?.input ?? io.stdin,
        output: pipes?.output ?? io.stdout,
        clean: (content, request) => {
          if (options === undefined) {
            // git config's nbgit.* entries, from a memo when no config file changed (no git to run)
            const config = nbgitConfig(io.cwd, io.env, gitDirOf(io.cwd, io.env));
            configSource = config.source;
            options = stripOptionsFromConfig(config.entries, warn);
            cache = io.env.NBGIT_NO_CLEAN_CACHE ? undefined : CleanCache.open(io.cwd, io.env, options);
          }
          // the packets the content came in are garbage now: a large file's go before it is parsed
          collectGarbage(content.length);
          const kind = request.pathname.toLowerCase().endsWith('.zpln') ? 'zpln' : 'ipynb';
          const kept = cache?.get(content, kind);
          if (kept !== undefined) return kept;
          // A result that warned is not kept: its warning must be seen again.
          let warned = false;
          const cleaned = cleanContent(content, {
            pathname: request.pathname,
            strip: options,
            warn: (m) => {
              warned = true;
              warn(m);
            },
            collect: collectNow,
          });
          if (!warned) cache?.set(content, kind, cleaned);
          return cleaned;
        },
        log: (message, request) => {
          io.stderr.write(`nbgit filter-process: ${message}\n`);
          // Once: with filter.nbgit.required git now stops, even for diff or checkout.
          if (hinted || request.command !== 'clean') return;
          hinted = true;
          if (!isFilterRequired(io.cwd, io.env)) return;
          io.stderr.write(
            requiredFilterHint(request.pathname)
              .map((l) => `nbgit filter-process: ${l}\n`)
              .join(''),
          );
        },
      });
      log(`exit pid=${process.pid}${configSource ? ` config=${configSource}` : ''} requests=${stats.requests} errors=${stats.errors}`);
      return 0;
    } catch (e) {
      if (!isNbgitError(e)) throw e;
      log(`exit pid=${process.pid} error=${e.code}`);
      io.stderr.write(`nbgit filter-process: ${e.message}\n`);
      return 1;
    } finally {
      cache?.close();
      pipes?.close();
    }
  },
);
