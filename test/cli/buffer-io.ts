/** A CliIo that collects stdout and stderr as strings. */
import { Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';

export interface BufferIo extends CliIo {
  out(): string;
  err(): string;
}

function collector(chunks: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
}

export function bufferIo(env: NodeJS.ProcessEnv = {}): BufferIo {
  const out: string[] = [];
  const err: string[] = [];
  return { stdout: collector(out), stderr: collector(err), env, out: () => out.join(''), err: () => err.join('') };
}
