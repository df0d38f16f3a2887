import { useTranslation } from 'react-i18next';
import { Badge, Group, Tooltip, UnstyledButton } from '@mantine/core';
import { ServerHealthProvider, useOptionalServerHealth, useServerHealth } from './ServerHealthContext';

/**
 * Always-visible server state. In the shell the check is ServerHealthProvider's, shared with the
 * status bar; on the sign-in screens, which have no provider, the badge runs its own.
 */
export function ServerStatus() {
  const shared = useOptionalServerHealth();
  if (shared) return <ServerStatusBadge />;
  return (
    <ServerHealthProvider>
      <ServerStatusBadge />
    </ServerHealthProvider>
  );
}

function ServerStatusBadge() {
  const { t } = useTranslation();
  const { health: status, retry } = useServerHealth();

  if (status.kind === 'checking') {
    return (
      <Badge color="gray.7" variant="filled" data-testid="server-status" data-status="checking">
        {t('server.checking')}
      </Badge>
    );
  }
  if (status.kind === 'online') {
    return (
      <Tooltip label={t('server.details', status.health)}>
        <Badge color="teal.9" variant="filled" data-testid="server-status" data-status="online">
          {t('server.online')}
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color="red.9" variant="filled" data-testid="server-status" data-status="failed" role="status">
        {status.code === 'server-unreachable' ? t('server.unreachable') : t('server.error')}
      </Badge>
      <UnstyledButton onClick={retry} fz="sm" td="underline" c="teal.9">
        {t('server.retry')}
      </UnstyledButton>
    </Group>
  );
}
