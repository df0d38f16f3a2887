import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Code, Loader, Paper, Stack, Text } from '@mantine/core';
import type { DemoSetup } from '../../../shared/auth/setup';
import type { AuthError, AuthService, SignInOutcome } from '../../auth/authService';
import { useHost } from '../../host/HostContext';
import { AuthScreenFrame } from './AuthScreenFrame';
import { DemoAccountsView } from './DemoAccountsView';
import { FirstAdministratorForm } from './FirstAdministratorForm';
import { AuthErrorAlert } from './AuthErrorAlert';

type View = { kind: 'offer' } | { kind: 'create-admin' } | { kind: 'demo'; demo: DemoSetup };

/**
 * What the sign-in screen shows while the server has no account at all (its answer to
 * `setup:status`): on the server's own machine, the two ways in — the first administrator, or the
 * demo centre with its accounts; anywhere else, whom to ask. The server decides which, and refuses
 * the ways in elsewhere whatever this screen shows.
 */
export function FirstRunScreen({
  isLoopback,
  auth,
  onOutcome,
  onLeave,
}: {
  isLoopback: boolean;
  auth: AuthService;
  onOutcome: (outcome: Exclude<SignInOutcome, { kind: 'failed' }>, password: string) => void;
  /**
   * Asks the server again and goes to the sign-in form if it has accounts now (the demo loaded,
   * or someone else set it up meanwhile: `reason` then says so there).
   */
  onLeave: (reason?: AuthError) => void;
}) {
  const { t } = useTranslation();
  const host = useHost();
  const [view, setView] = useState<View>({ kind: 'offer' });
  const [isLoadingDemo, setLoadingDemo] = useState(false);
  const [error, setError] = useState<AuthError>();

  if (!isLoopback) {
    return (
      <AuthScreenFrame title={t('setup.remote.title')} intro={t('setup.remote.intro')}>
        <Alert color="blue" variant="light" role="note" data-testid="setup-whom-to-ask">
          {t('setup.remote.whomToAsk')}
        </Alert>
        <Button
          variant="default"
          onClick={() => {
            onLeave();
          }}
        >
          {t('setup.checkAgain')}
        </Button>
      </AuthScreenFrame>
    );
  }

  if (view.kind === 'create-admin') {
    return (
      <AuthScreenFrame title={t('setup.admin.title')} intro={t('setup.admin.intro')}>
        <FirstAdministratorForm
          auth={auth}
          onOutcome={onOutcome}
          onAlreadySetUp={onLeave}
          onBack={() => {
            setView({ kind: 'offer' });
          }}
        />
      </AuthScreenFrame>
    );
  }

  if (view.kind === 'demo') {
    return (
      <AuthScreenFrame title={t('setup.demo.title')} width={640}>
        <DemoAccountsView
          demo={view.demo}
          auth={auth}
          onOutcome={onOutcome}
          onToSignIn={() => {
            onLeave();
          }}
        />
      </AuthScreenFrame>
    );
  }

  const loadDemo = async () => {
    setError(undefined);
    setLoadingDemo(true);
    const loaded = await host['setup:loadDemo']({});
    setLoadingDemo(false);
    if (loaded.ok) setView({ kind: 'demo', demo: loaded.value });
    else if (loaded.error.code === 'setup-already-done') onLeave(loaded.error);
    else setError(loaded.error);
  };

  return (
    <AuthScreenFrame title={t('setup.offer.title')} intro={t('setup.offer.intro')} width={520}>
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Text fw={700}>{t('setup.offer.adminTitle')}</Text>
          <Text size="sm">{t('setup.offer.adminText')}</Text>
          <Button
            disabled={isLoadingDemo}
            onClick={() => {
              setError(undefined);
              setView({ kind: 'create-admin' });
            }}
          >
            {t('setup.offer.adminButton')}
          </Button>
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Text fw={700}>{t('setup.offer.demoTitle')}</Text>
          <Text size="sm">{t('setup.offer.demoText')}</Text>
          <Button variant="default" loading={isLoadingDemo} onClick={() => void loadDemo()}>
            {t('setup.offer.demoButton')}
          </Button>
          {isLoadingDemo && (
            <Text size="sm" role="status" c="dimmed">
              <Loader size="xs" me="xs" aria-hidden />
              {t('setup.offer.demoLoading')}
            </Text>
          )}
        </Stack>
      </Paper>
      <AuthErrorAlert error={error} />
      <Text size="xs" c="dimmed">
        {t('setup.offer.cliHint')}{' '}
        <Code dir="ltr" style={{ whiteSpace: 'nowrap' }}>
          npm run server -- create-admin
        </Code>
      </Text>
    </AuthScreenFrame>
  );
}
