import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, AppShell, Group, Tabs, Text, Title } from '@mantine/core';
import { canOpenAdministration } from '../../../shared/auth/authorization';
import type { AppInfo } from '../../../shared/host/contract';
import { useSession } from '../../auth/SessionContext';
import { useHost } from '../../host/HostContext';
import { AdministrationPage } from '../admin/AdministrationPage';
import { BeneficiariesPage } from '../beneficiaries/BeneficiariesPage';
import { LanguageSwitch } from './LanguageSwitch';
import { ServerStatus } from './ServerStatus';
import { UserMenu } from './UserMenu';

type Page = 'beneficiaries' | 'administration';

export function Shell() {
  const { t } = useTranslation();
  const host = useHost();
  const session = useSession();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [page, setPage] = useState<Page>('beneficiaries');
  const mayAdminister = canOpenAdministration(session.actor);

  useEffect(() => {
    let isCurrent = true;
    void host['app:info']({}).then((result) => {
      if (isCurrent && result.ok) setInfo(result.value);
    });
    return () => {
      isCurrent = false;
    };
  }, [host]);

  return (
    <AppShell header={{ height: 64 }} footer={{ height: 32 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={1} fz="h3" c="teal.9">
              {t('app.name')}
            </Title>
            <Text c="dimmed" size="sm" visibleFrom="sm">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <ServerStatus />
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        {!session.hasServerSession && (
          <Alert color="gray" mb="md" role="status">
            {t('auth.offlineNotice')}
          </Alert>
        )}
        {mayAdminister ? (
          <Tabs
            value={page}
            onChange={(value) => {
              setPage(value === 'administration' ? 'administration' : 'beneficiaries');
            }}
            keepMounted={false}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="beneficiaries">{t('nav.beneficiaries')}</Tabs.Tab>
              <Tabs.Tab value="administration">{t('nav.administration')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="beneficiaries">
              <BeneficiariesPage />
            </Tabs.Panel>
            <Tabs.Panel value="administration">
              <AdministrationPage />
            </Tabs.Panel>
          </Tabs>
        ) : (
          <BeneficiariesPage />
        )}
      </AppShell.Main>
      <AppShell.Footer>
        <Group h="100%" px="md" gap="xs">
          <Text size="xs" c="dimmed" data-testid="app-info">
            {info ? `${t('app.version', { version: info.version })} · ${t(`app.hostKind.${info.hostKind}`)}` : ''}
          </Text>
        </Group>
      </AppShell.Footer>
    </AppShell>
  );
}
