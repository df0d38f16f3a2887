import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Button, PasswordInput, Stack } from '@mantine/core';
import { changePasswordRequestSchema, type UserProfile } from '../../../shared/auth/schemas';
import type { AuthError, AuthService, SignInOutcome } from '../../auth/authService';
import { AuthScreenFrame } from './AuthScreenFrame';
import { AuthErrorAlert } from './AuthErrorAlert';
import { messageKey } from '../../i18n/resources';
import { checkPasswordForm } from './passwordFormRules';

/**
 * The server's rules for a new password (`changePasswordRequestSchema`: length, different from
 * the current one) plus the confirmation, which only the screen knows about.
 */
const schema = z
  .object({ currentPassword: z.string(), newPassword: z.string(), confirmPassword: z.string() })
  .superRefine(({ confirmPassword, ...request }, context) => {
    checkPasswordForm(context, changePasswordRequestSchema.safeParse(request), request.newPassword, confirmPassword);
  });
type Fields = z.infer<typeof schema>;

/** Replacing a one-time password: nothing else opens before it is done. */
export function ChangePasswordScreen({
  auth,
  user,
  oneTimePassword,
  onDone,
  onCancel,
}: {
  auth: AuthService;
  user: UserProfile;
  oneTimePassword: string;
  onDone: (outcome: Extract<SignInOutcome, { kind: 'signed-in' }>) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<AuthError>();
  const { register, handleSubmit, formState, setFocus } = useForm<Fields>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: oneTimePassword, newPassword: '', confirmPassword: '' },
  });
  // The one-time password is filled in: the new one is what the user types first
  // (data-autofocus works only inside Mantine's focus traps; after sign-in focus was on <body>).
  useEffect(() => {
    setFocus('newPassword');
  }, [setFocus]);
  const message = (key: string | undefined) => (key ? t(messageKey(key)) : undefined);

  const onSubmit = async (fields: Fields) => {
    setError(undefined);
    const outcome = await auth.replaceOneTimePassword(user, fields.currentPassword, fields.newPassword);
    if (outcome.kind === 'signed-in') onDone(outcome);
    else if (outcome.kind === 'failed') setError(outcome.error);
  };

  return (
    <AuthScreenFrame
      title={t('auth.changePasswordTitle')}
      intro={t('auth.changePasswordIntro', { name: user.displayName })}
    >
      <form noValidate aria-label={t('auth.changePasswordTitle')} onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
        <Stack gap="sm">
          <PasswordInput
            label={t('auth.currentPassword')}
            autoComplete="current-password"
            {...register('currentPassword')}
            error={message(formState.errors.currentPassword?.message)}
          />
          <PasswordInput
            label={t('auth.newPassword')}
            autoComplete="new-password"
            {...register('newPassword')}
            error={message(formState.errors.newPassword?.message)}
          />
          <PasswordInput
            label={t('auth.confirmPassword')}
            autoComplete="new-password"
            {...register('confirmPassword')}
            error={message(formState.errors.confirmPassword?.message)}
          />
          <AuthErrorAlert error={error} />
          <Button type="submit" loading={formState.isSubmitting} fullWidth>
            {t('auth.savePassword')}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            {t('auth.switchUser')}
          </Button>
        </Stack>
      </form>
    </AuthScreenFrame>
  );
}
