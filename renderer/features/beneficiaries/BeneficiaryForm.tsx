import { useState } from 'react';
import { Controller, useForm, useWatch, type Control } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Fieldset, Group, Radio, Select, SimpleGrid, TextInput, type SelectProps } from '@mantine/core';
import { FormDialogLayout, useFormDialogDirty } from '../../ui/FormDialog';
import {
  beneficiaryDraftSchema,
  emptyBeneficiaryDraft,
  type Beneficiary,
  type BeneficiaryDraft,
  type BeneficiaryDraftInput,
} from '../../../shared/beneficiary/beneficiary';
import { hasUsualCinShape, normaliseCin } from '../../../shared/beneficiary/cin';
import { displayPhone } from '../../../shared/beneficiary/phone';
import {
  arrondissementsOf,
  districtPrefecturesOf,
  prefecturesOfRegion,
  regionOfPrefecture,
} from '../../../shared/reference/administrative';
import { regions, type RegionCode } from '../../../shared/reference/regions';
import type { DuplicateDecisionKind } from '../../../shared/beneficiary/duplicateDecision';
import { useRepositories } from '../../db/RepositoryContext';
import { searchableBeneficiary } from '../../db/search/beneficiarySearch';
import { DuplicatePanel, type ShownCandidate } from './DuplicatePanel';
import { useLanguage } from '../../ui/useLanguage';
import { useCentreChoices } from '../../ui/useCentreChoices';
import { messageKey } from '../../i18n/resources';

/** Mantine's Select shows "nothing chosen" for null, not for the empty string. */
function emptyToNull(value: string): string | null {
  return value === '' ? null : value;
}

/**
 * A Select bound to one code field of the address ('' when nothing is chosen); `onPicked` runs
 * after a choice, to clear the levels below it.
 */
function CodeSelect({
  control,
  name,
  onPicked,
  ...props
}: {
  control: Control<BeneficiaryDraftInput, unknown, BeneficiaryDraft>;
  name: 'prefectureCode' | 'districtCode' | 'arrondissementCode';
  onPicked?: () => void;
} & Omit<SelectProps, 'value' | 'onChange' | 'onBlur' | 'name'>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Select
          {...props}
          value={emptyToNull(field.value)}
          onChange={(value) => {
            field.onChange(value ?? '');
            onPicked?.();
          }}
          onBlur={field.onBlur}
          name={field.name}
          ref={field.ref}
          comboboxProps={{ withinPortal: true }}
        />
      )}
    />
  );
}

/**
 * *Nouveau bénéficiaire*. Validation is the shared schema (messages are i18n keys, shown in
 * the current language next to each field). On a failed save the values stay in the form.
 * The record's centre (its sync scope: who will see it) is implicit for a user of one centre;
 * a user of several centres chooses it, first, in a required *Centre* select.
 */
