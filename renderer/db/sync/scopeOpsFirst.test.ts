import { describe, expect, it } from 'vitest';
import { scopeOpsFirst } from './outbox';
import type { OutboxEntry } from './types';

const op = (seq: number, rowId: string, field: string): OutboxEntry => ({
  seq,
  table: 'beneficiaries',
  rowId,
  field,
  kind: 'set',
  value: field,
  hlc: `h${seq}`,
  baseVersion: null,
});

describe('scopeOpsFirst', () => {
  it('moves a row’s centre op before its other ops, leaving other rows in place', () => {
    const entries = [
      op(1, 'a', 'cin'),
      op(2, 'b', 'centreId'),
      op(3, 'b', 'cin'),
      op(4, 'a', 'sex'),
      op(5, 'a', 'centreId'),
    ];
    expect(scopeOpsFirst(entries).map((entry) => entry.seq)).toEqual([5, 1, 2, 3, 4]);
  });

  it('keeps the order when every centre op already comes first', () => {
    const entries = [op(1, 'a', 'centreId'), op(2, 'a', 'cin'), op(3, 'b', 'centreId'), op(4, 'b', 'cin')];
    expect(scopeOpsFirst(entries)).toEqual(entries);
  });

  it('keeps rows that started after the moved op in their order', () => {
    const entries = [op(1, 'a', 'cin'), op(2, 'b', 'cin'), op(3, 'a', 'centreId'), op(4, 'b', 'centreId')];
    expect(scopeOpsFirst(entries).map((entry) => entry.seq)).toEqual([3, 1, 4, 2]);
  });
});
