import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { amountInWords } from '../../../shared/money/words';
import { formatAmount, formatMoney } from '../../../shared/money/money';
import { prefectureOrDistrictName } from '../../../shared/reference/administrative';
import type { CeremonyFile } from '../../db/ceremonyRepository';
import { formatNumber } from '../../i18n/format';
import { ceremonySummaryHtml } from '../../print/templates/ceremonySummary';
import { useLanguage } from '../../ui/useLanguage';
import { NoticeAlert } from '../../ui/Notice';
import { pdfFileName } from './ceremonyModel';
import { summaryHeadline } from './summaryHeadline';
import { usePrint } from './usePrint';
import { PrintMenu } from './PrintMenu';

/** The summary in the communiqués' format: beneficiaries, the total in figures and in words, by sector and by préfecture; printable. */
export function SummaryPanel({ file }: { file: CeremonyFile }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const headingId = useId();
  const { print, isPrinting, notice, setNotice } = usePrint();
  const { summary, ceremony } = file;
  const centreName = { fr: file.centre?.nameFr ?? '', ar: file.centre?.nameAr ?? '' };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid="ceremony-summary">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id={headingId}>
            {t('ceremonies.summary.title')}
          </Title>
          <PrintMenu
            label={t('ceremonies.summary.print')}
            shortLabel={t('ceremonies.summary.print')}
            isBusy={isPrinting}
            onPrint={(action) =>
              void print(
                ceremonySummaryHtml({ file, centreName, language }),
                pdfFileName('Recapitulatif-ceremonie', ceremony.date),
                action,
              )
            }
          />
        </Group>
        <NoticeAlert
          notice={notice}
          onClose={() => {
            setNotice(null);
          }}
        />
        <Text size="lg" fw={700} data-testid="summary-beneficiaries">
          {summaryHeadline(summary, language, t)}
        </Text>
        <Stack gap={2}>
          <Text size="sm" c="dimmed">
            {t('ceremonies.summary.total')}
          </Text>
          <Text size="xl" fw={700} data-testid="summary-total">
            {formatMoney(summary.totalCentimes, language)}
          </Text>
          <Text size="sm" data-testid="summary-words">
            {t('ceremonies.summary.inWords', { words: amountInWords(summary.totalCentimes, language) })}
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <BreakdownTable
            label={t('ceremonies.summary.bySector')}
            testId="summary-by-sector"
            rows={summary.bySector.map((row) => ({
              key: row.sector,
              name: row.sector === '' ? t('ceremonies.summary.noSector') : t(`agr.sector.${row.sector}`),
              count: row.count,
              valueCentimes: row.valueCentimes,
            }))}
          />
          <BreakdownTable
            label={t('ceremonies.summary.byPrefecture')}
            testId="summary-by-prefecture"
            rows={summary.byPrefecture.map((row) => ({
              key: `${row.prefectureCode}/${row.districtCode}`,
              name:
                prefectureOrDistrictName(row.prefectureCode, row.districtCode)?.[language] ??
                t('ceremonies.summary.unknownPrefecture'),
              count: row.count,
              valueCentimes: row.valueCentimes,
            }))}
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('ceremonies.summary.note')}
        </Text>
      </Stack>
    </Paper>
  );
}

/** One breakdown of the summary (by sector, by préfecture): name, beneficiaries, value. */
function BreakdownTable({
  label,
  testId,
  rows,
}: {
  label: string;
  testId: string;
  rows: readonly { key: string; name: string; count: number; valueCentimes: number }[];
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <Table aria-label={label} data-testid={testId} verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{label}</Table.Th>
          <Table.Th ta="end">{t('ceremonies.summary.count')}</Table.Th>
          <Table.Th ta="end">{t('ceremonies.summary.value')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key}>
            <Table.Td>{row.name}</Table.Td>
            <Table.Td ta="end">{formatNumber(row.count, language)}</Table.Td>
            <Table.Td ta="end">{formatAmount(row.valueCentimes, language)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
