import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppShell, Group, SegmentedControl, Text, Title, VisuallyHidden } from '@mantine/core';
import type { AppInfo } from '../../../shared/host/contract';
import { languageSchema } from '../../../shared/i18n/language';
import { useHost } from '../../host/HostContext';
import { BeneficiariesPage } from '../beneficiaries/BeneficiariesPage';
import { ServerStatus } from './ServerStatus';
import { useLanguage } from './useLanguage';

export function Shell() {
  const { t } = useTranslation();
  const host = useHost();
  const { language, setLanguage } = useLanguage();
  const [info, setInfo] = useState<AppInfo | null>(null);

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
            <VisuallyHidden id="language-label">{t('app.language')}</VisuallyHidden>
            <SegmentedControl
              aria-labelledby="language-label"
              size="xs"
              value={language}
              onChange={(value) => {
                const next = languageSchema.safeParse(value);
                if (next.success) setLanguage(next.data);
              }}
              data={[
                { value: 'fr', label: <span lang="fr">Français</span> },
                { value: 'ar', label: <span lang="ar">العربية</span> },
              ]}
            />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <BeneficiariesPage />
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
