import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Language } from '../../../shared/i18n/language';
import type { HostError } from '../../../shared/result';
import { formatInstant } from '../../i18n/format';
import type { LocalRejection } from '../../sync/types';
import { SyncSection } from './SyncSection';
import { ConfirmDialog, type ConfirmContent } from '../../ui/ConfirmDialog';
import { statusNotice, type Notice } from '../../ui/Notice';
import { displayValue, fieldLabel, rejectionMessage, tableLabel } from './syncModel';

/** An action that failed locally (a defect or a full disk): shown with the generic host error. */
function asHostError(error: unknown): HostError {
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** *Rejets*: ops the server refused, with why, and *Renvoyer* / *Abandonner*. */
export function RejectionList({
  rejections,
  language,
  resend,
  discard,
}: {
  rejections: readonly LocalRejection[] | undefined;
  language: Language;
  resend: (id: number) => Promise<void>;
  discard: (id: number) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [failed, setFailed] = useState(false);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [toDiscard, setToDiscard] = useState<{ rejection: LocalRejection; content: ConfirmContent } | null>(null);
  const [isConfirmOpen, setConfirmOpen] = useState(false);

  const onResend = async (id: number) => {
    setNotice(null);
    setFailed(false);
    setBusyId(id);
    try {
      await resend(id);
      setNotice(statusNotice((tr) => tr('sync.rejections.resent')));
    } catch {
      setFailed(true);
    }
    setBusyId(null);
  };

  const askDiscard = (rejection: LocalRejection) => {
    const field = fieldLabel(rejection.table, rejection.field, t);
    // A record that left the PC with the user's access: nothing to take back, only a notice to drop.
    const content: ConfirmContent = rejection.accessLost
      ? {
          title: t('sync.rejections.dismissTitle'),
          body: t('sync.rejections.dismissBody', { field, record: rejection.recordLabel }),
          confirmLabel: t('sync.rejections.dismiss'),
          danger: false,
        }
      : {
          title: t('sync.rejections.confirmTitle'),
          body: t('sync.rejections.confirmBody', {
            field,
            record: rejection.recordLabel,
            value: displayValue(rejection.table, rejection.field, rejection.value, language, t),
          }),
          confirmLabel: t('sync.rejections.confirm'),
          danger: true,
        };
    setToDiscard({ rejection, content });
    setConfirmOpen(true);
  };

  return (
    <>
      <SyncSection
        section="rejections"
        items={rejections}
        notice={notice}
        onCloseNotice={() => {
          setNotice(null);
        }}
        failed={failed}
        renderItem={(rejection) => {
          const field = fieldLabel(rejection.table, rejection.field, t);
          const headingId = `rejection-${rejection.id}`;
          return (
            <div role="listitem" key={rejection.id}>
              <Card
                withBorder
                component="article"
                aria-labelledby={headingId}
                data-testid="rejection"
                data-reason={rejection.reason}
              >
                <Stack gap={6}>
                  <Title order={3} fz="md" id={headingId}>
                    <bdi>{rejection.recordLabel}</bdi>
                  </Title>
                  <Text size="sm" c="dimmed">
                    {tableLabel(rejection.table, t)} · {t('sync.rejections.field', { field })}
                  </Text>
                  <Text fw={600} c="red.9">
                    {rejectionMessage(rejection, t)}
                  </Text>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {rejection.accessLost && rejection.value === null
                      ? t('sync.rejections.valueRemoved')
                      : t('sync.rejections.value', {
                          value: displayValue(rejection.table, rejection.field, rejection.value, language, t),
                        })}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t('sync.rejections.rejectedAt', { date: formatInstant(rejection.rejectedAt, language) })}
                  </Text>
                  <Group
                    gap="sm"
                    role="group"
                    aria-label={t('sync.rejections.actionsLabel', { field, record: rejection.recordLabel })}
                  >
                    {!rejection.accessLost && (
                      <Button
                        size="xs"
                        loading={busyId === rejection.id}
                        disabled={busyId !== null && busyId !== rejection.id}
                        onClick={() => void onResend(rejection.id)}
                      >
                        {t('sync.rejections.resend')}
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="default"
                      disabled={busyId !== null}
                      onClick={() => {
                        askDiscard(rejection);
                      }}
                    >
                      {t(rejection.accessLost ? 'sync.rejections.dismiss' : 'sync.rejections.discard')}
                    </Button>
                  </Group>
                </Stack>
              </Card>
            </div>
          );
        }}
      />
      <ConfirmDialog
        opened={isConfirmOpen}
        content={toDiscard?.content ?? null}
        onClose={() => {
          setConfirmOpen(false);
        }}
        onExited={() => {
          setToDiscard(null);
        }}
        onConfirm={async () => {
          if (!toDiscard) return null;
          try {
            await discard(toDiscard.rejection.id);
          } catch (error) {
            return asHostError(error);
          }
          setConfirmOpen(false);
          const doneKey = toDiscard.rejection.accessLost ? 'sync.rejections.dismissed' : 'sync.rejections.discarded';
          setNotice(statusNotice((tr) => tr(doneKey)));
          return null;
        }}
      />
    </>
  );
}
