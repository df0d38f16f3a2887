import { useId, useState } from 'react';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { judicialAccessIn } from '../../../../shared/auth/restricted';
import {
  detentionDraftSchema,
  emptyDetentionDraft,
  type DetentionDraft,
  type DetentionDraftInput,
  type DetentionRecord,
} from '../../../../shared/casefile/detention';
import { useSession } from '../../../auth/SessionContext';
import type { CaseFile } from '../../../db/caseFileRepository';
import { useRepositories } from '../../../db/RepositoryContext';
import { useRecordConsultations } from '../../../db/useRecordConsultations';
import { formatNumber } from '../../../i18n/format';
import { useLanguage } from '../../../ui/useLanguage';
import {
  EditableSection,
  FormFooter,
  ReadItem,
  ReadList,
  textOrEmpty,
  useDateText,
  useDraftForm,
} from '../../../ui/sectionParts';
import { OptionalIntegerInput } from '../../../ui/fields';

/**
 * *Détention — données restreintes*: establishment, entry date, sentence length, judicial notes
 * (law 09-08). The page renders it only for the roles that work with judicial data; it decides
 * again itself, for the file's centre (shared/auth/restricted.ts), so that it shows nothing to
 * another role wherever it is rendered. While the user's judicial access in that centre awaits
 * confirmation (a judicial hold), it says so instead: the PC has no detention record to show.
 * Showing a detention record writes a consultation (shared/casefile/consultation.ts), once per
 * opening of the file.
 */
export function DetentionSection({ file }: { file: CaseFile }) {
  const { actor } = useSession();
  const access = judicialAccessIn(actor, file.beneficiary.centreId);
  if (access === 'none') return null;
  if (access === 'on-hold') return <DetentionOnHold />;
  return <RestrictedDetentionSection file={file} />;
}

function DetentionOnHold() {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid="section-detention-on-hold">
      <Stack gap="sm">
        <Title order={3} id={headingId}>
          {t('sections.detention.title')}
        </Title>
        <Alert color="yellow" role="note" title={t('sections.detention.onHoldTitle')}>
          {t('sections.detention.onHold')}
        </Alert>
      </Stack>
    </Paper>
  );
}

function RestrictedDetentionSection({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  // Showing the detention data is a consultation, recorded once per opening of the file (law 09-08).
  useRecordConsultations(file.detention ? [file.beneficiary.id] : [], 'detention');
  return (
    <EditableSection
      testId="section-detention"
      title={t('sections.detention.title')}
      description={
        <Text size="sm" c="dimmed">
          {t('sections.detention.restricted')}
        </Text>
      }
      editLabel={t('sections.detention.edit')}
      savedMessage={(tr) => tr('sections.detention.saved')}
      view={<DetentionView detention={file.detention} />}
      renderForm={(events) => <DetentionForm file={file} {...events} />}
    />
  );
}

function DetentionView({ detention }: { detention: DetentionRecord | undefined }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const dateText = useDateText();
  const months = detention?.sentenceMonths ?? null;
  return (
    <ReadList cols={3}>
      <ReadItem label={t('sections.detention.establishment')} value={textOrEmpty(detention?.establishment)} />
      <ReadItem label={t('sections.detention.entryDate')} value={dateText(detention?.entryDate)} />
      <ReadItem
        label={t('sections.detention.sentenceMonths')}
        value={
          months === null
            ? ''
            : t('sections.detention.sentence', { count: months, formatted: formatNumber(months, language) })
        }
      />
      <ReadItem label={t('sections.detention.judicialNotes')} value={textOrEmpty(detention?.judicialNotes)} wide />
    </ReadList>
  );
}

function draftOf(detention: DetentionRecord | undefined): DetentionDraftInput {
  if (!detention) return emptyDetentionDraft;
  return {
    establishment: detention.establishment,
    entryDate: detention.entryDate,
    sentenceMonths: detention.sentenceMonths,
    judicialNotes: detention.judicialNotes,
  };
}

function DetentionForm({ file, onSaved, onCancel }: { file: CaseFile; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { caseFiles } = useRepositories();
  const { beneficiary } = file;
  // The entry cannot be in the future, before birth, nor after the release recorded at *Accueil*.
  const [schema] = useState(() =>
    detentionDraftSchema(Date.now(), beneficiary.dateOfBirth, beneficiary.releaseDate ?? ''),
  );
  const { form, message, saveError, onSubmit } = useDraftForm<DetentionDraftInput, DetentionDraft>({
    resolver: zodResolver(schema),
    defaults: draftOf(file.detention),
    firstField: 'establishment',
    save: (draft) => caseFiles.saveDetention(beneficiary.id, draft),
    onSaved,
  });
  const {
    register,
    control,
    formState: { errors, isSubmitting },
  } = form;

  return (
    <form noValidate aria-label={t('sections.detention.form')} onSubmit={onSubmit}>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('sections.detention.establishment')}
            autoComplete="off"
            {...register('establishment')}
            error={message(errors.establishment?.message)}
          />
          <TextInput
            type="date"
            label={t('sections.detention.entryDate')}
            {...register('entryDate')}
            error={message(errors.entryDate?.message)}
          />
          <OptionalIntegerInput
            control={control}
            name="sentenceMonths"
            label={t('sections.detention.sentenceMonths')}
            max={1200}
            error={message(errors.sentenceMonths?.message)}
          />
        </SimpleGrid>
        <Textarea
          label={t('sections.detention.judicialNotes')}
          autosize
          minRows={2}
          maxRows={10}
          {...register('judicialNotes')}
          error={message(errors.judicialNotes?.message)}
        />
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
