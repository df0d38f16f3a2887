import type { JsonValue } from '../../../shared/sync/merge';
import type { OutboxEntry } from './types';

/**
 * The outbox as field ops: each `insert` entry (a new row in one record, see `OutboxEntry`)
 * becomes one `set` op per field, in the insert's place. The ops of an insert numbered `s` get
 * the local seqs `s + k/(n+1)` (k = 1…n, n fields): between `s` and `s + 1`, so the outbox's seq
 * order is still the order of the writes, and valid IndexedDB keys under the auto-increment
 * generator. Other entries are returned as they are.
 */
export function expandInserts(entries: readonly OutboxEntry[]): OutboxEntry[] {
  if (!entries.some((entry) => entry.kind === 'insert')) return [...entries];
  return entries.flatMap((entry): OutboxEntry[] => {
    if (entry.kind !== 'insert') return [entry];
    const fields = Object.entries(fieldsOf(entry.value));
    const { seq, table, rowId, hlc } = entry;
    return fields.map(([field, value], index) => ({
      ...(seq === undefined ? {} : { seq: seq + (index + 1) / (fields.length + 1) }),
      table,
      rowId,
      hlc,
      field,
      kind: 'set',
      value,
      baseVersion: null,
    }));
  });
}

/** Whether a pending entry writes `field` (an insert writes every field it holds). */
export function writesField(entry: OutboxEntry, field: string): boolean {
  return entry.kind === 'insert' ? field in fieldsOf(entry.value) : entry.field === field;
}

function fieldsOf(value: JsonValue): Readonly<Record<string, JsonValue>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('outbox: an insert entry must hold the row as an object');
  return value as Readonly<Record<string, JsonValue>>;
}
