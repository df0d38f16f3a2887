import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Alert, Button, List, Paper, Stack, Text, Title } from '@mantine/core';
import { currentStage } from '../../../shared/parcours/parcours';
import type { Language } from '../../../shared/i18n/language';
import type { CeremonyEntry, CeremonyFile, HoldOutcome } from '../../db/ceremonyRepository';
import { useRepositories } from '../../db/RepositoryContext';
import { formatDate, formatNumber } from '../../i18n/format';
import { useLanguage } from '../../ui/useLanguage';
import { errorName } from '../../ui/sectionParts';
import { FormDialog, FormDialogLayout } from '../../ui/FormDialog';
import { personName } from './ceremonyModel';

/** The files of the list without a signed PV (they do not move on when the ceremony is held). */
function missingOf(file: CeremonyFile): CeremonyEntry[] {
  return file.entries.filter((entry) => !entry.receipt);
}

/** The people whose signed PV moves their file to *suivi* (once each, even with two projects). */
function movingOf(file: CeremonyFile): number {
  return new Set(file.entries.filter((entry) => entry.receipt).map((entry) => entry.beneficiary.id)).size;
}

/**
 * Marking a ceremony held: says before anything is written which files move on to *suivi* (those
 * whose PV is signed) and which stay (no signed PV), then holds it in one transaction.
 */
export function HoldDialog({
  file,
  onClose,
  onHeld,
}: {
  file: CeremonyFile;
  onClose: () => void;
  onHeld: (outcome: HoldOutcome) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { ceremonies } = useRepositories();
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const missing = missingOf(file);
  const moving = movingOf(file);
  const title = t('ceremonies.hold.title', { date: formatDate(file.ceremony.date, language) });

  const hold = async () => {
    setSaving(true);
    setError(null);
    try {
      const result = await ceremonies.hold(file.ceremony.id);
      if (result.ok) onHeld(result.value);
      else setError(t(`ceremonies.refused.${result.error}`));
    } catch (caught) {
      setError(t('sections.common.saveFailed', { reason: errorName(caught) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened onClose={onClose} size="lg" title={title} isBusy={isSaving}>
      <FormDialogLayout
        testId="hold-dialog"
        error={
          error !== null && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )
        }
        actions={
          <>
            <Button variant="default" onClick={onClose}>
              {t('sections.common.cancel')}
            </Button>
            <Button loading={isSaving} onClick={() => void hold()}>
              {t('ceremonies.hold.confirm')}
            </Button>
          </>
        }
      >
        <Text size="sm">{t('ceremonies.hold.intro')}</Text>
        <Text fw={600} data-testid="hold-moving">
          {moving === 0
            ? t('ceremonies.hold.movingNone')
            : t('ceremonies.hold.moving', { count: moving, formatted: formatNumber(moving, language) })}
        </Text>
        {missing.length > 0 && (
          <Stack gap={4} data-testid="hold-missing">
            <Text fw={600} c="red.9">
              {t('ceremonies.hold.missing', {
                count: missing.length,
                formatted: formatNumber(missing.length, language),
              })}
            </Text>
            <MissingList entries={missing} />
          </Stack>
        )}
      </FormDialogLayout>
    </FormDialog>
  );
}

/** What holding did, in the user's language (written when shown: it follows a change of language). */
export function heldMessage(outcome: HoldOutcome, t: TFunction, language: Language): string {
  const parts = [t('ceremonies.hold.done')];
  if (outcome.moved.length > 0)
    parts.push(
      t('ceremonies.hold.moved', {
        count: outcome.moved.length,
        formatted: formatNumber(outcome.moved.length, language),
      }),
    );
  if (outcome.notMoved.length > 0)
    parts.push(
      t('ceremonies.hold.notMoved', {
        count: outcome.notMoved.length,
        formatted: formatNumber(outcome.notMoved.length, language),
        names: outcome.notMoved.map(({ beneficiary }) => personName(beneficiary, language)).join(', '),
      }),
    );
  if (outcome.missingReceipts.length > 0)
    parts.push(
      t('ceremonies.hold.missingAfter', {
        count: outcome.missingReceipts.length,
        formatted: formatNumber(outcome.missingReceipts.length, language),
      }),
    );
  return parts.join(' ');
}

/** A held ceremony's files whose PV is still not signed: the paperwork left to finish. */
export function MissingReceipts({ file }: { file: CeremonyFile }) {
  const { t } = useTranslation();
  const missing = missingOf(file);
  if (missing.length === 0) return null;
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-label={t('ceremonies.missingReceipts.title')}
      data-testid="missing-receipts"
    >
      <Stack gap="xs">
        <Title order={3}>{t('ceremonies.missingReceipts.title')}</Title>
        <Text size="sm">{t('ceremonies.missingReceipts.intro')}</Text>
        <MissingList entries={missing} />
      </Stack>
    </Paper>
  );
}

function MissingList({ entries }: { entries: readonly CeremonyEntry[] }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <List size="sm">
      {entries.map((entry) => (
        <List.Item key={entry.line.id} data-testid="missing-receipt">
          {t('ceremonies.missingReceipts.item', {
            name: personName(entry.beneficiary, language),
            title: entry.project.title,
            stage: t(`casefile.stage.${currentStage(entry.beneficiary)}`),
          })}
        </List.Item>
      ))}
    </List>
  );
}
