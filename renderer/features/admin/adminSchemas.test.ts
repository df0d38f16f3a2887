import { describe, expect, it } from 'vitest';
import { centreInputSchema } from '../../../shared/auth/schemas';
import { isMissingCentre, userCreateFormSchema, userEditFormSchema, userFormResolver } from './adminSchemas';

const centreId = '0190a4c2-0000-7000-8000-000000000001';

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
}

describe('new user form', () => {
  const valid = { username: ' A.Benali ', displayName: ' Amina Benali ', role: 'conseiller', centreIds: [centreId] };

  it('accepts a counsellor with a centre, and normalises the username', () => {
    expect(userCreateFormSchema.parse(valid)).toEqual({
      username: 'a.benali',
      displayName: 'Amina Benali',
      role: 'conseiller',
      centreIds: [centreId],
    });
  });

  it('requires a centre for every role but the administrator', () => {
    for (const role of ['conseiller', 'coordinateur_centre', 'coordinateur_regional']) {
      expect(issues(userCreateFormSchema.safeParse({ ...valid, role, centreIds: [] }))).toEqual({
        centreIds: 'admin.errors.centresRequired',
      });
    }
    expect(userCreateFormSchema.safeParse({ ...valid, role: 'administrateur', centreIds: [] }).success).toBe(true);
  });

  it('reports the missing centre together with a wrong username', () => {
    expect(issues(userCreateFormSchema.safeParse({ ...valid, username: '!', centreIds: [] }))).toEqual({
      username: 'errors.usernameFormat',
      centreIds: 'admin.errors.centresRequired',
    });
  });

  it('alone reports the missing centre only once the display name is given (the name check aborts)', () => {
    expect(issues(userCreateFormSchema.safeParse({ ...valid, displayName: ' ', centreIds: [] }))).toEqual({
      displayName: 'errors.required',
    });
  });

  it('asks for a role when none is chosen', () => {
    expect(issues(userCreateFormSchema.safeParse({ ...valid, role: undefined }))).toEqual({
      role: 'errors.roleRequired',
    });
  });
});

describe('user change form', () => {
  it('checks name, role and centres, not the (fixed) username', () => {
    const parsed = userEditFormSchema.parse({
      username: 'Legacy User',
      displayName: 'Amina',
      role: 'conseiller',
      centreIds: [centreId],
    });
    expect(parsed.displayName).toBe('Amina');
    expect(
      issues(userEditFormSchema.safeParse({ username: 'x', displayName: 'A', role: 'conseiller', centreIds: [] })),
    ).toEqual({ centreIds: 'admin.errors.centresRequired' });
  });
});

describe('centre form', () => {
  it('uppercases the code and requires every field', () => {
    expect(centreInputSchema.parse({ code: ' casa-01 ', nameFr: 'CAPC', nameAr: 'مركز', regionCode: 'CSE' }).code).toBe(
      'CASA-01',
    );
    expect(issues(centreInputSchema.safeParse({ code: '', nameFr: '', nameAr: '' }))).toEqual({
      code: 'errors.centreCodeFormat',
      nameFr: 'errors.required',
      nameAr: 'errors.required',
      regionCode: 'errors.regionRequired',
    });
  });
});

describe('user form resolver', () => {
  const options = { fields: {}, shouldUseNativeValidation: false };
  const messages = (errors: Record<string, { message?: unknown } | undefined>) =>
    Object.fromEntries(Object.entries(errors).map(([field, error]) => [field, error?.message]));

  it('shows every mistake of an empty new user at once, the missing centre included', async () => {
    const resolve = userFormResolver('create');
    const result = await resolve(
      { username: '', displayName: '', role: 'conseiller', centreIds: [] },
      undefined,
      options,
    );
    expect(messages(result.errors)).toEqual({
      username: 'errors.usernameFormat',
      displayName: 'errors.required',
      centreIds: 'admin.errors.centresRequired',
    });
  });

  it('passes valid values through, transformed', async () => {
    const resolve = userFormResolver('create');
    const result = await resolve(
      { username: 'N.Tazi', displayName: 'Nadia Tazi', role: 'conseiller', centreIds: [centreId] },
      undefined,
      options,
    );
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({
      username: 'n.tazi',
      displayName: 'Nadia Tazi',
      role: 'conseiller',
      centreIds: [centreId],
    });
  });

  it('lets an administrator go without centre, when changing a user too', async () => {
    const resolve = userFormResolver('edit');
    const result = await resolve(
      { username: 'x', displayName: '', role: 'administrateur', centreIds: [] },
      undefined,
      options,
    );
    expect(messages(result.errors)).toEqual({ displayName: 'errors.required' });
  });

  it('knows when a centre is missing from raw values', () => {
    expect(isMissingCentre({ role: 'conseiller', centreIds: [] })).toBe(true);
    expect(isMissingCentre({ role: 'conseiller', centreIds: [centreId] })).toBe(false);
    expect(isMissingCentre({ role: 'administrateur', centreIds: [] })).toBe(false);
    expect(isMissingCentre({ role: undefined, centreIds: [] })).toBe(false);
  });
});
