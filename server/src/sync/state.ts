/** The merge state of a synced row as `sync_rows.state` stores it (JSON of `RecordState`). */
import type { RecordState } from '../../../shared/sync/merge';

/** Only push.ts writes this column, from `mergeRecord`'s result: it is trusted as it is read. */
export function parseState(state: string): RecordState {
  return JSON.parse(state) as RecordState;
}

export function serializeState(state: RecordState): string {
  const { record, versions, siblings, tombstone } = state;
  return JSON.stringify({ record, versions, siblings, tombstone });
}
