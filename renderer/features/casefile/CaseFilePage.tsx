import { useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { hasJudicialAccess, hasJudicialRole } from '../../../shared/auth/restricted';
import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { displayPhone } from '../../../shared/beneficiary/phone';
import {
  findArrondissement,
  findDistrictPrefecture,
  findPrefectureByCode,
} from '../../../shared/reference/administrative';
import { useSession } from '../../auth/SessionContext';
import { stageOf } from '../../db/caseFileRepository';
import { useCaseFile } from '../../db/RepositoryContext';
import { formatDate } from '../../i18n/format';
import { useLanguage } from '../../ui/useLanguage';
import { FormDialog } from '../../ui/FormDialog';
import { NoticeAlert, statusNotice } from '../../ui/Notice';
import { CaseTimeline } from './CaseTimeline';
import { ParcoursPanel } from './ParcoursPanel';
import { AdmissionSection, DetentionSection, DiagnosticSection, LifeProjectSection } from './sections';
import { IncomeProjectSection } from './agr/IncomeProjectSection';
import { arabicListName, latinName } from '../../../shared/beneficiary/displayName';

/**
 * The form that corrects a person's identity, contact and address: the beneficiaries feature's,
 * handed by the shell (a feature imports no other).
 */
export type IdentityForm = ComponentType<{
  editing: Beneficiary;
  onSaved: () => void;
  onCancel: () => void;
  /** *Ouvrir* on a possible duplicate: nothing is saved, that person's file is shown instead. */
  onOpenExisting: (other: Beneficiary) => void;
}>;

/**
 * A beneficiary's file (*dossier*): who the person is, where the file stands in the parcours and
 * the moves open from there, the sections of each stage (admission, diagnostic, life project,
 * detention for the roles that may see it), and the timeline of everything that happened.
 * Re-read at every change of its records, local or pulled.
 */
export function CaseFilePage({
  beneficiaryId,
  onBack,
  onOpenOther,
  IdentityForm,
}: {
  beneficiaryId: string;
  onBack: () => void;
  /** *Ouvrir* on a possible duplicate while correcting the identity: that person's file. */
  onOpenOther: (beneficiaryId: string) => void;
  IdentityForm: IdentityForm;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { actor } = useSession();
  // Whether the detention record is read at all is decided for the file's centre (a judicial hold
  // is per centre), once the repository has read the beneficiary.
  const mayReadDetention = useCallback((centreId: string) => hasJudicialAccess(actor, centreId), [actor]);
  const file = useCaseFile(beneficiaryId, mayReadDetention);
  const heading = useRef<HTMLHeadingElement>(null);
  const isLoaded = file !== undefined && file !== null;
  const [isEditing, setEditing] = useState(false);
  const [isIdentitySaved, setIdentitySaved] = useState(false);

  // The page replaces the list: focus its heading so keyboard and screen reader users start here.
  useEffect(() => {
    if (isLoaded) heading.current?.focus();
  }, [isLoaded, beneficiaryId]);

  const back = (
    <Button variant="subtle" onClick={onBack} px={0} data-testid="case-back">
      {language === 'ar' ? '→ ' : '← '}
      {t('casefile.back')}
    </Button>
  );
  if (file === undefined) return <Loader aria-label={t('beneficiaries.loading')} />;
  if (file === null)
    return (
      <Stack>
        {back}
        <Alert color="orange" role="status">
          {t('casefile.notFound')}
        </Alert>
      </Stack>
    );

  const { beneficiary } = file;
  const latin = latinName(beneficiary);
  const arabic = arabicListName(beneficiary);
  const stage = stageOf(beneficiary);
  const address = [
    beneficiary.arrondissementCode ? findArrondissement(beneficiary.arrondissementCode)?.name[language] : '',
    beneficiary.addressLine,
  ]
    .filter((part) => part)
    .join(' — ');
  const phones = [beneficiary.phone ?? '', beneficiary.phoneOther ?? ''].filter((phone) => phone !== '');

  return (
    <Stack gap="md" data-testid="case-file">
      {back}
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2} ref={heading} tabIndex={-1}>
            <span dir="ltr" lang="fr">
              {latin}
            </span>
            {arabic !== '' && (
              <>
                {' · '}
                <span dir="rtl" lang="ar">
                  {arabic}
                </span>
              </>
            )}
          </Title>
          <Text c="dimmed" size="sm">
            {t('casefile.fileNumber')}
            {t('casefile.colon')}
            <span dir="ltr" data-testid="case-file-number">
              {beneficiary.fileNumber || t('casefile.noFileNumber')}
            </span>
            {' · '}
            {t('casefile.followedBy')}
            {t('casefile.colon')}
            {beneficiary.followedByName || t('casefile.unknownPerson')}
          </Text>
        </Stack>
        <Badge size="xl" radius="sm" color="teal.9" tt="none" data-testid="case-stage">
          {t('casefile.currentStage', { stage: t(`casefile.stage.${stage}`) })}
        </Badge>
      </Group>

      <Paper withBorder p="md" component="section" aria-labelledby="identity-title">
        <Group justify="space-between" mb="sm">
          <Title order={3} id="identity-title">
            {t('casefile.identity')}
          </Title>
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              setIdentitySaved(false);
              setEditing(true);
            }}
          >
            {t('casefile.editIdentity')}
          </Button>
        </Group>
        <NoticeAlert
          notice={isIdentitySaved ? statusNotice((tr) => tr('casefile.identitySaved')) : null}
          mb="sm"
          onClose={() => {
            setIdentitySaved(false);
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm" component="dl" m={0}>
          <Fact label={t('beneficiaries.columns.sex')}>
            {beneficiary.sex === 'F' ? t('form.sexF') : t('form.sexM')}
          </Fact>
          <Fact label={t('beneficiaries.columns.dateOfBirth')}>{formatDate(beneficiary.dateOfBirth, language)}</Fact>
          <Fact label={t('beneficiaries.columns.cin')}>
            <span dir="ltr">{beneficiary.cin || '—'}</span>
          </Fact>
          {beneficiary.nationalNumber && (
            <Fact label={t('form.nationalNumber')}>
              <span dir="ltr">{beneficiary.nationalNumber}</span>
            </Fact>
          )}
          <Fact label={t('beneficiaries.columns.prefecture')}>
            {findPrefectureByCode(beneficiary.prefectureCode)?.name[language] ?? beneficiary.prefectureCode}
          </Fact>
          {beneficiary.districtCode && (
            <Fact label={t('form.district')} testId="case-district">
              {findDistrictPrefecture(beneficiary.districtCode)?.name[language] ?? beneficiary.districtCode}
            </Fact>
          )}
          {address !== '' && <Fact label={t('form.address')}>{address}</Fact>}
          {phones.length > 0 && (
            <Fact label={t('form.phone')}>
              <span dir="ltr">{phones.map(displayPhone).join(' · ')}</span>
            </Fact>
          )}
        </SimpleGrid>
      </Paper>

      <FormDialog
        opened={isEditing}
        onClose={() => {
          setEditing(false);
        }}
        title={t('form.editTitle')}
        size="xl"
        closeLabel={t('form.cancel')}
      >
        <IdentityForm
          editing={beneficiary}
          onCancel={() => {
            setEditing(false);
          }}
          onSaved={() => {
            setEditing(false);
            setIdentitySaved(true);
          }}
          onOpenExisting={(other) => {
            setEditing(false);
            onOpenOther(other.id);
          }}
        />
      </FormDialog>
      <ParcoursPanel file={file} />
      <AdmissionSection file={file} />
      <DiagnosticSection file={file} />
      <LifeProjectSection file={file} />
      <IncomeProjectSection file={file} />
      {hasJudicialRole(actor.role) && <DetentionSection file={file} />}
      <CaseTimeline file={file} />
    </Stack>
  );
}

function Fact({ label, testId, children }: { label: string; testId?: string; children: React.ReactNode }) {
  return (
    <div data-testid={testId}>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}
