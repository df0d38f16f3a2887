import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Group, Tooltip, UnstyledButton } from '@mantine/core';
import type { Health } from '../../../shared/api/health';
import type { HostErrorCode } from '../../../shared/result';
import { useHost } from '../../host/HostContext';

type Status = { kind: 'checking' } | { kind: 'online'; health: Health } | { kind: 'failed'; code: HostErrorCode };

/** How often the header re-checks the server while the app is open. */
const recheckEveryMs = 30_000;

/** Always-visible server state: a server that is down is a state to show, never a crash. */
export function ServerStatus() {
  const { t } = useTranslation();
  const host = useHost();
  const [status, setStatus] = useState<Status>({ kind: 'checking' });

  const check = useCallback(async () => {
    const result = await host['server:health']({});
    setStatus(result.ok ? { kind: 'online', health: result.value } : { kind: 'failed', code: result.error.code });
  }, [host]);

  useEffect(() => {
    // The first check and the periodic ones set state only from the async result.
    const first = setTimeout(() => void check(), 0);
    const timer = setInterval(() => void check(), recheckEveryMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [check]);

  const retry = () => {
    setStatus({ kind: 'checking' });
    void check();
  };

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
