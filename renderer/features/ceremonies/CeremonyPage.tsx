import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { mayEditField } from '../../../shared/auth/fieldRoles';
import { allPrefectureCodes, findPrefectureByCode } from '../../../shared/reference/administrative';
import type { CeremonyDraftInput } from '../../../shared/agr/ceremony';
import { useCeremony, useRepositories } from '../../db/RepositoryContext';
import { formatDate } from '../../i18n/format';
import { useLanguage } from '../../ui/useLanguage';
import { NoticeAlert, errorNotice, statusNotice, type Notice } from '../../ui/Notice';
import { ReadItem, ReadList, errorName, textOrEmpty } from '../../ui/sectionParts';
import { CeremonyForm } from './CeremonyForm';
import { HoldDialog, MissingReceipts, heldMessage } from './HoldDialog';
import { LinesPanel } from './CeremonyLines';
import { SummaryPanel } from './CeremonySummary';

/** A stored préfecture code as the form takes it ('' when not, or no longer, in the reference data). */
function knownPrefectureCode(code: string): CeremonyDraftInput['prefectureCode'] {
  return allPrefectureCodes.find((known) => known === code) ?? '';
}

/**
 * One handover ceremony: its information and status, the summary in the communiqués' format (with
 * the total in figures and in words, printable), and its list — each beneficiary's project, value,
 * equipment statuses and *procès-verbal* (sign, print, correct), the approved projects to add, and
 * withdrawing a project not signed yet.
 */
export function CeremonyPage({ ceremonyId, onBack }: { ceremonyId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { ceremonies, author } = useRepositories();
  const file = useCeremony(ceremonyId);
  // Holding a ceremony is the coordination's to record (shared/auth/fieldRoles.ts).
  const mayHold = mayEditField('ceremonies', 'status', { ...author, fileCounsellorId: '' });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [isEditing, setEditing] = useState(false);
  const [isHolding, setHolding] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const hasFocused = useRef(false);
  useEffect(() => {
    if (file && !hasFocused.current) {
      hasFocused.current = true;
      heading.current?.focus();
    }
  }, [file]);

  if (file === undefined) return <Loader size="sm" />;
  const back = (
    <Button variant="subtle" onClick={onBack} style={{ alignSelf: 'flex-start' }}>
      {language === 'ar' ? '→ ' : '← '}
      {t('ceremonies.back')}
    </Button>
  );
  if (file === null)
    return (
      <Stack>
        {back}
        <Alert color="red" role="alert">
          {t('ceremonies.notFound')}
        </Alert>
      </Stack>
    );
  const { ceremony } = file;
  const isHeld = ceremony.status === 'tenue';
  const prefecture = findPrefectureByCode(ceremony.prefectureCode);

  const reopen = async () => {
    setNotice(null);
    try {
      if (await ceremonies.reopen(ceremony.id)) setNotice(statusNotice((tr) => tr('ceremonies.preparationSaved')));
      else setNotice(errorNotice((tr) => tr('ceremonies.notFound')));
    } catch (error) {
      const reason = errorName(error);
      setNotice(errorNotice((tr) => tr('sections.common.saveFailed', { reason })));
    }
  };

  return (
    <Stack gap="md" data-testid="ceremony-page">
      {back}
      <Group justify="space-between" align="center">
        <Group gap="sm">
          <Title order={2} ref={heading} tabIndex={-1}>
            {t('ceremonies.heading', { date: formatDate(ceremony.date, language) })}
          </Title>
          <Badge color={isHeld ? 'teal.9' : 'gray.7'} variant="filled" tt="none" data-testid="ceremony-status">
            {t(`ceremonies.status.${ceremony.status}`)}
          </Badge>
        </Group>
        {!mayHold ? (
          <Text size="sm" c="dimmed" maw={320} data-testid="hold-by-coordination">
            {t('ceremonies.holdByCoordination')}
          </Text>
        ) : isHeld ? (
          <Button variant="default" onClick={() => void reopen()}>
            {t('ceremonies.markPreparation')}
          </Button>
        ) : (
          <Button
            variant="default"
            onClick={() => {
              setNotice(null);
              setHolding(true);
            }}
          >
            {t('ceremonies.markHeld')}
          </Button>
        )}
      </Group>
      {isHolding && (
        <HoldDialog
          file={file}
          onClose={() => {
            setHolding(false);
          }}
          onHeld={(outcome) => {
            setHolding(false);
            setNotice(statusNotice((tr, shownIn) => heldMessage(outcome, tr, shownIn)));
          }}
        />
      )}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />

      <Paper withBorder p="md" component="section" aria-label={t('ceremonies.details.title')}>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={3}>{t('ceremonies.details.title')}</Title>
            {!isEditing && (
              <Button
                variant="default"
                aria-label={t('ceremonies.details.edit')}
                onClick={() => {
                  setNotice(null);
                  setEditing(true);
                }}
              >
                {t('sections.common.edit')}
              </Button>
            )}
          </Group>
          {isEditing ? (
            <CeremonyForm
              formLabel={t('ceremonies.details.form')}
              submitLabel={t('sections.common.save')}
              ceremonyId={ceremony.id}
              ceremonyCentreId={ceremony.centreId}
              defaults={{
                date: ceremony.date,
                place: ceremony.place,
                prefectureCode: knownPrefectureCode(ceremony.prefectureCode),
                presidingAuthority: ceremony.presidingAuthority,
                partnersPresent: ceremony.partnersPresent,
              }}
              onSaved={() => {
                setEditing(false);
                setNotice(statusNotice((tr) => tr('ceremonies.details.saved')));
              }}
              onCancel={() => {
                setEditing(false);
              }}
            />
          ) : (
            <ReadList cols={3}>
              <ReadItem label={t('ceremonies.details.place')} value={textOrEmpty(ceremony.place)} />
              <ReadItem
                label={t('ceremonies.details.prefecture')}
                value={prefecture ? prefecture.name[language] : ''}
              />
              <ReadItem
                label={t('ceremonies.details.presidingAuthority')}
                value={textOrEmpty(ceremony.presidingAuthority)}
              />
              <ReadItem
                label={t('ceremonies.details.partnersPresent')}
                value={textOrEmpty(ceremony.partnersPresent)}
                wide
              />
            </ReadList>
          )}
        </Stack>
      </Paper>

      {isHeld && <MissingReceipts file={file} />}
      <SummaryPanel file={file} />
      <LinesPanel file={file} />
    </Stack>
  );
}
