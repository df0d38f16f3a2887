import { useTranslation } from 'react-i18next';
import { Alert } from '@mantine/core';
import type { AuthError } from '../../auth/authService';
import { authErrorMessage } from './authErrorMessage';

/** Why a sign-in, unlock, password change or setup step failed, announced; nothing while none did. */
export function AuthErrorAlert({ error }: { error: AuthError | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" role="alert">
      {authErrorMessage(t, error)}
    </Alert>
  );
}
