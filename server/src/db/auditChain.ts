/**
 * The hash chain of the audit trail, without I/O: how an entry is serialised, how its hash follows
 * from the previous one, and how a sequence of stored entries is checked (audit.ts reads and
 * writes them). Rules:
 *
 * 1. Entries are numbered 1, 2, 3… without a gap (`seq`), in the order they were appended.
 * 2. `hash(n) = SHA-256(hex hash(n−1) ‖ canonical(entry n))`, with 64 zeros before entry 1.
 *    `canonical` is the JSON array of every stored fact of the entry in a fixed order — its
 *    persons (beneficiary ids, kept in their own table for the filter) included, sorted — so a
 *    change of any fact, or of the person index, changes the hash.
 * 3. The chain head (`audit_chain`: last seq, last hash) is the one row every append locks; a
 *    deleted last entry leaves the head pointing past the table's end.
 *
 * What it cannot detect alone: someone with write access to the database who rebuilds the whole
 * chain from the changed entry on, head included (SHA-256 has no secret). The last hash, written
 * down outside the server (the verify command prints it), shows that.
 */
import { createHash } from 'node:crypto';
import type { AuditProblemKind, AuditVerification } from '../../../shared/audit/auditEvents';

export const genesisHash = '0'.repeat(64);
/** Changes only with a new serialisation; entries never change theirs. */
const canonicalVersion = 'masar-audit-1';

export interface ChainedEntry {
  seq: number;
  id: string;
  at: string;
  type: string;
  outcome: string;
  actorUserId: string | null;
  subjectUserId: string | null;
  deviceId: string | null;
  username: string | null;
  /** The stored JSON text, as stored (never re-serialised: key order would change the hash). */
  detail: string;
  beneficiaryIds: readonly string[];
}

export function canonicalEntry(entry: ChainedEntry): string {
  return JSON.stringify([
    canonicalVersion,
    entry.seq,
    entry.id,
    entry.at,
    entry.type,
    entry.outcome,
    entry.actorUserId,
    entry.subjectUserId,
    entry.deviceId,
    entry.username,
    entry.detail,
    [...new Set(entry.beneficiaryIds)].sort(),
  ]);
}

export function chainHash(previousHash: string, entry: ChainedEntry): string {
  return createHash('sha256').update(previousHash).update(canonicalEntry(entry)).digest('hex');
}

export interface ChainHead {
  lastSeq: number;
  lastHash: string;
}

/**
 * Checks stored entries fed in `seq` order, one at a time (the database is read in pages), and
 * keeps the first problem:
 * - `deleted`: a number is missing (at that number), or the head names entries past the last one;
 * - `inserted`: an entry beyond the head, or numbered below 1;
 * - `changed`: an entry whose stored hash is not the hash of its facts after the previous stored
 *   hash — its facts or its hash were changed (if its hash was rewritten to match, the next entry
 *   is the first that no longer follows);
 * - `head`: the head is missing while entries exist, or names a hash the last entry does not have.
 */
export class ChainVerifier {
  #expectedSeq = 1;
  #previousHash = genesisHash;
  #entries = 0;
  #problem: { kind: AuditProblemKind; seq: number } | undefined;
  private readonly head: ChainHead | undefined;

  constructor(head: ChainHead | undefined) {
    this.head = head;
  }

  get hasProblem(): boolean {
    return this.#problem !== undefined;
  }

  feed(entry: ChainedEntry & { hash: string }): void {
    if (this.#problem !== undefined) return;
    if (entry.seq < 1 || (this.head !== undefined && entry.seq > this.head.lastSeq)) {
      this.#problem = { kind: 'inserted', seq: entry.seq };
      return;
    }
    if (entry.seq > this.#expectedSeq) {
      this.#problem = { kind: 'deleted', seq: this.#expectedSeq };
      return;
    }
    if (chainHash(this.#previousHash, entry) !== entry.hash) {
      this.#problem = { kind: 'changed', seq: entry.seq };
      return;
    }
    this.#previousHash = entry.hash;
    this.#expectedSeq = entry.seq + 1;
    this.#entries += 1;
  }

  finish(): AuditVerification {
    const entries = this.#entries;
    if (this.#problem !== undefined) return { isIntact: false, entries, problem: this.#problem };
    if (this.head === undefined) {
      return entries === 0
        ? { isIntact: true, entries, headHash: genesisHash }
        : { isIntact: false, entries, problem: { kind: 'head', seq: entries } };
    }
    if (this.head.lastSeq > entries) {
      return { isIntact: false, entries, problem: { kind: 'deleted', seq: entries + 1 } };
    }
    if (this.head.lastHash !== this.#previousHash) {
      return { isIntact: false, entries, problem: { kind: 'head', seq: this.head.lastSeq } };
    }
    return { isIntact: true, entries, headHash: this.#previousHash };
  }
}
