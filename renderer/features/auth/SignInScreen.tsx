import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { AuthError, AuthService, SignInOutcome } from '../../auth/authService';
import { AuthScreenFrame } from './AuthScreenFrame';
import { authErrorMessage } from './authErrorMessage';

type Fields = { username: string; password: string };

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
            data-autofocus
            {...register('username', { required: true })}
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            {...register('password', { required: true })}
          />
          {error && (
            <Alert color="red" role="alert">
              {authErrorMessage(t, error)}
            </Alert>
          )}
          <Button type="submit" loading={formState.isSubmitting} fullWidth>
            {t('auth.signIn')}
          </Button>
        </Stack>
      </form>
    </AuthScreenFrame>
  );
}
