/**
 * Blocking, synchronous access to the process's stdin and stdout when they are pipes (as
 * git runs a filter process), for the filter's request-reply loop: a blocking read returns
 * as soon as git has written, without a turn of the event loop per request.
 *
 * Node puts the pipes of `process.stdin`/`process.stdout` in non-blocking mode (where a
 * synchronous read fails with `EAGAIN`), so the pipes are opened again through
 * `/proc/self/fd` (Linux), which gives new, blocking descriptions of the same pipes.
 * Elsewhere, or when stdin or stdout is not an anonymous pipe (a file, a socket, a named
 * FIFO), there is no such access and the caller uses the streams.
 */
import { closeSync, openSync, readlinkSync, readSync, writeSync } from 'node:fs';
import { NbgitError } from '@nbgit/core';
import type { ByteWriter } from './filter-process.js';
import type { ByteReader } from './pktline.js';

/** Blocking reader and writer for the process's stdin and stdout. */
export interface StdioPipes {
  input: ByteReader;
  output: ByteWriter;
  /** Closes the descriptors opened for them. */
  close(): void;
}

/**
 * True when `fd` is an anonymous pipe (`pipe:[1234]`). Not a named FIFO: opening one of
 * those again would wait for a writer that may be gone.
 */
function isPipe(fd: number): boolean {
  try {
    return /^pipe:\[\d+\]$/.test(readlinkSync(`/proc/self/fd/${fd}`));
  } catch {
    return false;
  }
}

/** Sleeps `ms` milliseconds without the event loop (only if a read would block after all). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Blocking reader and writer on the process's stdin and stdout, when both are pipes and
 * the platform lets them be opened again (Linux); otherwise `undefined`.
 */
export function stdioPipes(): StdioPipes | undefined {
  if (process.platform !== 'linux' || !isPipe(0) || !isPipe(1)) return undefined;
  let inFd: number;
  let outFd: number;
  try {
    inFd = openSync('/proc/self/fd/0', 'r');
  } catch {
    return undefined;
  }
  try {
    outFd = openSync('/proc/self/fd/1', 'w');
  } catch {
    closeSync(inFd);
    return undefined;
  }
  let wait = 0;
  const input: ByteReader = (buffer, offset, length) => {
    for (;;) {
      try {
        const n = readSync(inFd, buffer, offset, length, null);
        wait = 0;
        return n;
      } catch (e) {
        // A blocking descriptor does not do this; should it anyway, wait a little and retry.
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        pause(wait);
        wait = Math.min(10, wait + 1);
      }
    }
  };
  const output: ByteWriter = (data) => {
    let off = 0;
    while (off < data.byteLength) {
      try {
        off += writeSync(outFd, data, off, data.byteLength - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') pause(1);
        else if (code === 'EPIPE') throw new NbgitError('EPROTOCOL', 'git closed the pipe before reading the reply', { cause: e });
        else throw e;
      }
    }
  };
  return {
    input,
    output,
    close() {
      closeSync(inFd);
      closeSync(outFd);
    },
  };
}
