import { useTranslation } from 'react-i18next';
import { Badge, Loader, Stack, Table, Text } from '@mantine/core';
import type { Language } from '../../../shared/i18n/language';
import { formatInstant, formatNumber } from '../../i18n/format';
import type { SyncReceipt } from '../../sync/types';
import { failureMessageKey, formatDuration, receiptNotes } from './syncModel';

/** The sync journal: one row per sync made on this PC, newest first (the engine's order). */
export function SyncJournal({
  journal,
  language,
}: {
  journal: readonly SyncReceipt[] | undefined;
  language: Language;
}) {
  const { t } = useTranslation();
  const number = (value: number) => formatNumber(value, language);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('sync.journal.intro')}
      </Text>
      {journal === undefined ? (
        <Loader aria-label={t('sync.journal.loading')} />
      ) : journal.length === 0 ? (
        <Text c="dimmed">{t('sync.journal.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped aria-label={t('sync.journal.tableLabel')} data-testid="sync-journal">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sync.journal.columns.date')}</Table.Th>
                <Table.Th>{t('sync.journal.columns.duration')}</Table.Th>
                <Table.Th>{t('sync.journal.columns.sent')}</Table.Th>
                <Table.Th>{t('sync.journal.columns.received')}</Table.Th>
                <Table.Th>{t('sync.journal.columns.conflicts')}</Table.Th>
                <Table.Th>{t('sync.journal.columns.rejections')}</Table.Th>
                <Table.Th>{t('sync.journal.columns.outcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {journal.map((receipt) => {
                const notes = receiptNotes(receipt, language, t);
                return (
                  <Table.Tr key={receipt.id} data-outcome={receipt.outcome}>
                    <Table.Td>
                      <time dateTime={receipt.startedAt}>{formatInstant(receipt.startedAt, language)}</time>
                    </Table.Td>
                    <Table.Td>{formatDuration(receipt.durationMs, t)}</Table.Td>
                    <Table.Td>
                      {receipt.sentOps === 0
                        ? t('sync.receipt.nothing')
                        : t('sync.receipt.sentValue', {
                            changes: t('sync.status.changes', {
                              count: receipt.sentOps,
                              formatted: number(receipt.sentOps),
                            }),
                            records: t('sync.status.records', {
                              count: receipt.sentRecords,
                              formatted: number(receipt.sentRecords),
                            }),
                          })}
                    </Table.Td>
                    <Table.Td>
                      {t('sync.status.records', {
                        count: receipt.receivedRows,
                        formatted: number(receipt.receivedRows),
                      })}
                    </Table.Td>
                    <Table.Td>{number(receipt.conflictsOpened)}</Table.Td>
                    <Table.Td>{number(receipt.rejections)}</Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        {receipt.outcome === 'ok' ? (
                          <Badge color="teal.9" variant="filled">
                            {t('sync.journal.ok')}
                          </Badge>
                        ) : (
                          <>
                            <Badge color="red.9" variant="filled">
                              {t('sync.journal.failed')}
                            </Badge>
                            <Text size="xs">{t(failureMessageKey(receipt.errorCode))}</Text>
                          </>
                        )}
                        {notes.restored !== null && (
                          <Text size="xs" data-note="restored">
                            {notes.restored}
                          </Text>
                        )}
                        {notes.held !== null && (
                          <Text size="xs" data-note="held">
                            {notes.held}
                          </Text>
                        )}
                        {notes.removed.length > 0 && (
                          <Text size="xs" data-note="removed">
                            {t('sync.journal.removedNote', { value: notes.removed.join(' · ') })}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
