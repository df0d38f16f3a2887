import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button, PasswordInput, Stack } from '@mantine/core';
import type { UserProfile } from '../../../shared/auth/schemas';
import type { AuthError, AuthService } from '../../auth/authService';
import type { DataKey } from '../../crypto/dataKey';
import { AuthScreenFrame } from './AuthScreenFrame';
import { AuthErrorAlert } from './AuthErrorAlert';

/** *Verrouiller*: only the same user's password (checked on this PC) opens it again. */
export function LockScreen({
  auth,
  user,
  onUnlocked,
  onSwitchUser,
}: {
  auth: AuthService;
  user: UserProfile;
  /** With the data key the password opened again (`null` for an account from before data keys). */
  onUnlocked: (dataKey: DataKey | null) => void;
  onSwitchUser: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<AuthError>();
  const { register, handleSubmit, formState, setValue, setFocus } = useForm<{ password: string }>({
    defaultValues: { password: '' },
  });

  // The password is all there is to type (data-autofocus works only in Mantine's focus traps).
  useEffect(() => {
    setFocus('password');
  }, [setFocus]);

  const onSubmit = async ({ password }: { password: string }) => {
    setError(undefined);
    const result = await auth.unlock(user, password);
    if (result.ok) onUnlocked(result.value);
    else {
      setError(result.error);
      setValue('password', '');
      setFocus('password');
    }
  };

  return (
    <AuthScreenFrame title={t('auth.lockedTitle')} intro={t('auth.lockedIntro', { name: user.displayName })}>
      <form noValidate aria-label={t('auth.lockedTitle')} onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
        <Stack gap="sm">
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            error={formState.errors.password ? t('errors.required') : undefined}
            {...register('password', { required: true })}
          />
          <AuthErrorAlert error={error} />
          <Button type="submit" loading={formState.isSubmitting} fullWidth>
            {t('auth.unlock')}
          </Button>
          <Button variant="subtle" onClick={onSwitchUser}>
            {t('auth.switchUser')}
          </Button>
        </Stack>
      </form>
    </AuthScreenFrame>
  );
}
