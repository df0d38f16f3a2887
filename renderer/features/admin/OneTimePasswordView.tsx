import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, List, Paper, Stack, Text } from '@mantine/core';

export type OneTimePasswordGrant = { displayName: string; username: string; oneTimePassword: string };

async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard (insecure context, permission refused): the password is on screen to copy by hand.
    return false;
  }
}

/**
 * The one-time password of a new or reset account, shown once (the server keeps only its hash),
 * as the content of the dialog that created it. The dialog's title is `admin.oneTimePassword.title`.
 * Focus moves to *Copier* when it appears, since the form or button it replaces is gone.
 */
export function OneTimePasswordView({ grant, onDone }: { grant: OneTimePasswordGrant; onDone: () => void }) {
  const { t } = useTranslation();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copyButton = useRef<HTMLButtonElement>(null);
  const names = { name: grant.displayName, username: grant.username };

  useEffect(() => {
    copyButton.current?.focus();
  }, []);

  return (
    <Stack gap="md">
      <Text>{t('admin.oneTimePassword.intro', names)}</Text>
      <Paper withBorder p="md" bg="gray.0">
        <Group justify="space-between" wrap="wrap" gap="md">
          <Text
            component="output"
            aria-label={t('admin.oneTimePassword.valueLabel', names)}
            data-testid="one-time-password"
            dir="ltr"
            ff="monospace"
            fz={28}
            fw={700}
            style={{ letterSpacing: '0.08em', userSelect: 'all', wordBreak: 'break-all' }}
          >
            {grant.oneTimePassword}
          </Text>
          <Button
            ref={copyButton}
            variant="default"
            data-autofocus
            onClick={() => {
              void copyToClipboard(grant.oneTimePassword).then((copied) => {
                setCopyState(copied ? 'copied' : 'failed');
              });
            }}
          >
            {t('admin.oneTimePassword.copy')}
          </Button>
        </Group>
      </Paper>
      <Text role="status" size="sm" data-testid="one-time-password-copy-status">
        {copyState === 'copied' && t('admin.oneTimePassword.copied')}
        {copyState === 'failed' && t('admin.oneTimePassword.copyFailed')}
      </Text>
      <List spacing="xs">
        <List.Item>{t('admin.oneTimePassword.shownOnce')}</List.Item>
        <List.Item>{t('admin.oneTimePassword.mustChange', names)}</List.Item>
        <List.Item>{t('admin.oneTimePassword.expires')}</List.Item>
      </List>
      <Group justify="flex-end">
        <Button onClick={onDone}>{t('admin.oneTimePassword.done')}</Button>
      </Group>
    </Stack>
  );
}
