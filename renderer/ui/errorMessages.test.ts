import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n';
import { formErrorMessage, hostErrorMessage } from './errorMessages';

describe('messages', () => {
  it('translates host errors by code, with the throttling delay', () => {
    expect(hostErrorMessage({ code: 'server-unreachable' })).toEqual({
      key: 'hostErrors.server-unreachable',
      values: {},
    });
    expect(hostErrorMessage({ code: 'throttled', retryAfterSeconds: 30 })).toEqual({
      key: 'hostErrors.throttled',
      values: { count: 30 },
    });
    const [fr, ar] = [createI18n('fr'), createI18n('ar')];
    for (const [retryAfterSeconds, french, arabic] of [
      [30, 'Trop de tentatives : réessayez dans 30 s.', 'محاولات كثيرة: أعد المحاولة بعد 30 ثانية.'],
      [4, 'Trop de tentatives : réessayez dans 4 s.', 'محاولات كثيرة: أعد المحاولة بعد 4 ثوانٍ.'],
      [1, 'Trop de tentatives : réessayez dans 1 s.', 'محاولات كثيرة: أعد المحاولة بعد ثانية واحدة.'],
      [undefined, 'Trop de tentatives : réessayez dans un instant.', 'محاولات كثيرة: أعد المحاولة بعد لحظات.'],
    ] as const) {
      const { key, values } = hostErrorMessage({ code: 'throttled', retryAfterSeconds });
      expect(fr.t(key, values)).toBe(french);
      expect(ar.t(key, values)).toBe(arabic);
    }
  });

  it('gives a form its own wording for a conflict only', () => {
    expect(formErrorMessage({ code: 'conflict' }, 'admin.centres.form.conflict').key).toBe(
      'admin.centres.form.conflict',
    );
    expect(formErrorMessage({ code: 'no-session' }, 'admin.centres.form.conflict').key).toBe('hostErrors.no-session');
  });
});
