import { describe, expect, it } from 'vitest';
import { syncSections, toSyncSection } from './syncSections';

describe('toSyncSection', () => {
  it('reads each section named in the address', () => {
    for (const section of syncSections) expect(toSyncSection(section)).toBe(section);
  });

  it('falls back to the journal for no section or an unknown one', () => {
    expect(toSyncSection(null)).toBe('journal');
    expect(toSyncSection('')).toBe('journal');
    expect(toSyncSection('conflicts')).toBe('journal');
    expect(toSyncSection('Review')).toBe('journal');
  });
});
