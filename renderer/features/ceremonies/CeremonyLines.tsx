import { Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { isStepOpen } from '../../../shared/agr/projectSteps';
import { mayEditField } from '../../../shared/auth/fieldRoles';
import { currentStage } from '../../../shared/parcours/parcours';
import { formatAmount, lineTotal } from '../../../shared/money/money';
import type { CeremonyEntry, CeremonyFile, CeremonyRefusal } from '../../db/ceremonyRepository';
import { useRepositories } from '../../db/RepositoryContext';
import { formatDate, formatNumber } from '../../i18n/format';
import { handoverReceiptHtml, handoverReceiptsHtml } from '../../print/templates/handoverReceipt';
import { useLanguage } from '../../ui/useLanguage';
import { NoticeAlert, errorNotice, statusNotice, type Notice } from '../../ui/Notice';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { errorName } from '../../ui/sectionParts';
import { AddProjects } from './AddProjects';
import { SignDialog } from './SignDialog';
import { pdfFileName, personName } from './ceremonyModel';
import { usePrint } from './usePrint';
import { PrintMenu } from './PrintMenu';

/**
 * The ceremony's list: each beneficiary's project, value, equipment and *procès-verbal* (sign,
 * print, correct), the approved projects to add, and withdrawing a project not signed yet.
 */
export function LinesPanel({ file }: { file: CeremonyFile }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { ceremonies, author } = useRepositories();
  const headingId = useId();
  const [isAdding, setAdding] = useState(false);
  // A PV is signed (or corrected) by the counsellor who follows the file, or the coordination.
  const maySign = (entry: CeremonyEntry) =>
    mayEditField('handoverReceipts', 'items', { ...author, fileCounsellorId: entry.beneficiary.followedById ?? '' });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [openItems, setOpenItems] = useState<string | null>(null);
  const [signing, setSigning] = useState<{ entry: CeremonyEntry; mode: 'sign' | 'correct' } | null>(null);
  // The line asked about stays while the dialog fades out; `isWithdrawOpen` opens and closes it.
  const [withdrawing, setWithdrawing] = useState<CeremonyEntry | null>(null);
  const [isWithdrawOpen, setWithdrawOpen] = useState(false);
  const { print, isPrinting, notice: printNotice, setNotice: setPrintNotice } = usePrint();
  const isHeld = file.ceremony.status === 'tenue';
  const centreName = { fr: file.centre?.nameFr ?? '', ar: file.centre?.nameAr ?? '' };
  const signedReceipts = file.entries.flatMap((entry) => (entry.receipt ? [entry.receipt] : []));

  const refused = (refusal: CeremonyRefusal) => {
    setNotice(errorNotice((tr) => tr(`ceremonies.refused.${refusal}`)));
  };
  const failed = (error: unknown) => {
    const reason = errorName(error);
    setNotice(errorNotice((tr) => tr('sections.common.saveFailed', { reason })));
  };

  const withdraw = async (entry: CeremonyEntry) => {
    try {
      const result = await ceremonies.withdraw(entry.project.id);
      setWithdrawOpen(false);
      if (!result.ok) refused(result.error);
      else {
        const title = entry.project.title;
        setNotice(statusNotice((tr) => tr('ceremonies.lines.withdrawn', { title })));
      }
    } catch (error) {
      setWithdrawOpen(false);
      failed(error);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid="ceremony-lines">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id={headingId}>
            {t('ceremonies.lines.title')}
          </Title>
          <Group gap="xs">
            {signedReceipts.length > 0 && (
              <PrintMenu
                label={t('ceremonies.lines.printAll')}
                shortLabel={t('ceremonies.lines.printAll')}
                isBusy={isPrinting}
                onPrint={(action) =>
                  void print(
                    handoverReceiptsHtml({ receipts: signedReceipts, ceremony: file.ceremony, centreName }),
                    pdfFileName('PV-remise', file.ceremony.date, 'tous'),
                    action,
                  )
                }
              />
            )}
            {!isAdding && !isHeld && (
              <Button
                variant="default"
                onClick={() => {
                  setNotice(null);
                  setAdding(true);
                }}
              >
                {t('ceremonies.lines.add')}
              </Button>
            )}
          </Group>
        </Group>
        <NoticeAlert
          notice={notice}
          onClose={() => {
            setNotice(null);
          }}
        />
        <NoticeAlert
          notice={printNotice}
          onClose={() => {
            setPrintNotice(null);
          }}
        />
        {isAdding && (
          <AddProjects
            ceremonyId={file.ceremony.id}
            onDone={(added) => {
              setAdding(false);
              if (added > 0)
                setNotice(
                  statusNotice((tr, shownIn) =>
                    tr('ceremonies.lines.added', { count: added, formatted: formatNumber(added, shownIn) }),
                  ),
                );
            }}
            onRefused={refused}
            onFailed={failed}
          />
        )}
        {file.entries.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="ceremony-lines-empty">
            {t('ceremonies.lines.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label={t('ceremonies.lines.caption')} data-testid="ceremony-lines-table" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ceremonies.lines.columns.beneficiary')}</Table.Th>
                  <Table.Th>{t('ceremonies.lines.columns.project')}</Table.Th>
                  <Table.Th>{t('ceremonies.lines.columns.sector')}</Table.Th>
                  <Table.Th ta="end">{t('ceremonies.lines.columns.value')}</Table.Th>
                  <Table.Th>{t('ceremonies.lines.columns.receipt')}</Table.Th>
                  <Table.Th>{t('ceremonies.lines.columns.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {file.entries.map((entry) => {
                  const name = personName(entry.beneficiary, language);
                  const { receipt } = entry;
                  return (
                    <Fragment key={entry.line.id}>
                      <Table.Tr data-testid="ceremony-line">
                        <Table.Td>{name}</Table.Td>
                        <Table.Td>{entry.project.title}</Table.Td>
                        <Table.Td>
                          {entry.project.sector === '' ? '' : t(`agr.sector.${entry.project.sector}`)}
                        </Table.Td>
                        <Table.Td ta="end" data-testid="ceremony-line-value">
                          {formatAmount(entry.valueCentimes, language)}
                        </Table.Td>
                        <Table.Td>
                          {receipt ? (
                            <Badge color="teal.9" variant="filled" tt="none" data-testid="receipt-signed">
                              {receipt.version > 1
                                ? t('ceremonies.lines.signedVersion', {
                                    date: formatDate(receipt.signedOn, language),
                                    version: formatNumber(receipt.version, language),
                                  })
                                : t('ceremonies.lines.signed', { date: formatDate(receipt.signedOn, language) })}
                            </Badge>
                          ) : (
                            <Badge color="dark.6" variant="outline" tt="none" data-testid="receipt-unsigned">
                              {t('ceremonies.lines.unsigned')}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {
                            <Group gap="xs" wrap="nowrap">
                              <Button
                                size="xs"
                                variant="default"
                                aria-expanded={openItems === entry.line.id}
                                aria-label={t('ceremonies.lines.showItems', { name })}
                                onClick={() => {
                                  setOpenItems(openItems === entry.line.id ? null : entry.line.id);
                                }}
                              >
                                {t('ceremonies.lines.itemsOf')}
                              </Button>
                              {receipt ? (
                                <>
                                  <PrintMenu
                                    label={t('ceremonies.lines.print', { name })}
                                    shortLabel={t('ceremonies.lines.printShort')}
                                    isBusy={isPrinting}
                                    onPrint={(action) =>
                                      void print(
                                        handoverReceiptHtml({ receipt, ceremony: file.ceremony, centreName }),
                                        pdfFileName(
                                          'PV-remise',
                                          entry.beneficiary.lastNameLatin,
                                          entry.beneficiary.firstNameLatin,
                                          entry.beneficiary.fileNumber ?? '',
                                          `v${receipt.version}`,
                                        ),
                                        action,
                                      )
                                    }
                                  />
                                  {maySign(entry) && (
                                    <Button
                                      size="xs"
                                      variant="default"
                                      aria-label={t('ceremonies.lines.correct', { name })}
                                      onClick={() => {
                                        setSigning({ entry, mode: 'correct' });
                                      }}
                                    >
                                      {t('ceremonies.lines.correctShort')}
                                    </Button>
                                  )}
                                </>
                              ) : (
                                <>
                                  {!maySign(entry) ? (
                                    <Text size="xs" maw={260} data-testid="sign-by-others">
                                      {t('ceremonies.lines.signByOthers')}
                                    </Text>
                                  ) : isStepOpen('handover', currentStage(entry.beneficiary)) ? (
                                    <Button
                                      size="xs"
                                      aria-label={t('ceremonies.lines.sign', { name })}
                                      onClick={() => {
                                        setSigning({ entry, mode: 'sign' });
                                      }}
                                    >
                                      {t('ceremonies.lines.signShort')}
                                    </Button>
                                  ) : (
                                    <Text size="xs" maw={260} data-testid="sign-waiting">
                                      {t('ceremonies.lines.notAtStage', {
                                        stage: t(`casefile.stage.${currentStage(entry.beneficiary)}`),
                                      })}
                                    </Text>
                                  )}
                                  {!isHeld && (
                                    <Button
                                      size="xs"
                                      variant="default"
                                      c="red.9"
                                      aria-label={t('ceremonies.lines.withdraw', { name })}
                                      onClick={() => {
                                        setNotice(null);
                                        setWithdrawing(entry);
                                        setWithdrawOpen(true);
                                      }}
                                    >
                                      {t('ceremonies.lines.withdrawShort')}
                                    </Button>
                                  )}
                                </>
                              )}
                            </Group>
                          }
                        </Table.Td>
                      </Table.Tr>
                      {openItems === entry.line.id && (
                        <Table.Tr>
                          <Table.Td colSpan={6}>
                            <ItemsView entry={entry} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <ConfirmDialog
        opened={isWithdrawOpen}
        content={
          withdrawing && {
            title: t('ceremonies.lines.withdrawConfirm', { title: withdrawing.project.title }),
            confirmLabel: t('ceremonies.lines.withdrawShort'),
            danger: true,
          }
        }
        onConfirm={async () => {
          if (withdrawing) await withdraw(withdrawing);
          return null;
        }}
        onClose={() => {
          setWithdrawOpen(false);
        }}
        onExited={() => {
          setWithdrawing(null);
        }}
      />
      {signing && (
        <SignDialog
          entry={signing.entry}
          mode={signing.mode}
          onClose={() => {
            setSigning(null);
          }}
          onDone={(message) => {
            setSigning(null);
            setNotice(statusNotice(message));
          }}
        />
      )}
    </Paper>
  );
}

/**
 * The equipment of one project: as its signed PV holds it, or as planned before signing. Statuses
 * are given when the PV is signed (SignDialog), never changed here.
 */
function ItemsView({ entry }: { entry: CeremonyEntry }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const items = entry.receipt ? entry.receipt.items : entry.equipment;
  return (
    <Table
      aria-label={t('ceremonies.lines.items', { title: entry.project.title })}
      verticalSpacing={4}
      data-testid="ceremony-items"
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('agr.equipment.designation')}</Table.Th>
          <Table.Th ta="end">{t('agr.equipment.quantity')}</Table.Th>
          <Table.Th ta="end">{t('agr.equipment.lineTotal')}</Table.Th>
          <Table.Th>{t('agr.equipment.status')}</Table.Th>
          <Table.Th>{t('ceremonies.lines.itemNote')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item, index) => (
          <Table.Tr key={`${String(index)}-${item.designation}`}>
            <Table.Td>{item.designation}</Table.Td>
            <Table.Td ta="end">{formatNumber(item.quantity, language)}</Table.Td>
            <Table.Td ta="end">{formatAmount(lineTotal(item.quantity, item.unitPriceCentimes), language)}</Table.Td>
            <Table.Td>{t(`agr.handoverStatus.${item.handoverStatus}`)}</Table.Td>
            <Table.Td>{item.handoverNote}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
