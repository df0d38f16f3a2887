import { useTranslation } from 'react-i18next';
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useSession } from '../../auth/SessionContext';
import { ErrorAlert } from '../../ui/Alerts';
import { CentresPanel } from './CentresPanel';
import { DevicesPanel } from './DevicesPanel';
import { UsersPanel } from './UsersPanel';
import { useRouteList } from '../../ui/useRouteList';

/**
 * *Administration*: centres, users and PCs (devices), for administrators and coordinators
 * (the shell shows it where `canOpenAdministration(actor)`). Everything is on the server: after
 * an offline sign-in the screen only asks to sign in online. A tab loads its list each time it
 * is opened; the centres, which every tab needs, load once with the page.
 */
export function AdministrationPage() {
  const { t } = useTranslation();
  const { actor, hasServerSession } = useSession();
  const centres = useRouteList('listCentres', hasServerSession);

  return (
    <Stack gap="md">
      <Title order={2}>{t('admin.title')}</Title>
      {hasServerSession ? (
        <Tabs defaultValue="centres" keepMounted={false}>
          <Tabs.List aria-label={t('admin.tabs.label')}>
            <Tabs.Tab value="centres">{t('admin.tabs.centres')}</Tabs.Tab>
            <Tabs.Tab value="users">{t('admin.tabs.users')}</Tabs.Tab>
            <Tabs.Tab value="devices">{t('admin.tabs.devices')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="centres" pt="md">
            <CentresPanel actor={actor} centres={centres} />
          </Tabs.Panel>
          <Tabs.Panel value="users" pt="md">
            <UsersPanel actor={actor} centres={centres} />
          </Tabs.Panel>
          <Tabs.Panel value="devices" pt="md">
            <DevicesPanel actor={actor} centres={centres} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <ErrorAlert error={{ code: 'no-session' }} title={t('admin.common.offlineTitle')}>
          <Text size="sm">{t('admin.common.offlineHint')}</Text>
        </ErrorAlert>
      )}
    </Stack>
  );
}
