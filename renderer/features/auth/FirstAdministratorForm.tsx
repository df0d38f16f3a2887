import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { administratorCreateSchema } from '../../../shared/auth/setup';
import type { AuthError, AuthService, SignInOutcome } from '../../auth/authService';
import { useHost } from '../../host/HostContext';
import { AuthErrorAlert } from './AuthErrorAlert';
import { messageKey } from '../../i18n/resources';
import { checkPasswordForm } from './passwordFormRules';

/**
 * The server's rules for a new administrator (`administratorCreateSchema`: username, display name,
 * password policy, password not the username) plus the confirmation, which only the screen knows.
 */
export const firstAdministratorFormSchema = z
  .object({ username: z.string(), displayName: z.string(), password: z.string(), confirmPassword: z.string() })
  .superRefine(({ confirmPassword, ...fields }, context) => {
    checkPasswordForm(context, administratorCreateSchema.safeParse(fields), fields.password, confirmPassword);
  });
type Fields = z.infer<typeof firstAdministratorFormSchema>;

/**
 * Creates the server's first administrator, then signs them in on this PC with the password just
 * chosen (the usual sign-in: it registers the PC and makes the data key, wrapped under the password).
 */
export function FirstAdministratorForm({
  auth,
  onOutcome,
  onAlreadySetUp,
  onBack,
}: {
  auth: AuthService;
  onOutcome: (outcome: Exclude<SignInOutcome, { kind: 'failed' }>, password: string) => void;
  /** Someone set the server up meanwhile: this form has no use any more. */
  onAlreadySetUp: (reason: AuthError) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const host = useHost();
  const [error, setError] = useState<AuthError>();
  const { register, handleSubmit, formState, setFocus } = useForm<Fields>({
    resolver: zodResolver(firstAdministratorFormSchema),
    defaultValues: { username: '', displayName: '', password: '', confirmPassword: '' },
  });
  // The button that opened the form is gone: focus goes to its first field.
  useEffect(() => {
    setFocus('username');
  }, [setFocus]);
  const message = (key: string | undefined) => (key ? t(messageKey(key)) : undefined);

  const onSubmit = async ({ username, displayName, password }: Fields) => {
    setError(undefined);
    const created = await host['setup:createFirstAdministrator']({ username, displayName, password });
    if (!created.ok) {
      if (created.error.code === 'setup-already-done') onAlreadySetUp(created.error);
      else setError(created.error);
      return;
    }
    const outcome = await auth.signIn(created.value.user.username, password);
    if (outcome.kind === 'failed') setError(outcome.error);
    else onOutcome(outcome, password);
  };

  return (
    <form noValidate aria-label={t('setup.admin.title')} onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
      <Stack gap="sm">
        <TextInput
          label={t('setup.admin.username')}
          description={t('setup.admin.usernameHint')}
          autoComplete="username"
          dir="ltr"
          required
          {...register('username')}
          error={message(formState.errors.username?.message)}
        />
        <TextInput
          label={t('setup.admin.displayName')}
          description={t('setup.admin.displayNameHint')}
          autoComplete="name"
          required
          {...register('displayName')}
          error={message(formState.errors.displayName?.message)}
        />
        <PasswordInput
          label={t('setup.admin.password')}
          autoComplete="new-password"
          required
          {...register('password')}
          error={message(formState.errors.password?.message)}
        />
        <PasswordInput
          label={t('setup.admin.confirmPassword')}
          autoComplete="new-password"
          required
          {...register('confirmPassword')}
          error={message(formState.errors.confirmPassword?.message)}
        />
        <AuthErrorAlert error={error} />
        <Group justify="space-between">
          <Button variant="subtle" onClick={onBack}>
            {t('setup.back')}
          </Button>
          <Button type="submit" loading={formState.isSubmitting}>
            {t('setup.admin.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
