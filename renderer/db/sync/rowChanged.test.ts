import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowChanged } from './rowChanged';

const jsonArb = fc.jsonValue() as fc.Arbitrary<unknown>;
const rowArb = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), jsonArb, { maxKeys: 12 });

/** The same value with every object's keys in reverse order (as another writer may build it). */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .reverse()
      .map(([key, inner]) => [key, reordered(inner)]),
  );
}

describe('rowChanged', () => {
  it('a row new to the PC is a change', () => {
    expect(rowChanged(undefined, { id: 'a' })).toBe(true);
  });

  it('a row coming back as the PC holds it is no change, whatever the order of its keys', () => {
    fc.assert(
      fc.property(rowArb, (row) => {
        expect(rowChanged(row, structuredClone(row))).toBe(false);
        expect(rowChanged(row, reordered(row) as Record<string, unknown>)).toBe(false);
      }),
    );
  });

  it('any field given another value is a change', () => {
    fc.assert(
      fc.property(rowArb, fc.string({ minLength: 1, maxLength: 8 }), jsonArb, (row, field, value) => {
        fc.pre(JSON.stringify(row[field] ?? null) !== JSON.stringify(value));
        expect(rowChanged(row, { ...row, [field]: value })).toBe(true);
        expect(rowChanged({ ...row, [field]: value }, row)).toBe(true);
      }),
    );
  });

  it('a missing field and a null one are the same, as for the change capture', () => {
    expect(rowChanged({ id: 'a', phone: null }, { id: 'a' })).toBe(false);
    expect(rowChanged({ id: 'a' }, { id: 'a', phone: null })).toBe(false);
    expect(rowChanged({ id: 'a' }, { id: 'a', phone: '' })).toBe(true);
  });

  it('compares nested values by content', () => {
    const before = { id: 'a', reasons: ['cin', 'name'], items: [{ label: 'Four', quantity: 1 }] };
    expect(rowChanged(before, { ...before, items: [{ quantity: 1, label: 'Four' }] })).toBe(false);
    expect(rowChanged(before, { ...before, reasons: ['name', 'cin'] })).toBe(true);
    expect(rowChanged(before, { ...before, items: [{ label: 'Four', quantity: 2 }] })).toBe(true);
  });
});