export function BeneficiaryForm({
  editing,
  onSaved,
  onCancel,
  onOpenExisting,
}: {
  /**
   * A stored beneficiary whose identity, contact and address are corrected; absent for a new
   * one. Only the fields changed are saved (a concurrent edit of another field on another PC is
   * kept); the duplicate check leaves out the person itself and pairs already decided.
   */
  editing?: Beneficiary;
  onSaved: (b: Beneficiary) => void;
  onCancel: () => void;
  /** *Ouvrir* on a possible duplicate: nothing is saved, the screen shows that person instead. */
  onOpenExisting: (b: Beneficiary) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { beneficiaries, beneficiarySearch } = useRepositories();
  // Possible duplicates of the draft last submitted (null: not looked for yet), with the
  // counsellor's decisions; looked for again when the identity changes.
  const [duplicates, setDuplicates] = useState<{ key: string; candidates: ShownCandidate[] } | null>(null);
  const [decisions, setDecisions] = useState<Record<string, DuplicateDecisionKind>>({});
  // How many times *Enregistrer* was pressed with a duplicate undecided (0: not missing): each
  // press takes the focus to the first undecided choice, which says what is missing.
  const [decisionMissingCount, setDecisionMissingCount] = useState(0);
  const [saveError, setSaveError] = useState<string | null>(null);
  // "Today" is taken when the form opens: a birth date cannot be in the future.
  const [schema] = useState(() => beneficiaryDraftSchema(Date.now()));
  const {
    register,
    control,
    handleSubmit,
    setValue,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<BeneficiaryDraftInput, unknown, BeneficiaryDraft>({
    resolver: zodResolver(schema),
    defaultValues: editing ? draftOf(editing) : emptyBeneficiaryDraft,
    mode: 'onTouched',
  });

  const centres = useCentreChoices();
  // A stored person keeps their centre (a transfer is a parcours move, not an edit).
  const isCentreChoice = editing === undefined && centres.centreIds.length > 1;
  const [chosenCentre, setChosenCentre] = useState<string | null>(null);
  const [isCentreMissing, setCentreMissing] = useState(false);
  const message = (key: string | undefined) => (key ? t(messageKey(key)) : undefined);
  const cin = normaliseCin(useWatch({ control, name: 'cin' }));
  const cinWarning =
    cin !== '' && !errors.cin && !hasUsualCinShape(cin) ? t('form.cinUnusualShape', { cin }) : undefined;

  const onSubmit = async (draft: BeneficiaryDraft) => {
    setSaveError(null);
    try {
      const centreId = editing ? editing.centreId : isCentreChoice ? chosenCentre : centres.centreIds[0];
      if (isCentreChoice && centreId === null) {
        setCentreMissing(true);
        return;
      }
      if (centreId === undefined || centreId === null) {
        setSaveError(t('form.noCentre'));
        return;
      }
      // Before saving, the people already stored who may be this one: the counsellor decides.
      const probe = searchableBeneficiary({ ...draft, id: '', centreId, createdAt: '', updatedAt: '' });
      const key = JSON.stringify(probe);
      let shown = duplicates?.key === key ? duplicates.candidates : null;
      if (shown === null) {
        const decided = new Set<string>();
        if (editing)
          for (const decision of await beneficiaries.decisionsAbout(editing.id))
            decided.add(decision.beneficiaryId === editing.id ? decision.otherBeneficiaryId : decision.beneficiaryId);
        shown = beneficiarySearch.findDuplicates(probe).flatMap((candidate) => {
          const beneficiary = beneficiarySearch.get(candidate.id);
          if (candidate.id === editing?.id || decided.has(candidate.id)) return [];
          return beneficiary ? [{ ...candidate, beneficiary }] : [];
        });
        setDuplicates({ key, candidates: shown });
        setDecisionMissingCount(0);
        if (shown.length > 0) return;
      }
      const chosen = shown.map((candidate) => ({ candidate, decision: decisions[candidate.id] }));
      if (chosen.some(({ decision }) => decision === undefined)) {
        setDecisionMissingCount((count) => count + 1);
        return;
      }
      const decided = chosen.flatMap(({ candidate, decision }) =>
        decision === undefined ? [] : [{ otherBeneficiaryId: candidate.id, decision, reasons: candidate.reasons }],
      );
      if (editing) {
        const updated = await beneficiaries.update(editing.id, changedDraftFields(editing, draft), decided);
        if (updated) onSaved(updated);
        else setSaveError(t('casefile.notFound'));
      } else onSaved(await beneficiaries.create(draft, centreId, decided));
    } catch (error) {
      setSaveError(t('form.saveFailed', { reason: error instanceof Error ? error.name : String(error) }));
    }
  };

  // The address, level by level: the region narrows the préfectures; the préfecture of
  // Casablanca alone has préfectures d'arrondissements and arrondissements (both optional).
  const prefectureCode = useWatch({ control, name: 'prefectureCode' });
  const districtCode = useWatch({ control, name: 'districtCode' });
  const [chosenRegion, setChosenRegion] = useState<RegionCode | null>(null);
  const region = chosenRegion ?? regionOfPrefecture(prefectureCode)?.code ?? null;
  const regionOptions = regions.map((r) => ({ value: r.code, label: r.name[language] }));
  const prefectureOptions = (region === null ? [] : prefecturesOfRegion(region)).map((p) => ({
    value: p.code,
    label: `${p.name[language]} (${t(`form.prefectureKind.${p.kind}`)})`,
  }));
  const districts = districtPrefecturesOf(prefectureCode);
  const districtOptions = districts.map((d) => ({ value: d.code, label: d.name[language] }));
  const arrondissementOptions = arrondissementsOf(districtCode).map((a) => ({
    value: a.code,
    label: a.name[language],
  }));

  useFormDialogDirty(isDirty);

  return (
    <form
      noValidate
      aria-label={editing ? t('form.editTitle') : t('form.title')}
      onSubmit={(e) => {
        // The centre is checked with the other fields, so every message shows at once.
        if (isCentreChoice && chosenCentre === null) setCentreMissing(true);
        void handleSubmit(onSubmit)(e);
      }}
    >
      <FormDialogLayout
        error={
          saveError && (
            <Alert color="red" role="alert">
              {saveError}
            </Alert>
          )
        }
        actions={
          <>
            <Button variant="default" onClick={onCancel}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={isSubmitting}>
              {t('form.save')}
            </Button>
          </>
        }
      >
        {isCentreChoice && (
          <Select
            label={t('sync.centreField.label')}
            description={t('sync.centreField.hint')}
            placeholder={t('sync.centreField.placeholder')}
            withAsterisk
            data={centres.options}
            value={chosenCentre}
            onChange={(value) => {
              setChosenCentre(value);
              setCentreMissing(value === null);
            }}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            error={isCentreMissing ? t('sync.centreField.required') : undefined}
            data-testid="centre-select"
          />
        )}
        <Fieldset legend={t('form.identityLatin')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('form.lastNameLatin')}
              withAsterisk
              autoComplete="off"
              dir="ltr"
              {...register('lastNameLatin')}
              error={message(errors.lastNameLatin?.message)}
            />
            <TextInput
              label={t('form.firstNameLatin')}
              withAsterisk
              autoComplete="off"
              dir="ltr"
              {...register('firstNameLatin')}
              error={message(errors.firstNameLatin?.message)}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('form.identityArabic')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('form.lastNameArabic')}
              autoComplete="off"
              dir="rtl"
              lang="ar"
              {...register('lastNameArabic')}
              error={message(errors.lastNameArabic?.message)}
            />
            <TextInput
              label={t('form.firstNameArabic')}
              autoComplete="off"
              dir="rtl"
              lang="ar"
              {...register('firstNameArabic')}
              error={message(errors.firstNameArabic?.message)}
            />
          </SimpleGrid>
        </Fieldset>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Controller
            control={control}
            name="sex"
            render={({ field }) => (
              <Radio.Group
                label={t('form.sex')}
                withAsterisk
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                name={field.name}
                error={message(errors.sex?.message)}
              >
                <Group mt="xs">
                  <Radio value="F" label={t('form.sexF')} />
                  <Radio value="M" label={t('form.sexM')} />
                </Group>
              </Radio.Group>
            )}
          />
          <TextInput
            type="date"
            label={t('form.dateOfBirth')}
            withAsterisk
            {...register('dateOfBirth')}
            error={message(errors.dateOfBirth?.message)}
          />
          <TextInput
            type="date"
            label={t('form.releaseDate')}
            description={t('form.releaseDateHint')}
            {...register('releaseDate')}
            error={message(errors.releaseDate?.message)}
          />
          <TextInput
            label={t('form.cin')}
            description={t('form.cinHint')}
            autoComplete="off"
            dir="ltr"
            {...register('cin')}
            error={message(errors.cin?.message) ?? cinWarning}
            styles={cinWarning && !errors.cin ? { error: { color: 'var(--mantine-color-orange-9)' } } : undefined}
            aria-invalid={errors.cin ? true : undefined}
          />
          <TextInput
            label={t('form.nationalNumber')}
            description={t('form.nationalNumberHint')}
            autoComplete="off"
            inputMode="numeric"
            dir="ltr"
            {...register('nationalNumber')}
            error={message(errors.nationalNumber?.message)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="tel"
            label={t('form.phone')}
            description={t('form.phoneHint')}
            autoComplete="off"
            dir="ltr"
            {...register('phone')}
            error={message(errors.phone?.message)}
          />
          <TextInput
            type="tel"
            label={t('form.phoneOther')}
            autoComplete="off"
            dir="ltr"
            {...register('phoneOther')}
            error={message(errors.phoneOther?.message)}
          />
        </SimpleGrid>
        <Fieldset legend={t('form.address')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('form.region')}
              placeholder={t('form.prefecturePlaceholder')}
              withAsterisk
              data={regionOptions}
              value={region}
              onChange={(value) => {
                const next = regions.find((r) => r.code === value)?.code ?? null;
                setChosenRegion(next);
                if (next !== regionOfPrefecture(prefectureCode)?.code) {
                  setValue('prefectureCode', '' as BeneficiaryDraftInput['prefectureCode']);
                  setValue('districtCode', '');
                  setValue('arrondissementCode', '');
                }
              }}
              allowDeselect={false}
              searchable
              comboboxProps={{ withinPortal: true }}
            />
            <CodeSelect
              control={control}
              name="prefectureCode"
              label={t('form.prefecture')}
              placeholder={region === null ? t('form.prefectureNeedsRegion') : t('form.prefecturePlaceholder')}
              withAsterisk
              data={prefectureOptions}
              onPicked={() => {
                setValue('districtCode', '');
                setValue('arrondissementCode', '');
              }}
              allowDeselect={false}
              searchable
              error={message(errors.prefectureCode?.message)}
            />
            {districts.length > 0 && (
              <>
                <CodeSelect
                  control={control}
                  name="districtCode"
                  label={t('form.district')}
                  placeholder={t('form.optionalPlaceholder')}
                  data={districtOptions}
                  onPicked={() => {
                    setValue('arrondissementCode', '');
                  }}
                  clearable
                  error={message(errors.districtCode?.message)}
                />
                <CodeSelect
                  control={control}
                  name="arrondissementCode"
                  label={t('form.arrondissement')}
                  placeholder={t('form.optionalPlaceholder')}
                  data={arrondissementOptions}
                  clearable
                  disabled={districtCode === ''}
                  error={message(errors.arrondissementCode?.message)}
                />
              </>
            )}
          </SimpleGrid>
          <TextInput
            mt="sm"
            label={t('form.addressLine')}
            autoComplete="off"
            {...register('addressLine')}
            error={message(errors.addressLine?.message)}
          />
        </Fieldset>
        {duplicates && duplicates.candidates.length > 0 && (
          <DuplicatePanel
            candidates={duplicates.candidates}
            decisions={decisions}
            decisionMissingCount={decisionMissingCount}
            onDecide={(id, decision) => {
              setDecisions((current) => ({ ...current, [id]: decision }));
            }}
            onOpen={onOpenExisting}
          />
        )}
      </FormDialogLayout>
    </form>
  );
}

/** The form's values of a stored beneficiary (fields absent on older records are empty). */
function draftOf(beneficiary: Beneficiary): BeneficiaryDraftInput {
  return {
    lastNameLatin: beneficiary.lastNameLatin,
    firstNameLatin: beneficiary.firstNameLatin,
    lastNameArabic: beneficiary.lastNameArabic,
    firstNameArabic: beneficiary.firstNameArabic,
    sex: beneficiary.sex,
    dateOfBirth: beneficiary.dateOfBirth,
    cin: beneficiary.cin,
    nationalNumber: beneficiary.nationalNumber ?? '',
    phone: beneficiary.phone ? displayPhone(beneficiary.phone) : '',
    phoneOther: beneficiary.phoneOther ? displayPhone(beneficiary.phoneOther) : '',
    prefectureCode: beneficiary.prefectureCode as BeneficiaryDraftInput['prefectureCode'],
    districtCode: beneficiary.districtCode ?? '',
    arrondissementCode: beneficiary.arrondissementCode ?? '',
    addressLine: beneficiary.addressLine ?? '',
    releaseDate: beneficiary.releaseDate ?? '',
  };
}

/** The fields of the parsed draft that differ from the stored record. */
function changedDraftFields(stored: Beneficiary, draft: BeneficiaryDraft): Partial<BeneficiaryDraft> {
  const changes: Partial<Record<keyof BeneficiaryDraft, unknown>> = {};
  for (const key of Object.keys(draft) as (keyof BeneficiaryDraft)[]) {
    if ((stored[key] ?? '') !== draft[key]) changes[key] = draft[key];
  }
  return changes as Partial<BeneficiaryDraft>;
}
