import { useEffect, useState } from 'react';
import { Controller, useForm, type Control } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Fieldset, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
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
import { useLanguage } from '../../../ui/useLanguage';
import {
  EditableSection,
  FormFooter,
  OptionalIntegerInput,
  ReadItem,
  ReadList,
  emptyToNull,
  textOrEmpty,
  useDateText,
  useFieldMessage,
  useSaveError,
} from '../../../ui/sectionParts';

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

type AdmissionControl = Control<AdmissionInput, unknown, Admission>;

/** A Select of one admission choice ('' when nothing is chosen), its options named in `group`. */
function ChoiceSelect({
  control,
  name,
  label,
  values,
  group,
  error,
}: {
  control: AdmissionControl;
  name: 'familySituation' | 'housing' | 'educationLevel';
  label: string;
  values: readonly string[];
  group: string;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Select
          label={label}
          placeholder={t('sections.common.choose')}
          data={values.map((value) => ({ value, label: t(`sections.admission.${group}.${value}`) }))}
          value={emptyToNull(field.value)}
          onChange={(value) => {
            field.onChange(value ?? '');
          }}
          onBlur={field.onBlur}
          name={field.name}
          ref={field.ref}
          clearable
          comboboxProps={{ withinPortal: true }}
          error={error}
        />
      )}
    />
  );
}

function AdmissionForm({ file, onSaved, onCancel }: { file: CaseFile; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { caseFiles } = useRepositories();
  const message = useFieldMessage();
  const { saveError, run } = useSaveError();
  const { beneficiary } = file;
  // "Today" is taken when the form opens: no date may be in the future, nor before birth.
  const [schema] = useState(() => admissionSchema(Date.now(), beneficiary.dateOfBirth));
  const {
    register,
    control,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<AdmissionInput, unknown, Admission>({
    resolver: zodResolver(schema),
    defaultValues: admissionOf(beneficiary, file.admission),
    mode: 'onTouched',
  });
  useEffect(() => {
    setFocus('releaseDate');
  }, [setFocus]);

  const onSubmit = async (admission: Admission) => {
    if (await run(() => caseFiles.saveAdmission(beneficiary.id, admission))) onSaved();
  };

  return (
    <form noValidate aria-label={t('sections.admission.form')} onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('sections.admission.releaseDate')}
            {...register('releaseDate')}
            error={message(errors.releaseDate?.message)}
          />
          <ChoiceSelect
            control={control}
            name="familySituation"
            label={t('sections.admission.familySituation')}
            values={familySituations}
            group="familySituationOption"
            error={message(errors.familySituation?.message)}
          />
          <OptionalIntegerInput
            control={control}
            name="childrenCount"
            label={t('sections.admission.childrenCount')}
            max={30}
            error={message(errors.childrenCount?.message)}
          />
          <ChoiceSelect
            control={control}
            name="housing"
            label={t('sections.admission.housing')}
            values={housingSituations}
            group="housingOption"
            error={message(errors.housing?.message)}
          />
          <ChoiceSelect
            control={control}
            name="educationLevel"
            label={t('sections.admission.educationLevel')}
            values={educationLevels}
            group="educationLevelOption"
            error={message(errors.educationLevel?.message)}
          />
        </SimpleGrid>
        <Textarea
          label={t('sections.admission.detentionTraining')}
          autosize
          minRows={2}
          maxRows={10}
          {...register('detentionTraining')}
          error={message(errors.detentionTraining?.message)}
        />
        <Fieldset legend={t('sections.admission.spr')}>
          <Stack gap="sm">
            <Textarea
              label={t('sections.admission.sprDiagnostic')}
              description={t('sections.admission.sprDiagnosticHint')}
              autosize
              minRows={3}
              maxRows={12}
              {...register('sprDiagnostic')}
              error={message(errors.sprDiagnostic?.message)}
            />
            <TextInput
              type="date"
              label={t('sections.admission.sprDiagnosticDate')}
              {...register('sprDiagnosticDate')}
              error={message(errors.sprDiagnosticDate?.message)}
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
              <TextInput
                type="date"
                label={t('sections.admission.consentDate')}
                {...register('consentDate')}
                error={message(errors.consentDate?.message)}
              />
              <TextInput
                label={t('sections.admission.consentPurpose')}
                autoComplete="off"
                {...register('consentPurpose')}
                error={message(errors.consentPurpose?.message)}
              />
              <TextInput
                label={t('sections.admission.consentCollectedBy')}
                autoComplete="off"
                {...register('consentCollectedBy')}
                error={message(errors.consentCollectedBy?.message)}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
