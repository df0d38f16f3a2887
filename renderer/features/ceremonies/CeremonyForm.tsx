import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { ceremonyDraftSchema, type CeremonyDraft, type CeremonyDraftInput } from '../../../shared/agr/ceremony';
import { prefecturesByRegion } from '../../../shared/reference/administrative';
import { useCentres, useRepositories } from '../../db/RepositoryContext';
import { formatDate } from '../../i18n/format';
import { useLanguage } from '../../ui/useLanguage';
import { useCentreChoices } from '../../ui/useCentreChoices';
import type { NoticeText } from '../../ui/Notice';
import { FormFooter, useFieldMessage, useSaveError } from '../../ui/sectionParts';
import { ChoiceField } from '../../ui/fields';

/** The ceremony's information: a new one (in one of the user's centres) or a change. */
export function CeremonyForm({
  formLabel,
  submitLabel,
  defaults,
  withCentre = false,
  ceremonyId,
  ceremonyCentreId,
  onSaved,
  onCancel,
}: {
  formLabel: string;
  submitLabel: string;
  defaults: CeremonyDraftInput;
  /** A new ceremony: in which centre (asked only when the user serves several). */
  withCentre?: boolean;
  ceremonyId?: string;
  /** The centre of the ceremony being changed (its région's préfectures come first). */
  ceremonyCentreId?: string;
  onSaved: (message: NoticeText) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { ceremonies } = useRepositories();
  const centres = useCentreChoices();
  const message = useFieldMessage();
  const { saveError, run } = useSaveError();
  const [centreId, setCentreId] = useState<string | null>(
    centres.centreIds.length === 1 ? (centres.centreIds[0] ?? null) : null,
  );
  const [isCentreMissing, setCentreMissing] = useState(false);
  const [isNoCentre, setNoCentre] = useState(false);
  const isCentreChoice = withCentre && centres.centreIds.length > 1;
  // The centre's région first: its ceremonies are held at one of its préfectures.
  const region = useCentres()?.find((centre) => centre.id === (ceremonyCentreId ?? centreId))?.regionCode;
  const prefectureChoices = prefecturesByRegion(region).map((group) => ({
    group: group.region.name[language],
    items: group.prefectures.map((prefecture) => ({ value: prefecture.code, label: prefecture.name[language] })),
  }));
  const {
    register,
    control,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<CeremonyDraftInput, unknown, CeremonyDraft>({
    resolver: zodResolver(ceremonyDraftSchema),
    defaultValues: defaults,
    mode: 'onTouched',
  });
  useEffect(() => {
    setFocus('date');
  }, [setFocus]);

  const onSubmit = async (draft: CeremonyDraft) => {
    if (ceremonyId !== undefined) {
      if (await run(() => ceremonies.update(ceremonyId, draft))) onSaved((tr) => tr('ceremonies.details.saved'));
      return;
    }
    if (centreId === null) {
      // No centre on this account (an administrator): nothing to create a ceremony in.
      if (isCentreChoice) setCentreMissing(true);
      else setNoCentre(true);
      return;
    }
    if (await run(async () => (await ceremonies.create(centreId, draft)).id !== ''))
      onSaved((tr, shownIn) => tr('ceremonies.created', { date: formatDate(draft.date, shownIn) }));
  };

  return (
    <form noValidate aria-label={formLabel} onSubmit={(event) => void handleSubmit(onSubmit)(event)}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('ceremonies.details.date')}
            withAsterisk
            {...register('date')}
            error={message(errors.date?.message)}
          />
          {isCentreChoice && (
            <Select
              label={t('ceremonies.details.centre')}
              withAsterisk
              placeholder={t('sections.common.choose')}
              data={centres.options}
              value={centreId}
              onChange={(value) => {
                setCentreId(value);
                setCentreMissing(false);
              }}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              error={isCentreMissing ? t('errors.required') : undefined}
            />
          )}
          <TextInput
            label={t('ceremonies.details.place')}
            description={t('ceremonies.details.placeHint')}
            withAsterisk
            autoComplete="off"
            {...register('place')}
            error={message(errors.place?.message)}
          />
          <ChoiceField
            control={control}
            name="prefectureCode"
            label={t('ceremonies.details.prefecture')}
            data={prefectureChoices}
            error={message(errors.prefectureCode?.message)}
            isSearchable
          />
          <TextInput
            label={t('ceremonies.details.presidingAuthority')}
            autoComplete="off"
            {...register('presidingAuthority')}
            error={message(errors.presidingAuthority?.message)}
          />
        </SimpleGrid>
        <Textarea
          label={t('ceremonies.details.partnersPresent')}
          autosize
          minRows={2}
          {...register('partnersPresent')}
          error={message(errors.partnersPresent?.message)}
        />
        <FormFooter
          saveError={isNoCentre ? t('form.noCentre') : saveError}
          isSubmitting={isSubmitting}
          onCancel={onCancel}
          saveLabel={submitLabel}
        />
      </Stack>
    </form>
  );
}
