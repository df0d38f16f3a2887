/** The message of a failed call, as an i18n key and its values: the alerts' (`Alerts.tsx`). */
import type { HostError } from '../../shared/result';
import type { TranslationKey } from '../i18n/resources';

/** The i18n key and values of a host or server error (`hostErrors.*`). */
export function hostErrorMessage(error: Pick<HostError, 'code' | 'retryAfterSeconds'>): {
  key: TranslationKey;
  values: { count?: number };
} {
  return {
    key: `hostErrors.${error.code}`,
    // The delay of `throttled` is counted (`hostErrors.throttled_one`, `_other`…): i18next picks the
    // plural form from `count`, and finds no sentence at all without one.
    values: error.code === 'throttled' ? { count: error.retryAfterSeconds ?? 0 } : {},
  };
}

/**
 * The message of a failed save in a form: `conflict` gets the form's own wording ("this code is
 * already taken"), everything else the host error's.
 */
export function formErrorMessage(
  error: Pick<HostError, 'code' | 'retryAfterSeconds'>,
  conflictKey: TranslationKey,
): { key: TranslationKey; values: { count?: number } } {
  return error.code === 'conflict' ? { key: conflictKey, values: {} } : hostErrorMessage(error);
}
