import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Box, Button, Group, List, Loader, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import type { Language } from '../../../shared/i18n/language';
import type { HostErrorCode } from '../../../shared/result';
import { formatInstant, formatNumber } from '../../i18n/format';
import type { SyncPreview, SyncProgress, SyncReceipt } from '../../sync/types';
import {
  failureMessageKey,
  formatDuration,
  phaseState,
  progressPercent,
  receiptNotes,
  syncPhases,
  type Translate,
} from './syncModel';
import { isFocusLost, useFocusOnMount } from '../../ui/focus';
import type { SyncSection } from './syncSections';
import type { TranslationKey } from '../../i18n/resources';

/** Where the *Synchroniser* dialog is: the summary before, the progress during, the receipt after. */
export type SyncRunState =
  | { kind: 'preview'; preview: SyncPreview | 'loading' | 'failed' }
  | { kind: 'running'; progress: SyncProgress | null }
  | { kind: 'done'; receipt: SyncReceipt }
  /** `run()` itself threw (a defect of the engine, not a network failure): shown as a failure. */
  | { kind: 'crashed'; code: HostErrorCode };

function counted(t: Translate, key: TranslationKey, count: number, language: Language): string {
  return t(key, { count, formatted: formatNumber(count, language) });
}

function PreviewView({
  preview,
  language,
  onStart,
  onCancel,
}: {
  preview: SyncPreview | 'loading' | 'failed';
  language: Language;
  onStart: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const isEmpty = typeof preview === 'object' && preview.ops === 0;
  const isLoading = preview === 'loading';
  const cancelButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  // While the preview loads, *Lancer* is disabled and the dialog opens on *Annuler* (a disabled
  // button cannot take focus: it stayed on the page behind); once loaded, focus moves on to
  // *Lancer* unless the user has moved it.
  useEffect(() => {
    if (isLoading) return;
    if (isFocusLost() || document.activeElement === cancelButton.current) startButton.current?.focus();
  }, [isLoading]);
  return (
    <Stack gap="md" data-testid="sync-preview">
      {preview === 'loading' ? (
        <Group gap="xs">
          <Loader size="sm" aria-hidden />
          <Text>{t('sync.dialog.previewLoading')}</Text>
        </Group>
      ) : preview === 'failed' ? (
        <Alert color="orange" role="status">
          {t('sync.dialog.previewFailed')}
        </Alert>
      ) : isEmpty ? (
        <Text data-testid="sync-preview-nothing">{t('sync.dialog.nothingToSend')}</Text>
      ) : (
        <Stack gap="xs">
          <Text>{t('sync.dialog.previewIntro')}</Text>
          <List spacing={4}>
            {preview.created > 0 && (
              <List.Item data-testid="sync-preview-created">
                {counted(t, 'sync.dialog.created', preview.created, language)}
              </List.Item>
            )}
            {preview.changed > 0 && (
              <List.Item data-testid="sync-preview-changed">
                {counted(t, 'sync.dialog.changed', preview.changed, language)}
              </List.Item>
            )}
            {preview.deleted > 0 && (
              <List.Item data-testid="sync-preview-deleted">
                {counted(t, 'sync.dialog.deleted', preview.deleted, language)}
              </List.Item>
            )}
          </List>
          <Text size="sm" c="dimmed">
            {counted(t, 'sync.dialog.ops', preview.ops, language)}
          </Text>
        </Stack>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} ref={cancelButton} data-autofocus={isLoading || undefined}>
          {t('sync.dialog.cancel')}
        </Button>
        <Button onClick={onStart} disabled={isLoading} ref={startButton} data-autofocus={!isLoading || undefined}>
          {t('sync.dialog.start')}
        </Button>
      </Group>
    </Stack>
  );
}

function ProgressView({ progress, language }: { progress: SyncProgress | null; language: Language }) {
  const { t } = useTranslation();
  const current = progress?.phase ?? 'sending';
  // *Lancer* left with focus: the phases take it, and say where the sync is.
  const phases = useFocusOnMount<HTMLDivElement>();
  const detail =
    progress === null
      ? t('sync.dialog.previewLoading')
      : progress.phase === 'sending'
        ? t('sync.dialog.sending', {
            sent: formatNumber(progress.sentOps, language),
            total: formatNumber(progress.totalOps, language),
          })
        : progress.phase === 'receiving'
          ? counted(t, 'sync.dialog.receiving', progress.receivedRows, language)
          : t('sync.dialog.verifying');
  return (
    <Stack gap="md" data-testid="sync-progress" data-phase={current}>
      <Group
        component="ol"
        ref={phases}
        tabIndex={-1}
        gap="lg"
        aria-label={t('sync.dialog.phasesLabel')}
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {syncPhases.map((phase) => {
          const state = progress === null ? (phase === 'sending' ? 'current' : 'pending') : phaseState(phase, current);
          const name = t(`sync.dialog.phase.${phase}`);
          const label =
            state === 'done'
              ? t('sync.dialog.phaseDone', { phase: name })
              : state === 'current'
                ? t('sync.dialog.phaseCurrent', { phase: name })
                : t('sync.dialog.phasePending', { phase: name });
          return (
            <Text
              component="li"
              key={phase}
              size="sm"
              fw={state === 'current' ? 700 : 400}
              c={state === 'pending' ? 'dimmed' : undefined}
              aria-current={state === 'current' ? 'step' : undefined}
              data-state={state}
            >
              {state === 'done' ? '✓ ' : ''}
              {label}
            </Text>
          );
        })}
      </Group>
      <Progress
        value={progressPercent(progress)}
        animated
        striped
        size="lg"
        aria-label={t('sync.dialog.progressLabel')}
      />
      <Text aria-live="polite" data-testid="sync-progress-detail">
        {detail}
      </Text>
      <Text size="sm" c="dimmed">
        {t('sync.dialog.backgroundHint')}
      </Text>
    </Stack>
  );
}

/** The receipt of one sync, as a list of label → value (also used by the journal's details). */
export function ReceiptFacts({ receipt, language }: { receipt: SyncReceipt; language: Language }) {
  const { t } = useTranslation();
  const facts: { id: string; label: string; value: string }[] = [
    {
      id: 'sent',
      label: t('sync.receipt.sent'),
      value:
        receipt.sentOps === 0
          ? t('sync.receipt.nothing')
          : t('sync.receipt.sentValue', {
              changes: counted(t, 'sync.status.changes', receipt.sentOps, language),
              records: counted(t, 'sync.status.records', receipt.sentRecords, language),
            }),
    },
    {
      id: 'received',
      label: t('sync.receipt.received'),
      value: counted(t, 'sync.status.records', receipt.receivedRows, language),
    },
    { id: 'conflicts', label: t('sync.receipt.conflicts'), value: formatNumber(receipt.conflictsOpened, language) },
    { id: 'rejections', label: t('sync.receipt.rejections'), value: formatNumber(receipt.rejections, language) },
    { id: 'duration', label: t('sync.receipt.duration'), value: formatDuration(receipt.durationMs, t) },
    { id: 'finishedAt', label: t('sync.receipt.finishedAt'), value: formatInstant(receipt.finishedAt, language) },
  ];
  if (receipt.clampedOps > 0)
    facts.push({
      id: 'clamped',
      label: t('sync.receipt.clamped'),
      value: counted(t, 'sync.receipt.clampedValue', receipt.clampedOps, language),
    });
  const notes = receiptNotes(receipt, language, t);
  if (notes.restored !== null) facts.push({ id: 'restored', label: t('sync.receipt.restored'), value: notes.restored });
  if (notes.removed.length > 0)
    facts.push({ id: 'removed', label: t('sync.receipt.removed'), value: notes.removed.join(' · ') });
  if (notes.held !== null) facts.push({ id: 'held', label: t('sync.receipt.held'), value: notes.held });
  return (
    <SimpleGrid
      component="dl"
      cols={2}
      spacing="xs"
      verticalSpacing={4}
      aria-label={t('sync.receipt.label')}
      data-testid="sync-receipt"
      style={{ gridTemplateColumns: 'max-content 1fr', margin: 0 }}
    >
      {facts.map((fact) => (
        <Box key={fact.id} style={{ display: 'contents' }}>
          <Text component="dt" size="sm" c="dimmed">
            {fact.label}
          </Text>
          <Text component="dd" size="sm" fw={600} m={0} data-fact={fact.id}>
            {fact.value}
          </Text>
        </Box>
      ))}
    </SimpleGrid>
  );
}

function OutcomeView({
  state,
  language,
  waiting,
  onNavigate,
  onRetry,
  onClose,
}: {
  state: Extract<SyncRunState, { kind: 'done' | 'crashed' }>;
  language: Language;
  waiting: Waiting;
  onNavigate: (section: SyncSection) => void;
  onRetry: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const receipt = state.kind === 'done' ? state.receipt : null;
  const failedCode = state.kind === 'crashed' ? state.code : receipt?.outcome === 'failed' ? receipt.errorCode : null;
  const isFailure = state.kind === 'crashed' || receipt?.outcome === 'failed';
  const closeButton = useFocusOnMount<HTMLButtonElement>();
  return (
    <Stack gap="md" data-testid="sync-outcome" data-outcome={isFailure ? 'failed' : 'ok'}>
      {isFailure ? (
        <Alert
          color="red"
          role="alert"
          title={t('sync.dialog.failedTitle')}
          styles={{ title: { color: 'var(--mantine-color-red-9)' } }}
          data-error-code={failedCode ?? 'internal'}
        >
          <Stack gap="xs">
            <Text size="sm">{t(failureMessageKey(failedCode ?? undefined))}</Text>
            <Text size="sm" fw={600}>
              {t('sync.dialog.nothingLost')}
            </Text>
          </Stack>
        </Alert>
      ) : (
        <Text role="status" fw={700} size="lg" c="teal.9">
          {t('sync.dialog.successTitle')}
        </Text>
      )}
      {receipt && <ReceiptFacts receipt={receipt} language={language} />}
      <Group justify="flex-end" gap="sm">
        {waiting.conflicts > 0 && (
          <Button
            variant="default"
            onClick={() => {
              onNavigate('review');
            }}
          >
            {t('sync.dialog.seeConflicts')}
          </Button>
        )}
        {waiting.rejections > 0 && (
          <Button
            variant="default"
            onClick={() => {
              onNavigate('rejections');
            }}
          >
            {t('sync.dialog.seeRejections')}
          </Button>
        )}
        {isFailure && (
          <Button variant="default" onClick={onRetry}>
            {t('sync.dialog.retry')}
          </Button>
        )}
        <Button onClick={onClose} ref={closeButton}>
          {t('sync.dialog.close')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * What needs a person after the sync (the live counts, not the receipt's: conflicts opened by a
 * colleague arrive with the pull and need review just the same).
 */
export type Waiting = { conflicts: number; rejections: number };

/** The body of the *Synchroniser* dialog for each state of a run. */
export function SyncDialogBody({
  state,
  language,
  waiting,
  onStart,
  onClose,
  onNavigate,
}: {
  state: SyncRunState;
  language: Language;
  waiting: Waiting;
  onStart: () => void;
  onClose: () => void;
  onNavigate: (section: SyncSection) => void;
}) {
  if (state.kind === 'preview')
    return <PreviewView preview={state.preview} language={language} onStart={onStart} onCancel={onClose} />;
  if (state.kind === 'running') return <ProgressView progress={state.progress} language={language} />;
  return (
    <OutcomeView
      state={state}
      language={language}
      waiting={waiting}
      onNavigate={onNavigate}
      onRetry={onStart}
      onClose={onClose}
    />
  );
}
