import { useState } from 'react';
import { Controller, useForm, type Control } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Button, NumberInput, Select, TextInput } from '@mantine/core';
import type { z } from 'zod';
import {
  centreInputSchema,
  defaultCentreAutoLockMinutes,
  defaultCentreMaxOfflineDays,
  maxCentreAutoLockMinutes,
  maxCentreMaxOfflineDays,
  type Centre,
  type CentreInput,
} from '../../../shared/auth/schemas';
import type { HostError } from '../../../shared/result';
import { useHost } from '../../host/HostContext';
import { useLanguage } from '../../ui/useLanguage';
import { ErrorAlert } from '../../ui/Alerts';
import { FormDialogLayout, useFormDialogDirty } from '../../ui/FormDialog';
import { orNull, regionOptions, toRegionCode } from './adminModel';
import { callAdminRoute } from '../../api/callAdminRoute';
import { messageKey } from '../../i18n/resources';

type CentreFormInput = z.input<typeof centreInputSchema>;

/**
 * *Nouveau centre* / *Modifier le centre* (administrators only). On a failed save the values
 * stay in the form and the reason is shown under it (`conflict`: the code is taken). Besides its
 * names and region, a centre sets its PCs' privacy: the minutes of inactivity before they lock and
 * the days of offline sign-in since the last online one (docs/security.md).
 */
export function CentreForm({
  centre,
  onSaved,
  onCancel,
}: {
  /** The centre to change; absent for a new centre. */
  centre?: Centre;
  onSaved: (centre: Centre) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const host = useHost();
  const [saveError, setSaveError] = useState<HostError | null>(null);
  const {
    register,
    control,
    handleSubmit,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<CentreFormInput, unknown, CentreInput>({
    resolver: zodResolver(centreInputSchema),
    defaultValues: centre
      ? {
          code: centre.code,
          nameFr: centre.nameFr,
          nameAr: centre.nameAr,
          regionCode: centre.regionCode,
          autoLockMinutes: centre.autoLockMinutes,
          maxOfflineDays: centre.maxOfflineDays,
        }
      : {
          code: '',
          nameFr: '',
          nameAr: '',
          autoLockMinutes: defaultCentreAutoLockMinutes,
          maxOfflineDays: defaultCentreMaxOfflineDays,
        },
    mode: 'onTouched',
  });
  const message = (key: string | undefined) => (key ? t(messageKey(key)) : undefined);
  const formTitle = centre ? t('admin.centres.editTitle', { code: centre.code }) : t('admin.centres.createTitle');

  const onSubmit = async (input: CentreInput) => {
    setSaveError(null);
    const result = centre
      ? await callAdminRoute(host, 'updateCentre', { id: centre.id, body: input })
      : await callAdminRoute(host, 'createCentre', { body: input });
    if (result.ok) onSaved(result.value.centre);
    else setSaveError(result.error);
  };

  useFormDialogDirty(isDirty);

  return (
    <form noValidate aria-label={formTitle} onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
      <FormDialogLayout
        error={
          saveError && (
            <ErrorAlert
              error={saveError}
              title={t('admin.common.errorTitle')}
              conflictKey="admin.centres.form.conflict"
            />
          )
        }
        actions={
          <>
            <Button variant="default" onClick={onCancel}>
              {t('admin.common.cancel')}
            </Button>
            <Button type="submit" loading={isSubmitting}>
              {t('admin.common.save')}
            </Button>
          </>
        }
      >
        <TextInput
          label={t('admin.centres.form.code')}
          description={t('admin.centres.form.codeHint')}
          withAsterisk
          autoComplete="off"
          dir="ltr"
          styles={{ input: { textTransform: 'uppercase' } }}
          {...register('code')}
          error={message(errors.code?.message)}
        />
        <TextInput
          label={t('admin.centres.form.nameFr')}
          description={t('admin.centres.form.nameFrHint')}
          withAsterisk
          autoComplete="off"
          dir="ltr"
          lang="fr"
          {...register('nameFr')}
          error={message(errors.nameFr?.message)}
        />
        <TextInput
          label={t('admin.centres.form.nameAr')}
          withAsterisk
          autoComplete="off"
          dir="rtl"
          lang="ar"
          {...register('nameAr')}
          error={message(errors.nameAr?.message)}
        />
        <Controller
          control={control}
          name="regionCode"
          render={({ field }) => (
            <Select
              label={t('admin.centres.form.region')}
              placeholder={t('admin.centres.form.regionPlaceholder')}
              withAsterisk
              data={regionOptions(language)}
              value={orNull(field.value)}
              onChange={(value) => {
                field.onChange(toRegionCode(value));
              }}
              onBlur={field.onBlur}
              name={field.name}
              ref={field.ref}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              error={message(errors.regionCode?.message)}
            />
          )}
        />
        <WholeNumberField
          control={control}
          name="autoLockMinutes"
          label={t('admin.centres.form.autoLock')}
          description={t('admin.centres.form.autoLockHint')}
          max={maxCentreAutoLockMinutes}
          error={message(errors.autoLockMinutes?.message)}
        />
        <WholeNumberField
          control={control}
          name="maxOfflineDays"
          label={t('admin.centres.form.maxOffline')}
          description={t('admin.centres.form.maxOfflineHint')}
          max={maxCentreMaxOfflineDays}
          error={message(errors.maxOfflineDays?.message)}
        />
      </FormDialogLayout>
    </form>
  );
}

/**
 * A whole number of minutes or days. Emptied, it is NaN rather than absent, so that the schema
 * says what is expected instead of an update silently keeping the stored value.
 */
function WholeNumberField({
  control,
  name,
  label,
  description,
  max,
  error,
}: {
  control: Control<CentreFormInput, unknown, CentreInput>;
  name: 'autoLockMinutes' | 'maxOfflineDays';
  label: string;
  description: string;
  max: number;
  error: string | undefined;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <NumberInput
          label={label}
          description={description}
          withAsterisk
          min={1}
          max={max}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          value={field.value === undefined || Number.isNaN(field.value) ? '' : field.value}
          onChange={(value) => {
            field.onChange(value === '' ? Number.NaN : Number(value));
          }}
          onBlur={field.onBlur}
          name={field.name}
          ref={field.ref}
          error={error}
        />
      )}
    />
  );
}
