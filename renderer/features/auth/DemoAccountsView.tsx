import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { DemoSetup } from '../../../shared/auth/setup';
import type { AuthError, AuthService, SignInOutcome } from '../../auth/authService';
import { useLanguage } from '../../ui/useLanguage';
import { AuthErrorAlert } from './AuthErrorAlert';

/**
 * The demo centre just loaded: its accounts and their (public) password, shown once, each with a
 * button that signs in as that account on this PC.
 */
export function DemoAccountsView({
  demo,
  auth,
  onOutcome,
  onToSignIn,
}: {
  demo: DemoSetup;
  auth: AuthService;
  onOutcome: (outcome: Exclude<SignInOutcome, { kind: 'failed' }>, password: string) => void;
  onToSignIn: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [signingIn, setSigningIn] = useState<string | null>(null);
  const [error, setError] = useState<AuthError>();
  const firstButton = useRef<HTMLButtonElement>(null);

  // The offer's button is gone: focus moves to the first way on.
  useEffect(() => {
    firstButton.current?.focus();
  }, []);

  const signIn = async (username: string) => {
    setError(undefined);
    setSigningIn(username);
    const outcome = await auth.signIn(username, demo.password);
    setSigningIn(null);
    if (outcome.kind === 'failed') setError(outcome.error);
    else onOutcome(outcome, demo.password);
  };

  return (
    <Stack gap="md">
      <Text>{t('setup.demo.intro', { name: language === 'ar' ? demo.centre.nameAr : demo.centre.nameFr })}</Text>
      <Paper withBorder p="sm" bg="gray.0">
        <Group gap="sm">
          <Text fw={600}>{t('setup.demo.password')}</Text>
          <Text
            component="output"
            aria-label={t('setup.demo.password')}
            data-testid="demo-password"
            dir="ltr"
            ff="monospace"
            fz="lg"
            fw={700}
            style={{ userSelect: 'all' }}
          >
            {demo.password}
          </Text>
        </Group>
      </Paper>
      <Table aria-label={t('setup.demo.accounts')} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('setup.demo.columns.username')}</Table.Th>
            <Table.Th>{t('setup.demo.columns.name')}</Table.Th>
            <Table.Th>{t('setup.demo.columns.role')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('setup.demo.signIn')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {demo.accounts.map((account, index) => (
            <Table.Tr key={account.username}>
              <Table.Td dir="ltr" ff="monospace" style={{ textAlign: 'start', whiteSpace: 'nowrap' }}>
                {account.username}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{account.displayName}</Table.Td>
              <Table.Td>{t(`admin.roles.${account.role}`)}</Table.Td>
              <Table.Td>
                <Button
                  ref={index === 0 ? firstButton : undefined}
                  size="xs"
                  aria-label={t('setup.demo.signInAs', { username: account.username })}
                  loading={signingIn === account.username}
                  disabled={signingIn !== null && signingIn !== account.username}
                  onClick={() => void signIn(account.username)}
                >
                  {t('setup.demo.signIn')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Alert color="yellow" variant="light" role="note">
        {t('setup.demo.warning')}
      </Alert>
      <AuthErrorAlert error={error} />
      <Group justify="center">
        <Button variant="subtle" onClick={onToSignIn}>
          {t('setup.demo.toSignIn')}
        </Button>
      </Group>
    </Stack>
  );
}
