import { Writable } from 'node:stream';

/** A stream that keeps all that is written to it as text: a command's stdout or stderr, a server's log. */
export function textCollector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}
