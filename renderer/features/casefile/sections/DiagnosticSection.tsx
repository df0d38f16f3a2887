import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Group, List, Radio, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { todayInCasablanca } from '../../../../shared/dates/calendarDate';
import {
  diagnosticDraftSchema,
  emptyDiagnosticDraft,
  requiredDiagnosticTexts,
  type Diagnostic,
  type DiagnosticDraft,
  type DiagnosticDraftInput,
} from '../../../../shared/parcours/diagnostic';
import { orientations } from '../../../../shared/parcours/parcours';
import type { CaseFile } from '../../../db/caseFileRepository';
import { useRepositories } from '../../../db/RepositoryContext';
import {
  EditableSection,
  FormFooter,
  ReadItem,
  ReadList,
  textOrEmpty,
  useDateText,
  useDraftForm,
} from '../../../ui/sectionParts';

/** The texts of the form, in order (the required ones are `requiredDiagnosticTexts`). */
const diagnosticTexts = [
  'professionalPath',
  'skills',
  'training',
  'constraints',
  'motivation',
  'labourMarketFit',
  'partners',
  'complementaryQualification',
] as const;

type MissingItem = (typeof requiredDiagnosticTexts)[number] | 'orientation' | 'diagnosticDate';

/** What the diagnostic still lacks to be complete (what the parcours needs to go on). */
export function missingForCompleteDiagnostic(diagnostic: Diagnostic | undefined): MissingItem[] {
  const missing: MissingItem[] = requiredDiagnosticTexts.filter((field) => (diagnostic?.[field] ?? '').trim() === '');
  if ((diagnostic?.orientation ?? '') === '') missing.push('orientation');
  if ((diagnostic?.diagnosticDate ?? '') === '') missing.push('diagnosticDate');
  return missing;
}

function draftOf(diagnostic: Diagnostic | undefined): DiagnosticDraftInput {
  if (!diagnostic) return emptyDiagnosticDraft;
  return {
    professionalPath: diagnostic.professionalPath,
    skills: diagnostic.skills,
    training: diagnostic.training,
    constraints: diagnostic.constraints,
    motivation: diagnostic.motivation,
    labourMarketFit: diagnostic.labourMarketFit,
    partners: diagnostic.partners,
    orientation: diagnostic.orientation,
    complementaryQualification: diagnostic.complementaryQualification,
    diagnosticDate: diagnostic.diagnosticDate,
  };
}

/**
 * *Diagnostic et qualification*: professional path, skills, training, constraints, motivation, fit
 * with the regional labour market, partners involved, the recommended orientation and a
 * complementary qualification. The read view says what a complete diagnostic still lacks.
 */
export function DiagnosticSection({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  return (
    <EditableSection
      testId="section-diagnostic"
      title={t('sections.diagnostic.title')}
      editLabel={t('sections.diagnostic.edit')}
      savedMessage={(tr) => tr('sections.diagnostic.saved')}
      view={<DiagnosticView diagnostic={file.diagnostic} />}
      renderForm={(events) => <DiagnosticForm file={file} {...events} />}
    />
  );
}

function DiagnosticView({ diagnostic }: { diagnostic: Diagnostic | undefined }) {
  const { t } = useTranslation();
  const dateText = useDateText();
  const missing = missingForCompleteDiagnostic(diagnostic);
  const orientation = diagnostic?.orientation ?? '';
  return (
    <Stack gap="md">
      {missing.length > 0 ? (
        <div data-testid="diagnostic-missing">
          <Text size="sm" fw={600}>
            {t('sections.diagnostic.missing')}
          </Text>
          <List size="sm">
            {missing.map((item) => (
              <List.Item key={item}>{t(`sections.diagnostic.${item}`)}</List.Item>
            ))}
          </List>
        </div>
      ) : (
        <Text size="sm" c="teal.9" fw={600} data-testid="diagnostic-complete">
          {t('sections.diagnostic.complete')}
        </Text>
      )}
      <ReadList>
        {diagnosticTexts.map((field) => (
          <ReadItem key={field} label={t(`sections.diagnostic.${field}`)} value={textOrEmpty(diagnostic?.[field])} />
        ))}
        <ReadItem
          label={t('sections.diagnostic.orientation')}
          value={orientation === '' ? '' : t(`casefile.orientation.${orientation}`)}
        />
        <ReadItem label={t('sections.diagnostic.diagnosticDate')} value={dateText(diagnostic?.diagnosticDate)} />
      </ReadList>
    </Stack>
  );
}

function DiagnosticForm({ file, onSaved, onCancel }: { file: CaseFile; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { caseFiles } = useRepositories();
  const [schema] = useState(() => diagnosticDraftSchema(todayInCasablanca(Date.now()), file.beneficiary.dateOfBirth));
  const { form, message, saveError, onSubmit } = useDraftForm<DiagnosticDraftInput, DiagnosticDraft>({
    resolver: zodResolver(schema),
    defaults: draftOf(file.diagnostic),
    firstField: 'professionalPath',
    save: (draft) => caseFiles.saveDiagnostic(file.beneficiary.id, draft),
    onSaved,
  });
  const {
    register,
    control,
    formState: { errors, isSubmitting },
  } = form;
  const required = new Set<string>(requiredDiagnosticTexts);

  return (
    <form noValidate aria-label={t('sections.diagnostic.form')} onSubmit={onSubmit}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('sections.diagnostic.requiredHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {diagnosticTexts.map((field) => (
            <Textarea
              key={field}
              label={t(`sections.diagnostic.${field}`)}
              // Marked, not enforced: a diagnostic may be saved while drafting.
              withAsterisk={required.has(field)}
              autosize
              minRows={2}
              maxRows={10}
              {...register(field)}
              error={message(errors[field]?.message)}
            />
          ))}
        </SimpleGrid>
        <Controller
          control={control}
          name="orientation"
          render={({ field }) => (
            <Radio.Group
              label={t('sections.diagnostic.orientation')}
              withAsterisk
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              name={field.name}
              error={message(errors.orientation?.message)}
            >
              <Group mt="xs">
                {orientations.map((orientation) => (
                  <Radio key={orientation} value={orientation} label={t(`casefile.orientation.${orientation}`)} />
                ))}
              </Group>
            </Radio.Group>
          )}
        />
        <TextInput
          type="date"
          label={t('sections.diagnostic.diagnosticDate')}
          withAsterisk
          {...register('diagnosticDate')}
          error={message(errors.diagnosticDate?.message)}
          maw={260}
        />
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
