/**
 * The two file operations every store of the main process relies on (settings, device
 * credentials). A write is atomic: a temporary file beside the target (owner-only), flushed, then
 * renamed over it, so a crash leaves the old or the new file, never half of one. A file that cannot
 * be used is renamed aside (`<name>.corrupt-<time>`) for support to inspect, never deleted.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomically(filePath: string, content: string): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const temporaryPath = `${filePath}.${randomUUID()}.tmp`;
  try {
    const file = await open(temporaryPath, 'w', 0o600);
    try {
      await file.writeFile(content, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporaryPath, filePath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}

/** Renames the file aside and returns the new file name (without its folder). */
export async function setFileAside(filePath: string, now: Date): Promise<string> {
  const asidePath = `${filePath}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  await rename(filePath, asidePath);
  return path.basename(asidePath);
}

/**
 * Runs the operations given to it one after the other, in call order, whatever each one's
 * outcome: a store's read-modify-write never interleaves with another.
 */
export function createSerialQueue(): <T>(operation: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(operation: () => Promise<T>): Promise<T> => {
    const run = queue.then(operation);
    queue = run.catch(() => undefined);
    return run;
  };
}
