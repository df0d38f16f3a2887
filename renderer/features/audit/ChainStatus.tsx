import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Code, Group, Loader, Stack, Text } from '@mantine/core';
import type { AuditVerification } from '../../../shared/audit/auditEvents';
import type { HostError } from '../../../shared/result';
import { useHost } from '../../host/HostContext';
import { formatNumber } from '../../i18n/format';
import { ErrorAlert } from '../../ui/Alerts';
import { callAdminRoute } from '../../api/callAdminRoute';
import { useLanguage } from '../../ui/useLanguage';

/**
 * Whether the audit chain is intact, as the server finds it when the screen opens (and on
 * *Vérifier à nouveau*): the number of entries checked and the last hash (an administrator may
 * write it down elsewhere: a chain rebuilt later would end on another), or the first entry
 * changed, deleted or inserted.
 */
export function ChainStatus() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const host = useHost();
  const [requested, setRequested] = useState(0);
  const [answer, setAnswer] = useState<{
    round: number;
    result: { ok: true; value: AuditVerification } | { ok: false; error: HostError };
  } | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void callAdminRoute(host, 'auditVerify').then((result) => {
      if (isCurrent) setAnswer({ round: requested, result });
    });
    return () => {
      isCurrent = false;
    };
  }, [host, requested]);

  const recheck = (
    <Button
      size="xs"
      variant="default"
      onClick={() => {
        setRequested((round) => round + 1);
      }}
    >
      {t('audit.chain.recheck')}
    </Button>
  );

  if (answer === null || answer.round !== requested) {
    return (
      <Group gap="xs" data-testid="audit-chain" data-state="checking">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{t('audit.chain.checking')}</Text>
      </Group>
    );
  }
  const { result } = answer;
  if (!result.ok) {
    return (
      <div data-testid="audit-chain" data-state="error">
        <ErrorAlert error={result.error} title={t('audit.chain.errorTitle')}>
          {recheck}
        </ErrorAlert>
      </div>
    );
  }
  const verification = result.value;
  if (verification.isIntact) {
    return (
      // No `title`: Mantine colours an alert's title with its colour, too light on teal (WCAG contrast).
      <Alert color="teal" role="status" data-testid="audit-chain" data-state="intact">
        <Stack gap="xs" align="flex-start">
          <Text size="sm" fw={700}>
            {t('audit.chain.intactTitle')}
          </Text>
          <Text size="sm">
            {t('audit.chain.intact', {
              count: verification.entries,
              formatted: formatNumber(verification.entries, language),
            })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('audit.chain.lastHash')}{' '}
            <Code dir="ltr" style={{ overflowWrap: 'anywhere' }}>
              {verification.headHash}
            </Code>
          </Text>
          {recheck}
        </Stack>
      </Alert>
    );
  }
  const { problem } = verification;
  return (
    <Alert color="red" role="alert" title={t('audit.chain.brokenTitle')} data-testid="audit-chain" data-state="broken">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t(`audit.chain.${problem.kind}`, { version: problem.seq })}</Text>
        <Text size="sm">{t('audit.chain.brokenHint')}</Text>
        {recheck}
      </Stack>
    </Alert>
  );
}
