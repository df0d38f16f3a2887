import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/i18n';
import { firstAdministratorFormSchema } from './FirstAdministratorForm';

const valid = {
  username: 'admin.siege',
  displayName: 'Administrateur du siège',
  password: 'un long mot de passe',
  confirmPassword: 'un long mot de passe',
};

// That Arabic has every key and placeholder of French: tests/i18n/translations.test.ts.
describe('first-run strings', () => {
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
