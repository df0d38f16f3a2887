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

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

describe('administration strings', () => {
  it('are complete in Arabic, with the same placeholders as in French', () => {
    const french = leaves(adminFr);
    const arabic = new Map(leaves(adminAr));
    // Arabic adds its own plural forms of a counted string (plurals.test.ts checks them).
    const arabicPluralForm = /_(zero|two|few|many)$/;
    expect([...arabic.keys()].filter((key) => !arabicPluralForm.test(key)).sort()).toEqual(
      french.map(([key]) => key).sort(),
    );
    for (const [key, text] of french) {
      expect(arabic.get(key)?.trim(), key).not.toBe('');
      // "مركز واحد": an Arabic singular or dual may leave the figure out.
      if (!key.endsWith('_one')) expect(placeholders(arabic.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

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
