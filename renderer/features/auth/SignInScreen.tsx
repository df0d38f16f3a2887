import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { AuthError, AuthService, SignInOutcome } from '../../auth/authService';
import { AuthScreenFrame } from './AuthScreenFrame';
import { FirstRunScreen } from './FirstRunScreen';
import { AuthErrorAlert } from './AuthErrorAlert';
import { useSetupStatus } from './useSetupStatus';

type Fields = { username: string; password: string };

/**
 * Signing in. A server that has no account yet says so (`setup:status`), and the screen shows the
 * first run instead (FirstRunScreen); while the server cannot say (unreachable), the form is shown
 * as always, offline sign-in included.
 */
export function SignInScreen({
  auth,
  onOutcome,
  notice,
}: {
  auth: AuthService;
  onOutcome: (outcome: Exclude<SignInOutcome, { kind: 'failed' }>, password: string) => void;
  notice?: AuthError | undefined;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<AuthError | undefined>(notice);
  const { register, handleSubmit, formState, setValue, setFocus } = useForm<Fields>({
    defaultValues: { username: '', password: '' },
  });
  const { check, recheck } = useSetupStatus();
  const showsForm = !(check.kind === 'known' && !check.status.hasAccounts);

  // The username is where the user starts typing (Mantine's data-autofocus works only inside its
  // dialogs and focus traps). After a sign-out, focus would otherwise fall to <body>.
  useEffect(() => {
    if (showsForm) setFocus('username');
  }, [showsForm, setFocus]);

  if (check.kind === 'known' && !check.status.hasAccounts) {
    return (
      <FirstRunScreen
        isLoopback={check.status.isLoopback}
        auth={auth}
        onOutcome={onOutcome}
        onLeave={(reason) => {
          setError(reason);
          recheck();
        }}
      />
    );
  }

  const onSubmit = async ({ username, password }: Fields) => {
    setError(undefined);
    const outcome = await auth.signIn(username, password);
    if (outcome.kind === 'failed') {
      setError(outcome.error);
      setValue('password', '');
      setFocus('password');
      return;
    }
    onOutcome(outcome, password);
  };

  return (
    <AuthScreenFrame title={t('auth.signInTitle')} intro={t('auth.signInIntro')}>
      <form noValidate aria-label={t('auth.signInTitle')} onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
        <Stack gap="sm">
          <TextInput
            label={t('auth.username')}
            autoComplete="username"
            dir="ltr"
            required
            error={formState.errors.username ? t('errors.required') : undefined}
            {...register('username', { required: true })}
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            error={formState.errors.password ? t('errors.required') : undefined}
            {...register('password', { required: true })}
          />
          <AuthErrorAlert error={error} />
          <Button type="submit" loading={formState.isSubmitting} fullWidth>
            {t('auth.signIn')}
          </Button>
        </Stack>
      </form>
    </AuthScreenFrame>
  );
}
