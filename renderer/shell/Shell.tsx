import { useEffect, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, AppShell, Group, Tabs, Text, Title } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { canOpenAdministration, canReadAudit } from '../../shared/auth/authorization';
import type { AppInfo } from '../../shared/host/contract';
import { useSession } from '../auth/SessionContext';
import { useHost } from '../host/HostContext';
import { SyncProvider } from '../sync/SyncContext';
import { AdministrationPage } from '../features/admin/AdministrationPage';
import { AuditPage } from '../features/audit/AuditPage';
import { BeneficiariesPage } from '../features/beneficiaries/BeneficiariesPage';
import { BeneficiaryForm } from '../features/beneficiaries/BeneficiaryForm';
import { CaseFilePage } from '../features/casefile/CaseFilePage';
import { CeremoniesPage } from '../features/ceremonies/CeremoniesPage';
import { SyncButton } from '../features/sync/SyncButton';
import { SyncPage } from '../features/sync/SyncPage';
import { SyncStatusBar } from '../features/sync/SyncStatusBar';
import type { SyncSection } from '../features/sync/syncSections';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { LocalDataNotices } from './LocalDataNotices';
import { ServerHealthProvider } from '../ui/ServerHealthContext';
import { ServerStatus } from '../ui/ServerStatus';
import { UserMenu } from './UserMenu';

type Page = 'beneficiaries' | 'ceremonies' | 'sync' | 'administration' | 'audit';
const pages: readonly Page[] = ['beneficiaries', 'ceremonies', 'sync', 'administration', 'audit'];

/** The smallest footer: one line of the status bar. */
const footerMinHeight = 32;

export function Shell() {
  const { t } = useTranslation();
  const host = useHost();
  const session = useSession();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [page, setPage] = useState<Page>('beneficiaries');
  const [syncSection, setSyncSection] = useState<SyncSection>('journal');
  const mayAdminister = canOpenAdministration(session.actor);
  const mayReadAudit = canReadAudit(session.actor);
  // The status bar grows when it carries warnings (or wraps on a narrow window): the footer
  // follows its content so that nothing is cut off and the main area is never hidden under it.
  const { ref: footerRef, height: footerContentHeight } = useElementSize();

  useEffect(() => {
    let isCurrent = true;
    void host['app:info']({}).then((result) => {
      if (isCurrent && result.ok) setInfo(result.value);
    });
    return () => {
      isCurrent = false;
    };
  }, [host]);

  const openSync = (section: SyncSection) => {
    setSyncSection(section);
    setPage('sync');
  };

  // The sync engine of the signed-in user's database (Shell sits inside RepositoryProvider):
  // one per session, shared by the status bar, the button and the *Synchronisation* screen.
  return (
    <SyncProvider>
      <ServerHealthProvider>
        <AppShell
          header={{ height: 64 }}
          footer={{ height: Math.max(footerMinHeight, Math.ceil(footerContentHeight) + 1) }}
          padding="md"
        >
          <AppShell.Header>
            <Group h="100%" px="md" justify="space-between" wrap="nowrap">
              <Group gap="sm" wrap="nowrap">
                <Title order={1} fz="h3" c="teal.9">
                  {t('app.name')}
                </Title>
                <Text c="dimmed" size="sm" visibleFrom="lg">
                  {t('app.tagline')}
                </Text>
              </Group>
              <Group gap="md" wrap="nowrap">
                <ServerStatus />
                <SyncButton onNavigate={openSync} />
                <LanguageSwitch />
                <UserMenu />
              </Group>
            </Group>
          </AppShell.Header>
          <AppShell.Main>
            <LocalDataNotices />
            {!session.hasServerSession && (
              <Alert color="gray" mb="md" role="status">
                {t('auth.offlineNotice')}
              </Alert>
            )}
            <Tabs
              value={page}
              onChange={(value) => {
                setPage(pages.find((candidate) => candidate === value) ?? 'beneficiaries');
              }}
              keepMounted={false}
            >
              <Tabs.List mb="md" aria-label={t('nav.label')}>
                <Tabs.Tab value="beneficiaries">{t('nav.beneficiaries')}</Tabs.Tab>
                <Tabs.Tab value="ceremonies">{t('ceremonies.nav')}</Tabs.Tab>
                <Tabs.Tab value="sync">{t('sync.nav')}</Tabs.Tab>
                {mayAdminister && <Tabs.Tab value="administration">{t('nav.administration')}</Tabs.Tab>}
                {mayReadAudit && <Tabs.Tab value="audit">{t('audit.nav')}</Tabs.Tab>}
              </Tabs.List>
              <Tabs.Panel value="beneficiaries">
                <BeneficiariesPage CaseFile={CaseFile} />
              </Tabs.Panel>
              <Tabs.Panel value="ceremonies">
                <CeremoniesPage />
              </Tabs.Panel>
              <Tabs.Panel value="sync">
                <SyncPage section={syncSection} onSectionChange={setSyncSection} />
              </Tabs.Panel>
              {mayAdminister && (
                <Tabs.Panel value="administration">
                  <AdministrationPage />
                </Tabs.Panel>
              )}
              {mayReadAudit && (
                <Tabs.Panel value="audit">
                  <AuditPage />
                </Tabs.Panel>
              )}
            </Tabs>
          </AppShell.Main>
          <AppShell.Footer aria-label={t('sync.status.label')}>
            <div ref={footerRef}>
              <SyncStatusBar
                onOpen={openSync}
                trailing={
                  <Text size="xs" c="dimmed" data-testid="app-info">
                    {info
                      ? `${t('app.version', { version: info.version })} · ${t(`app.hostKind.${info.hostKind}`)}`
                      : ''}
                  </Text>
                }
              />
            </div>
          </AppShell.Footer>
        </AppShell>
      </ServerHealthProvider>
    </SyncProvider>
  );
}

/**
 * A person's file, opened from the list, whose identity is corrected with the registration form:
 * the beneficiaries and casefile features meet here, neither importing the other.
 */
function CaseFile(props: Omit<ComponentProps<typeof CaseFilePage>, 'IdentityForm'>) {
  return <CaseFilePage {...props} IdentityForm={BeneficiaryForm} />;
}
