import { describe, expect, it } from 'vitest';
import { roles } from '../../../shared/auth/roles';
import { centreInputSchema, displayNameSchema } from '../../../shared/auth/schemas';
import { hostErrorCodes } from '../../../shared/result';
import { adminAr } from '../../i18n/admin.ar';
import { adminFr } from '../../i18n/admin.fr';
import { ar } from '../../i18n/ar';
import { fr } from '../../i18n/fr';
import { userCreateFormSchema } from './adminSchemas';

type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

// That Arabic has every key, plural form and placeholder of French: tests/i18n/translations.test.ts.
describe('administration strings', () => {
  it('name every role', () => {
    for (const role of roles) {
      expect(adminFr.roles[role]).toBeTruthy();
      expect(adminAr.roles[role]).toBeTruthy();
    }
  });

  it('translate every field message the administration forms can show', () => {
    const failures = [
      centreInputSchema.safeParse({ code: '', nameFr: '', nameAr: 'x'.repeat(101) }),
      userCreateFormSchema.safeParse({ username: '', displayName: '', role: 'x', centreIds: [] }),
      userCreateFormSchema.safeParse({ username: 'abc', displayName: 'A', role: 'conseiller', centreIds: [] }),
      displayNameSchema.safeParse(' '),
    ];
    const keys = new Set(failures.flatMap((r) => r.error?.issues.map((i) => i.message) ?? []));
    expect(keys.size).toBeGreaterThanOrEqual(6);
    for (const key of keys) {
      expect(lookup(fr as unknown as Tree, key), `fr ${key}`).toBeTruthy();
      expect(lookup(ar as unknown as Tree, key), `ar ${key}`).toBeTruthy();
    }
  });

  it('can rely on a translation of every host error code, in both languages', () => {
    // A code whose sentence counts (throttled: "dans 30 s") has plural forms instead of a bare key.
    const sentence = (messages: Record<string, string>, code: string) => messages[code] ?? messages[`${code}_other`];
    for (const code of hostErrorCodes) {
      expect(sentence(fr.hostErrors, code), `fr ${code}`).toBeTruthy();
      expect(sentence(ar.hostErrors, code), `ar ${code}`).toBeTruthy();
    }
  });
});
