import type { TFunction } from 'i18next';
import type { AuthError } from '../../auth/authService';

/** The sentence shown for a failed sign-in, unlock or password change, in the current language. */
export function authErrorMessage(t: TFunction, error: AuthError): string {
  if (error.code === 'first-sign-in-online') return t('auth.firstSignInOnline');
  if (error.code === 'online-sign-in-required') return t('auth.onlineSignInRequired');
  if (error.code === 'offline-period-over') return t('auth.offlinePeriodOver');
  const message = t(`hostErrors.${error.code}`, { count: error.retryAfterSeconds ?? 0 });
  if (!error.wiped) return message;
  const erased = t(error.code === 'device-revoked' ? 'auth.wipedPc' : 'auth.wiped');
  if (error.wiped.unsentChanges === 0) return `${message} ${erased}`;
  return `${message} ${erased} ${t('auth.wipedUnsent', { count: error.wiped.unsentChanges })}`;
}
