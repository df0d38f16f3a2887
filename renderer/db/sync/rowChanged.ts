import { jsonEquals, type JsonValue } from '../../../shared/sync/merge';

/**
 * Whether writing `after` over the stored `before` changes what the PC holds: what a pulled page
 * counts as received. A row sent back with the values this PC already has (its own push coming
 * back, a table pulled again) is not a change; versions and server seqs are bookkeeping, not
 * content, and are not compared. A missing field and a null one are the same, as for the change
 * capture (`sameValue` in changeCapture.ts), and object key order does not matter.
 */
export function rowChanged(
  before: Readonly<Record<string, unknown>> | undefined,
  after: Readonly<Record<string, unknown>>,
): boolean {
  if (before === undefined) return true;
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)]))
    if (!sameStoredValue(before[field], after[field])) return true;
  return false;
}

function sameStoredValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null)
    return (a === undefined || a === null) && (b === undefined || b === null);
  // Synced rows hold JSON values only: what the change capture and the server carry.
  return jsonEquals(a as JsonValue, b as JsonValue);
}
