import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { AuditFilter, AuditPage as AuditPageData } from '../../../shared/audit/auditEvents';
import type { HostError } from '../../../shared/result';
import { useSession } from '../../auth/SessionContext';
import { useHost } from '../../host/HostContext';
import { formatInstant, formatNumber } from '../../i18n/format';
import { ErrorAlert } from '../../ui/Alerts';
import { NoticeAlert, statusNotice } from '../../ui/Notice';
import { callAdminRoute } from '../../api/callAdminRoute';
import { useRouteList } from '../../ui/useRouteList';
import { useLanguage } from '../../ui/useLanguage';
import { AuditFilters } from './AuditFilters';
import {
  describeEntry,
  filterOf,
  isolatedFileName,
  moroccanDayStart,
  personLabel,
  type AuditNames,
} from './auditModel';
import { ChainStatus } from './ChainStatus';
import { downloadText } from './downloadText';

const pageSize = 50;

/**
 * *Audit* (administrators: the shell shows it where `canReadAudit`): the server's audit chain —
 * whether it is intact, its entries newest first with filters, older pages on demand, and the CSV
 * export of everything the filters match. Online only: the trail lives on the server, and every
 * read of it is itself an entry there.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const { hasServerSession } = useSession();
  return (
    <Stack gap="md">
      <Title order={2}>{t('audit.title')}</Title>
      <Text c="dimmed" size="sm" maw={760}>
        {t('audit.intro')}
      </Text>
      {hasServerSession ? (
        <AuditWorkspace />
      ) : (
        <ErrorAlert error={{ code: 'no-session' }} title={t('audit.offlineTitle')}>
          <Text size="sm">{t('audit.offlineHint')}</Text>
        </ErrorAlert>
      )}
    </Stack>
  );
}

type Search = { filter: AuditFilter; round: number };
type Result = { search: Search; pages: AuditPageData[]; error: HostError | null };

function mergedNames(pages: readonly AuditPageData[]): AuditNames {
  return {
    users: Object.assign({}, ...pages.map((page) => page.users)) as AuditNames['users'],
    devices: Object.assign({}, ...pages.map((page) => page.devices)) as AuditNames['devices'],
    persons: Object.assign({}, ...pages.map((page) => page.persons)) as AuditNames['persons'],
  };
}

function AuditWorkspace() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const host = useHost();
  const users = useRouteList('listUsers', true);
  const [search, setSearch] = useState<Search>({ filter: {}, round: 0 });
  const [result, setResult] = useState<Result | null>(null);
  const [isLoadingMore, setLoadingMore] = useState(false);
  const [isExporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<HostError | null>(null);
  // What the last export did, translated when shown (the language may change meanwhile).
  const [exported, setExported] = useState<{ count: number; fileName: string; isTruncated: boolean } | null>(null);

  useEffect(() => {
    let isCurrent = true;
    void callAdminRoute(host, 'auditSearch', { body: { filter: search.filter, limit: pageSize } }).then((answer) => {
      if (!isCurrent) return;
      setResult(
        answer.ok ? { search, pages: [answer.value], error: null } : { search, pages: [], error: answer.error },
      );
    });
    return () => {
      isCurrent = false;
    };
  }, [host, search]);

  const apply = useCallback((form: Parameters<typeof filterOf>[0]) => {
    const filter = filterOf(form, moroccanDayStart);
    if (filter === null) return false;
    setExported(null);
    setSearch((current) => ({ filter, round: current.round + 1 }));
    return true;
  }, []);

  const isLoading = result?.search !== search;
  const pages = result?.pages ?? [];
  const entries = pages.flatMap((page) => page.entries);
  const names = mergedNames(pages);
  const first = pages[0];
  const next = pages.at(-1)?.nextBeforeSeq ?? null;

  const loadMore = async () => {
    if (result === null || next === null) return;
    setLoadingMore(true);
    const answer = await callAdminRoute(host, 'auditSearch', {
      body: { filter: result.search.filter, beforeSeq: next, limit: pageSize },
    });
    setLoadingMore(false);
    // An answer for a filter that changed meanwhile is dropped.
    setResult((current) =>
      current?.search !== result.search
        ? current
        : answer.ok
          ? { ...current, pages: [...current.pages, answer.value], error: null }
          : { ...current, error: answer.error },
    );
  };

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    setExported(null);
    const answer = await callAdminRoute(host, 'auditExport', { body: { filter: search.filter, language } });
    setExporting(false);
    if (!answer.ok) {
      setExportError(answer.error);
      return;
    }
    const { fileName, csv, rowCount, isTruncated } = answer.value;
    downloadText(fileName, csv, 'text/csv;charset=utf-8');
    setExported({ count: rowCount, fileName, isTruncated });
  };

  return (
    <Stack gap="md">
      <ChainStatus />
      <AuditFilters users={users.data?.users ?? []} onApply={apply} />
      {first?.matchedPersons &&
        (first.matchedPersons.length === 0 ? (
          <Alert color="gray" role="status" data-testid="audit-matched">
            {t('audit.filters.matchedNone', { query: search.filter.person ?? '' })}
          </Alert>
        ) : (
          <Text size="sm" data-testid="audit-matched">
            {t('audit.filters.matched', {
              names: first.matchedPersons.map((person) => personLabel(person, language)).join(' ; '),
            })}
          </Text>
        ))}
      <Group justify="space-between" align="center">
        <Text size="sm" c="dimmed" role="status">
          {isLoading
            ? t('audit.loading')
            : t('audit.shown', { count: entries.length, formatted: formatNumber(entries.length, language) })}
        </Text>
        <Button variant="default" onClick={() => void exportCsv()} loading={isExporting}>
          {t('audit.export')}
        </Button>
      </Group>
      <NoticeAlert
        notice={
          exported &&
          statusNotice((tr, shownIn) =>
            [
              tr('audit.exported', {
                count: exported.count,
                formatted: formatNumber(exported.count, shownIn),
                name: isolatedFileName(exported.fileName),
              }),
              exported.isTruncated ? tr('audit.exportTruncated') : '',
            ].join(' '),
          )
        }
        onClose={() => {
          setExported(null);
        }}
      />
      {exportError && <ErrorAlert error={exportError} title={t('audit.exportErrorTitle')} />}
      {result?.error && (
        <ErrorAlert
          error={result.error}
          title={t('admin.common.loadErrorTitle')}
          onRetry={() => {
            setSearch((current) => ({ ...current, round: current.round + 1 }));
          }}
        />
      )}
      {result === null ? (
        <Loader aria-label={t('audit.loading')} />
      ) : entries.length === 0 ? (
        !isLoading && result.error === null && <Text c="dimmed">{t('audit.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped aria-label={t('audit.tableLabel')} data-testid="audit-list" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.columns.at')}</Table.Th>
                <Table.Th>{t('audit.columns.kind')}</Table.Th>
                <Table.Th>{t('audit.columns.event')}</Table.Th>
                <Table.Th>{t('audit.columns.user')}</Table.Th>
                <Table.Th>{t('audit.columns.device')}</Table.Th>
                <Table.Th>{t('audit.columns.persons')}</Table.Th>
                <Table.Th>{t('audit.columns.outcome')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((entry) => {
                const view = describeEntry(entry, names, t, language);
                return (
                  <Table.Tr key={entry.seq} data-seq={entry.seq} data-type={entry.type}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{formatInstant(entry.at, language)}</Text>
                      <Text size="xs" c="dimmed">
                        {t('audit.entryNumber', { version: entry.seq })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`audit.kinds.${entry.kind}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        <bdi>{view.title}</bdi>
                      </Text>
                      {view.lines.length > 0 && <DetailLines lines={view.lines} />}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        <bdi>{view.user}</bdi>
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        <bdi>{view.device}</bdi>
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {view.persons.map((person, index) => (
                        <div key={index}>
                          {person.fileNumber !== '' && (
                            <Text size="sm">
                              <bdi dir="ltr">{person.fileNumber}</bdi>
                            </Text>
                          )}
                          <Text size="xs" c="dimmed">
                            <bdi>{person.name}</bdi>
                          </Text>
                        </div>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={700} c={view.isSuccess ? 'teal.9' : 'red.9'} data-outcome={entry.outcome}>
                        {view.outcome}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {next !== null && !isLoading && (
        <Group>
          <Button variant="default" onClick={() => void loadMore()} loading={isLoadingMore}>
            {t('audit.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Lines shown at once before *Détails*. */
const linesShown = 2;

/**
 * An entry's detail lines: the first two, and the rest behind *Détails* (a disclosure button).
 * Mantine's Spoiler was used here; it marks each entry's text as an unnamed `region` landmark,
 * dozens per page (axe: landmark-unique).
 */
function DetailLines({ lines }: { lines: readonly string[] }) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const id = useId();
  const line = (text: string, index: number) => (
    <Text key={index} size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
      <bdi>{text}</bdi>
    </Text>
  );
  return (
    <>
      {lines.slice(0, linesShown).map(line)}
      {lines.length > linesShown && (
        <>
          <div id={id} hidden={!isOpen}>
            {isOpen && lines.slice(linesShown).map((text, index) => line(text, index + linesShown))}
          </div>
          <Anchor
            component="button"
            type="button"
            fz="xs"
            aria-expanded={isOpen}
            aria-controls={id}
            onClick={() => {
              setOpen((open) => !open);
            }}
          >
            {isOpen ? t('audit.hideDetails') : t('audit.details')}
          </Anchor>
        </>
      )}
    </>
  );
}
