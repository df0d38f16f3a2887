import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Box, Group, Loader, Stack, Text } from '@mantine/core';
import type { Language } from '../../../shared/i18n/language';
import { useSession } from '../../auth/SessionContext';
import { formatInstant, formatNumber } from '../../i18n/format';
import { useSync } from '../../sync/SyncContext';
import type { SyncStatus } from '../../sync/types';
import { useServerHealth, type ServerHealth } from '../../ui/ServerHealthContext';
import { useLanguage } from '../../ui/useLanguage';
import { formatClockOffset, formatRelative, type Translate } from './syncModel';
import type { SyncSection } from './syncSections';
import { useNow } from '../../ui/useNow';
import type { TranslationKey } from '../../i18n/resources';

/**
 * Text colour of what needs attention without being an error (conflicts, the clock): Mantine's
 * darkest orange is below WCAG AA contrast on white at this size, this one is 6:1.
 */
const attentionColour = '#a63d00';

type Connection = 'online' | 'checking' | 'unreachable' | 'server-error' | 'offline-session';

export function connectionOf(health: ServerHealth, hasServerSession: boolean): Connection {
  if (health.kind === 'checking') return 'checking';
  if (health.kind === 'failed') return health.code === 'server-unreachable' ? 'unreachable' : 'server-error';
  return hasServerSession ? 'online' : 'offline-session';
}

const connectionText: Record<Connection, TranslationKey> = {
  online: 'sync.status.online',
  checking: 'sync.status.checking',
  unreachable: 'sync.status.unreachable',
  'server-error': 'sync.status.serverError',
  'offline-session': 'sync.status.offlineSession',
};

const connectionColour: Record<Connection, string> = {
  online: 'var(--mantine-color-teal-9)',
  checking: 'var(--mantine-color-gray-6)',
  unreachable: 'var(--mantine-color-red-9)',
  'server-error': 'var(--mantine-color-red-9)',
  'offline-session': 'var(--mantine-color-gray-7)',
};

/** A link of the status bar to a section of the Synchronisation screen, after a separator. */
function SectionLink({
  colour,
  testId,
  onClick,
  children,
}: {
  colour: string;
  testId: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <>
      <Separator />
      <Anchor
        component="button"
        type="button"
        size="xs"
        fw={600}
        c={colour}
        underline="always"
        onClick={onClick}
        data-testid={testId}
      >
        {children}
      </Anchor>
    </>
  );
}

function Separator() {
  return (
    <Text component="span" size="xs" c="dimmed" aria-hidden>
      ·
    </Text>
  );
}

function countText(t: Translate, key: TranslationKey, count: number, language: Language): string {
  return t(key, { count, formatted: formatNumber(count, language) });
}

/** "3 modifications en attente (2 fiches)" or "Tout est envoyé". */
export function pendingText(
  status: Pick<SyncStatus, 'pendingOps' | 'pendingRecords'>,
  language: Language,
  t: Translate,
) {
  if (status.pendingOps === 0) return t('sync.status.allSent');
  return t('sync.status.pending', {
    changes: countText(t, 'sync.status.changes', status.pendingOps, language),
    records: countText(t, 'sync.status.records', status.pendingRecords, language),
  });
}

/** The warnings the bar shows in full (each says what to do), in reading order. */
export function statusWarnings(status: SyncStatus, language: Language, t: Translate): { id: string; text: string }[] {
  const warnings: { id: string; text: string }[] = [];
  if (status.isStuck)
    warnings.push({
      id: 'stuck',
      text: t('sync.status.stuck', {
        attempts: countText(t, 'sync.status.attempts', status.failedAttempts, language),
      }),
    });
  if (status.clockWarning) {
    const offset = status.clockOffsetMs;
    warnings.push({
      id: 'clock',
      text:
        offset !== null && Math.abs(offset) >= 60_000
          ? t('sync.status.clockWarning', { offset: formatClockOffset(offset, language) })
          : t('sync.status.clockRestamped'),
    });
  }
  return warnings;
}

