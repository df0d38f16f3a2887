import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { ServerStatus } from '../../ui/ServerStatus';
import { LanguageSwitch } from '../../ui/LanguageSwitch';

/** The frame of the screens shown before the work screens: sign-in, first run, password change, lock. */
export function AuthScreenFrame({
  title,
  intro,
  width = 440,
  children,
}: {
  title: string;
  intro?: string;
  /** Wider for a table (the demo accounts). */
  width?: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={width} maw="100%">
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={0}>
              <Text fw={700} fz="xl" c="teal.9">
                {t('app.name')}
              </Text>
              <Text size="sm" c="dimmed">
                {t('app.tagline')}
              </Text>
            </Stack>
            <LanguageSwitch />
          </Group>
          <Title order={1} fz="h2">
            {title}
          </Title>
          {intro !== undefined && <Text size="sm">{intro}</Text>}
          {children}
          <Group justify="center">
            <ServerStatus />
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
