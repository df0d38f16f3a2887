import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/i18n';
import { setupAr } from '../../i18n/setup.ar';
import { setupFr } from '../../i18n/setup.fr';
import { firstAdministratorFormSchema } from './FirstAdministratorForm';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );
}

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

const valid = {
  username: 'admin.siege',
  displayName: 'Administrateur du siège',
  password: 'un long mot de passe',
  confirmPassword: 'un long mot de passe',
};

describe('first-run strings', () => {
  it('are complete in Arabic, with the same placeholders as in French', () => {
    const french = leaves(setupFr);
    const arabic = new Map(leaves(setupAr));
    expect([...arabic.keys()].sort()).toEqual(french.map(([key]) => key).sort());
    for (const [key, text] of french) {
      expect(arabic.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(arabic.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('give every message of the first administrator form, in both languages', () => {
    const fields = (overrides: Partial<typeof valid>) =>
      firstAdministratorFormSchema.safeParse({ ...valid, ...overrides });
    expect(fields({}).success).toBe(true);
    const cases: [Partial<typeof valid>, string, string][] = [
      [{ username: 'A' }, 'username', 'errors.usernameFormat'],
      [{ displayName: ' ' }, 'displayName', 'errors.required'],
      [{ displayName: 'x'.repeat(101) }, 'displayName', 'errors.tooLong'],
      [{ password: 'court', confirmPassword: 'court' }, 'password', 'errors.passwordTooShort'],
      [
        { username: 'admin.siege', password: 'ADMIN.SIEGE', confirmPassword: 'ADMIN.SIEGE' },
        'password',
        'errors.passwordIsUsername',
      ],
      [{ confirmPassword: 'un autre mot de passe' }, 'confirmPassword', 'auth.passwordsDiffer'],
    ];
    for (const language of ['fr', 'ar'] as const) {
      const i18n = createI18n(language);
      for (const [overrides, path, message] of cases) {
        const issues = fields(overrides).error?.issues ?? [];
        expect(
          issues.map((issue) => [issue.path.join('.'), issue.message]),
          JSON.stringify(overrides),
        ).toContainEqual([path, message]);
        for (const issue of issues) expect(i18n.exists(issue.message), `${language} ${issue.message}`).toBe(true);
      }
      for (const code of ['setup-not-local', 'setup-already-done'])
        expect(i18n.exists(`hostErrors.${code}`), `${language} ${code}`).toBe(true);
    }
  });
});