/**
 * The always-visible footer: connection, changes waiting, last successful sync, links to what
 * needs a person (conflicts, rejections), and the warnings that must never be silent (a queue
 * that no longer moves, a PC clock far off). Only the warnings sit in a live region: counts
 * change at every save and announcing them would be noise.
 */
export function SyncStatusBarView({
  status,
  connection,
  now,
  language,
  onOpen,
  trailing,
}: {
  status: SyncStatus | undefined;
  connection: Connection;
  now: number;
  language: Language;
  onOpen: (section: SyncSection) => void;
  trailing?: ReactNode;
}) {
  const { t } = useTranslation();
  const warnings = status ? statusWarnings(status, language, t) : [];
  return (
    <Stack gap={4} py={6} px="md" data-testid="sync-status-bar">
      <Group gap="xs" wrap="wrap" align="center">
        <Group gap={6} wrap="nowrap" data-testid="sync-connection" data-connection={connection}>
          <Box
            aria-hidden
            w={8}
            h={8}
            style={{ borderRadius: '50%', background: connectionColour[connection], flexShrink: 0 }}
          />
          <Text size="xs" fw={600}>
            {t(connectionText[connection])}
          </Text>
        </Group>
        {status && (
          <>
            <Separator />
            <Text size="xs" data-testid="sync-pending" data-count={status.pendingOps}>
              {pendingText(status, language, t)}
            </Text>
            <Separator />
            {status.isSyncing ? (
              <Group gap={4} wrap="nowrap">
                <Loader size={10} aria-hidden />
                <Text size="xs">{t('sync.status.syncing')}</Text>
              </Group>
            ) : status.lastSuccessAt ? (
              <Text size="xs" c="dimmed" data-testid="sync-last">
                <time dateTime={status.lastSuccessAt}>
                  {t('sync.status.lastSync', {
                    relative: formatRelative(status.lastSuccessAt, now, language),
                    absolute: formatInstant(status.lastSuccessAt, language),
                  })}
                </time>
              </Text>
            ) : (
              <Text size="xs" c="dimmed" data-testid="sync-last">
                {t('sync.status.neverSynced')}
              </Text>
            )}
            {status.openConflicts > 0 && (
              <SectionLink
                colour={attentionColour}
                testId="sync-conflicts-link"
                onClick={() => {
                  onOpen('review');
                }}
              >
                {countText(t, 'sync.status.conflicts', status.openConflicts, language)}
              </SectionLink>
            )}
            {status.rejections > 0 && (
              <SectionLink
                colour="red.9"
                testId="sync-rejections-link"
                onClick={() => {
                  onOpen('rejections');
                }}
              >
                {countText(t, 'sync.status.rejections', status.rejections, language)}
              </SectionLink>
            )}
          </>
        )}
        {trailing && <Box ms="auto">{trailing}</Box>}
      </Group>
      <div role="status" data-testid="sync-warnings">
        {warnings.map((warning) => (
          <Text
            key={warning.id}
            size="xs"
            fw={600}
            c={warning.id === 'stuck' ? 'red.9' : attentionColour}
            data-warning={warning.id}
          >
            {warning.text}
          </Text>
        ))}
      </div>
    </Stack>
  );
}

/** The status bar wired to the engine, the shell's server check and the session. */
export function SyncStatusBar({ onOpen, trailing }: { onOpen: (section: SyncSection) => void; trailing?: ReactNode }) {
  const { status } = useSync();
  const { health } = useServerHealth();
  const { hasServerSession } = useSession();
  const { language } = useLanguage();
  const now = useNow();
  return (
    <SyncStatusBarView
      status={status}
      connection={connectionOf(health, hasServerSession)}
      now={now}
      language={language}
      onOpen={onOpen}
      trailing={trailing}
    />
  );
}
