import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Stack, Text } from '@mantine/core';
import type { HostError } from '../../shared/result';
import { formErrorMessage, hostErrorMessage } from './errorMessages';
import type { TranslationKey } from '../i18n/resources';

/**
 * A failed call, in the current language (`hostErrors.*`; in a form, `conflict` gets the form's
 * own wording). `onRetry` adds a *Réessayer* button, e.g. for `server-unreachable`.
 */
export function ErrorAlert({
  error,
  title,
  conflictKey,
  onRetry,
  retryDisabled = false,
  children,
}: {
  error: Pick<HostError, 'code' | 'retryAfterSeconds'>;
  title: string;
  conflictKey?: TranslationKey;
  onRetry?: () => void;
  retryDisabled?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const message = conflictKey === undefined ? hostErrorMessage(error) : formErrorMessage(error, conflictKey);
  return (
    <Alert color="red" role="alert" title={title} data-error-code={error.code}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t(message.key, message.values)}</Text>
        {children}
        {onRetry && (
          <Button size="xs" variant="default" onClick={onRetry} disabled={retryDisabled}>
            {t('admin.common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
