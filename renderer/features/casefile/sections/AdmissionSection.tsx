import { useState } from 'react';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Fieldset, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import {
  admissionOf,
  admissionSchema,
  educationLevels,
  familySituations,
  housingSituations,
  type Admission,
  type AdmissionInput,
} from '../../../../shared/beneficiary/beneficiary';
import type { CaseFile } from '../../../db/caseFileRepository';
import { useRepositories } from '../../../db/RepositoryContext';
import { formatNumber } from '../../../i18n/format';
import type { TranslationKey } from '../../../i18n/resources';
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
import { ChoiceField, OptionalIntegerInput, TextAreaField, TextField } from '../../../ui/fields';

/**
 * *Accueil*: the admission details of the beneficiary (release, family, housing, education, what
 * was done in detention, the SPR's diagnostic) and the consent to the processing of personal data
 * (law 09-08: date, purpose and who collected it, all three or none).
 */
export function AdmissionSection({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  return (
    <EditableSection
      testId="section-admission"
      title={t('sections.admission.title')}
      editLabel={t('sections.admission.edit')}
      savedMessage={(tr) => tr('sections.admission.saved')}
      view={<AdmissionView file={file} />}
      renderForm={(events) => <AdmissionForm file={file} {...events} />}
    />
  );
}

function AdmissionView({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const dateText = useDateText();
  const b = file.beneficiary;
  // Admission details, empty until first saved.
  const a = admissionOf(b, file.admission);
  const option = (group: string, value: string | undefined) =>
    value ? t(`sections.admission.${group}.${value}`, { defaultValue: value }) : '';
  return (
    <Stack gap="md">
      <ReadList>
        <ReadItem label={t('sections.admission.releaseDate')} value={dateText(a.releaseDate)} />
        <ReadItem
          label={t('sections.admission.familySituation')}
          value={option('familySituationOption', a.familySituation)}
        />
        <ReadItem
          label={t('sections.admission.childrenCount')}
          value={a.childrenCount === null ? '' : formatNumber(a.childrenCount, language)}
        />
        <ReadItem label={t('sections.admission.housing')} value={option('housingOption', a.housing)} />
        <ReadItem
          label={t('sections.admission.educationLevel')}
          value={option('educationLevelOption', a.educationLevel)}
        />
        <ReadItem label={t('sections.admission.detentionTraining')} value={textOrEmpty(a.detentionTraining)} wide />
      </ReadList>
      <Title order={4}>{t('sections.admission.spr')}</Title>
      <ReadList>
        <ReadItem label={t('sections.admission.sprDiagnostic')} value={textOrEmpty(a.sprDiagnostic)} wide />
        <ReadItem label={t('sections.admission.sprDiagnosticDate')} value={dateText(a.sprDiagnosticDate)} />
      </ReadList>
      <Title order={4}>{t('sections.admission.consent')}</Title>
      <ReadList cols={3}>
        <ReadItem label={t('sections.admission.consentDate')} value={dateText(a.consentDate)} />
        <ReadItem label={t('sections.admission.consentPurpose')} value={textOrEmpty(a.consentPurpose)} />
        <ReadItem label={t('sections.admission.consentCollectedBy')} value={textOrEmpty(a.consentCollectedBy)} />
      </ReadList>
    </Stack>
  );
}

function AdmissionForm({ file, onSaved, onCancel }: { file: CaseFile; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { caseFiles } = useRepositories();
  const { beneficiary } = file;
  // "Today" is taken when the form opens: no date may be in the future, nor before birth.
  const [resolver] = useState(() => zodResolver(admissionSchema(Date.now(), beneficiary.dateOfBirth)));
  const { form, saveError, onSubmit } = useDraftForm<AdmissionInput, Admission>({
    resolver,
    defaults: admissionOf(beneficiary, file.admission),
    firstField: 'releaseDate',
    save: (admission) => caseFiles.saveAdmission(beneficiary.id, admission),
    onSaved,
  });
  const {
    control,
    formState: { isSubmitting },
  } = form;
  const choices = <Value extends string>(values: readonly Value[], labelKey: (value: Value) => TranslationKey) =>
    values.map((value) => ({ value, label: t(labelKey(value)) }));

  return (
    <form noValidate aria-label={t('sections.admission.form')} onSubmit={onSubmit}>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextField control={control} name="releaseDate" type="date" label={t('sections.admission.releaseDate')} />
          <ChoiceField
            control={control}
            name="familySituation"
            label={t('sections.admission.familySituation')}
            data={choices(familySituations, (value) => `sections.admission.familySituationOption.${value}`)}
          />
          <OptionalIntegerInput
            control={control}
            name="childrenCount"
            label={t('sections.admission.childrenCount')}
            max={30}
          />
          <ChoiceField
            control={control}
            name="housing"
            label={t('sections.admission.housing')}
            data={choices(housingSituations, (value) => `sections.admission.housingOption.${value}`)}
          />
          <ChoiceField
            control={control}
            name="educationLevel"
            label={t('sections.admission.educationLevel')}
            data={choices(educationLevels, (value) => `sections.admission.educationLevelOption.${value}`)}
          />
        </SimpleGrid>
        <TextAreaField
          control={control}
          name="detentionTraining"
          label={t('sections.admission.detentionTraining')}
          autosize
          minRows={2}
          maxRows={10}
        />
        <Fieldset legend={t('sections.admission.spr')}>
          <Stack gap="sm">
            <TextAreaField
              control={control}
              name="sprDiagnostic"
              label={t('sections.admission.sprDiagnostic')}
              description={t('sections.admission.sprDiagnosticHint')}
              autosize
              minRows={3}
              maxRows={12}
            />
            <TextField
              control={control}
              name="sprDiagnosticDate"
              type="date"
              label={t('sections.admission.sprDiagnosticDate')}
              maw={260}
            />
          </Stack>
        </Fieldset>
        <Fieldset legend={t('sections.admission.consent')}>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('sections.admission.consentHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextField control={control} name="consentDate" type="date" label={t('sections.admission.consentDate')} />
              <TextField
                control={control}
                name="consentPurpose"
                label={t('sections.admission.consentPurpose')}
                autoComplete="off"
              />
              <TextField
                control={control}
                name="consentCollectedBy"
                label={t('sections.admission.consentCollectedBy')}
                autoComplete="off"
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
