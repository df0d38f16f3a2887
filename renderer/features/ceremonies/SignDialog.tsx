import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  Alert,
  FileInput,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Button,
} from '@mantine/core';
import {
  isHandedOver,
  maxSignatureChars,
  receiptTotalCentimes,
  type ItemHandover,
  type SignatureKind,
} from '../../../shared/agr/ceremony';
import { lineTotalCentimes, type EquipmentLine, type HandoverStatus } from '../../../shared/agr/incomeProject';
import {
  itemCorrectionFormSchema,
  itemHandoverFormSchema,
  signedHandoverStatuses,
  type ItemCorrectionFormInput,
  type ItemHandoverFormInput,
} from '../../../shared/agr/incomeProjectForms';
import { isCalendarDate, todayInCasablanca } from '../../../shared/dates/calendarDate';
import { formatAmount, formatMoney, parseAmount } from '../../../shared/money/money';
import type { CeremonyEntry } from '../../db/ceremonyRepository';
import { useRepositories } from '../../db/RepositoryContext';
import { formatNumber } from '../../i18n/format';
import type { Language } from '../../../shared/i18n/language';
import { useLanguage } from '../../ui/useLanguage';
import { errorName } from '../../ui/sectionParts';
import type { NoticeText } from '../../ui/Notice';
import { FormDialog, FormDialogLayout, useFormDialogDirty } from '../../ui/FormDialog';
import { SignaturePad } from './SignaturePad';
import { personName } from './ceremonyModel';
import { messageKey } from '../../i18n/resources';

const formSchema = (isCorrection: boolean) =>
  z.object({
    // Sign: each item's status (none left *prévu*) and note; correct: the line's fields too.
    items: isCorrection ? z.array(itemCorrectionFormSchema) : z.array(itemHandoverFormSchema),
    counsellorName: z
      .string()
      .transform((value) => value.trim())
      .pipe(z.string().min(1, 'errors.required').max(120, 'errors.tooLong')),
    signedOn: z
      .string()
      .min(1, { error: 'errors.required', abort: true })
      .refine(isCalendarDate, { error: 'errors.invalidDate', abort: true })
      .refine((value) => value <= todayInCasablanca(Date.now()), 'errors.dateInFuture'),
    reason: isCorrection
      ? z
          .string()
          .transform((value) => value.trim())
          .pipe(z.string().min(1, 'errors.required').max(1000, 'errors.tooLong'))
      : z.string(),
  });
type FormInput = Omit<z.input<ReturnType<typeof formSchema>>, 'items'> & {
  items: (ItemHandoverFormInput & Partial<Omit<ItemCorrectionFormInput, keyof ItemHandoverFormInput>>)[];
};
type FormOutput = z.output<ReturnType<typeof formSchema>>;

/** The form's item as the repository takes it (a correction carries the line's corrected fields). */
type ItemOutput = z.output<typeof itemHandoverFormSchema> | z.output<typeof itemCorrectionFormSchema>;
function itemHandover(item: ItemOutput): ItemHandover {
  const base = { lineId: item.lineId, handoverStatus: item.handoverStatus, handoverNote: item.handoverNote };
  if (!('unitPrice' in item)) return base;
  return {
    ...base,
    corrected: {
      designation: item.designation,
      quantity: item.quantity,
      unitPriceCentimes: item.unitPrice,
      serialNumber: item.serialNumber,
    },
  };
}

/** The form's items from the project's equipment lines (a *prévu* status is left to choose). */
function itemDefaults(
  equipment: readonly EquipmentLine[],
  isCorrection: boolean,
  language: Language,
): FormInput['items'] {
  return equipment.map((line) => ({
    lineId: line.id,
    handoverStatus: line.handoverStatus === 'prevu' ? '' : line.handoverStatus,
    handoverNote: line.handoverNote,
    ...(isCorrection
      ? {
          designation: line.designation,
          quantity: String(line.quantity),
          unitPrice: formatAmount(line.unitPriceCentimes, language),
          serialNumber: line.serialNumber,
        }
      : {}),
  }));
}

/**
 * Signing (or correcting) one beneficiary's *procès-verbal de remise*: the items as they stand,
 * the total handed over, the beneficiary's signature drawn on screen or the scanned signed paper,
 * the counsellor's signature, name and the day. Saved in one transaction; a refusal says why and
 * writes nothing.
 */
export function SignDialog({
  entry,
  mode,
  onClose,
  onDone,
}: {
  entry: CeremonyEntry;
  mode: 'sign' | 'correct';
  onClose: () => void;
  /** The confirmation, written when shown (it follows a change of language). */
  onDone: (message: NoticeText) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { ceremonies, author } = useRepositories();
  const isCorrection = mode === 'correct';
  const name = personName(entry.beneficiary, language);
  const [kind, setKind] = useState<SignatureKind>('drawn');
  const [drawn, setDrawn] = useState<string | null>(null);
  const [scanned, setScanned] = useState<string | null>(null);
  const [scanError, setScanError] = useState<string | null>(null);
  const [counsellorSignature, setCounsellorSignature] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ beneficiary?: string; counsellor?: string }>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [schema] = useState(() => formSchema(isCorrection));
  const [today] = useState(() => todayInCasablanca(Date.now()));
  const {
    register,
    control,
    handleSubmit,
    setValue,
    formState: { errors, isSubmitting, isSubmitted, isDirty },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(schema),
    defaultValues: {
      items: itemDefaults(entry.equipment, isCorrection, language),
      counsellorName: author.name,
      signedOn: today,
      reason: '',
    },
    mode: 'onTouched',
  });
  const message = (key: string | undefined) => (key ? t(messageKey(key)) : undefined);
  const watchedItems = useWatch({ control, name: 'items' });
  // The total as the PV will say it: the items handed over or replaced, with the prices as typed.
  const handedOver = entry.equipment.flatMap((line, index) => {
    const item = watchedItems[index];
    const status = item?.handoverStatus ?? '';
    if (status === '' || !isHandedOver(status as HandoverStatus)) return [];
    const quantity = Number(item?.quantity ?? line.quantity);
    const price = item?.unitPrice === undefined ? undefined : parseAmount(item.unitPrice);
    return [
      {
        quantity: Number.isSafeInteger(quantity) && quantity > 0 ? quantity : line.quantity,
        unitPriceCentimes: price?.ok ? price.value : line.unitPriceCentimes,
      },
    ];
  });
  const allHandedOver = () => {
    entry.equipment.forEach((_, index) => {
      setValue(`items.${index}.handoverStatus`, 'remis', { shouldValidate: isSubmitted, shouldDirty: true });
    });
  };

  const onSubmit = async (values: FormOutput) => {
    const beneficiarySignature = kind === 'drawn' ? drawn : scanned;
    const nextMissing = {
      ...(beneficiarySignature === null
        ? { beneficiary: t(kind === 'drawn' ? 'ceremonies.sign.missingBeneficiary' : 'ceremonies.sign.missingScan') }
        : {}),
      ...(counsellorSignature === null ? { counsellor: t('ceremonies.sign.missingCounsellor') } : {}),
    };
    setMissing(nextMissing);
    if (beneficiarySignature === null || counsellorSignature === null) return;
    setSaveError(null);
    const signatures = {
      beneficiarySignatureKind: kind,
      beneficiarySignature,
      counsellorSignature,
      counsellorName: values.counsellorName,
      signedOn: values.signedOn,
    };
    try {
      const items = (values.items as readonly ItemOutput[]).map(itemHandover);
      const result =
        isCorrection && entry.receipt
          ? await ceremonies.correct(entry.receipt.id, values.reason, signatures, items)
          : await ceremonies.sign(entry.project.id, signatures, items);
      if (!result.ok) {
        setSaveError(t(`ceremonies.refused.${result.error}`));
        return;
      }
      const { version } = result.value;
      const beneficiary = entry.beneficiary;
      onDone((tr, shownIn) => {
        const shown = personName(beneficiary, shownIn);
        return isCorrection
          ? tr('ceremonies.sign.corrected', { name: shown, version })
          : tr('ceremonies.sign.signed', { name: shown });
      });
    } catch (error) {
      setSaveError(t('sections.common.saveFailed', { reason: errorName(error) }));
    }
  };

  useFormDialogDirty(isDirty || drawn !== null || scanned !== null || counsellorSignature !== null);

  return (
    <FormDialog
      opened
      onClose={onClose}
      size="xl"
      title={t(isCorrection ? 'ceremonies.sign.correctTitle' : 'ceremonies.sign.title', { name })}
      isBusy={isSubmitting}
    >
      <form
        noValidate
        aria-label={t(isCorrection ? 'ceremonies.sign.correctTitle' : 'ceremonies.sign.title', { name })}
        onSubmit={(event) => void handleSubmit(onSubmit)(event)}
      >
        <FormDialogLayout
          error={
            saveError !== null && (
              <Alert color="red" role="alert">
                {saveError}
              </Alert>
            )
          }
          actions={
            <>
              <Button variant="default" onClick={onClose}>
                {t('sections.common.cancel')}
              </Button>
              <Button type="submit" loading={isSubmitting}>
                {t(isCorrection ? 'ceremonies.sign.confirmCorrection' : 'ceremonies.sign.confirm')}
              </Button>
            </>
          }
        >
          <Text size="sm">{t('ceremonies.sign.intro')}</Text>
          <Group justify="space-between" align="flex-end">
            <Text size="sm" c="dimmed" maw={560}>
              {t(isCorrection ? 'ceremonies.sign.correctionHint' : 'ceremonies.sign.statusesHint')}
            </Text>
            <Button variant="default" size="xs" onClick={allHandedOver}>
              {t('ceremonies.sign.allHandedOver')}
            </Button>
          </Group>
          <Table.ScrollContainer minWidth={isCorrection ? 980 : 720}>
            <Table aria-label={t('ceremonies.sign.items')} verticalSpacing={4} data-testid="sign-items">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('agr.equipment.designation')}</Table.Th>
                  <Table.Th ta="end">{t('agr.equipment.quantity')}</Table.Th>
                  <Table.Th ta="end">
                    {t(isCorrection ? 'agr.equipment.unitPrice' : 'agr.equipment.lineTotal')}
                  </Table.Th>
                  {isCorrection && <Table.Th>{t('agr.equipment.serialNumber')}</Table.Th>}
                  <Table.Th>{t('agr.equipment.status')}</Table.Th>
                  <Table.Th>{t('ceremonies.lines.itemNote')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entry.equipment.map((item, index) => {
                  const itemErrors = errors.items?.[index];
                  const designation = watchedItems[index]?.designation ?? item.designation;
                  return (
                    <Table.Tr key={item.id} data-testid="sign-item">
                      <Table.Td>
                        {isCorrection ? (
                          <TextInput
                            size="xs"
                            aria-label={t('ceremonies.sign.itemDesignation', { line: index + 1 })}
                            {...register(`items.${index}.designation`)}
                            error={message(itemErrors?.designation?.message)}
                          />
                        ) : (
                          item.designation
                        )}
                      </Table.Td>
                      <Table.Td ta="end">
                        {isCorrection ? (
                          <TextInput
                            size="xs"
                            w={70}
                            inputMode="numeric"
                            aria-label={t('ceremonies.sign.itemQuantity', { designation })}
                            {...register(`items.${index}.quantity`)}
                            error={message(itemErrors?.quantity?.message)}
                          />
                        ) : (
                          formatNumber(item.quantity, language)
                        )}
                      </Table.Td>
                      <Table.Td ta="end">
                        {isCorrection ? (
                          <TextInput
                            size="xs"
                            w={120}
                            inputMode="decimal"
                            aria-label={t('ceremonies.sign.itemUnitPrice', { designation })}
                            {...register(`items.${index}.unitPrice`)}
                            error={message(itemErrors?.unitPrice?.message)}
                          />
                        ) : (
                          formatAmount(lineTotalCentimes(item), language)
                        )}
                      </Table.Td>
                      {isCorrection && (
                        <Table.Td>
                          <TextInput
                            size="xs"
                            aria-label={t('ceremonies.sign.itemSerial', { designation })}
                            {...register(`items.${index}.serialNumber`)}
                            error={message(itemErrors?.serialNumber?.message)}
                          />
                        </Table.Td>
                      )}
                      <Table.Td>
                        <Controller
                          control={control}
                          name={`items.${index}.handoverStatus`}
                          render={({ field }) => (
                            <Select
                              size="xs"
                              w={140}
                              aria-label={t('ceremonies.sign.itemStatus', { designation })}
                              placeholder={t('sections.common.choose')}
                              data={signedHandoverStatuses.map((value) => ({
                                value,
                                label: t(`agr.handoverStatus.${value}`),
                              }))}
                              value={field.value === '' ? null : field.value}
                              onChange={(value) => {
                                field.onChange(value ?? '');
                              }}
                              onBlur={field.onBlur}
                              name={field.name}
                              ref={field.ref}
                              allowDeselect={false}
                              comboboxProps={{ withinPortal: true }}
                              error={message(itemErrors?.handoverStatus?.message)}
                            />
                          )}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          aria-label={t('ceremonies.sign.itemNote', { designation })}
                          placeholder={t('ceremonies.sign.itemNotePlaceholder')}
                          maxLength={500}
                          {...register(`items.${index}.handoverNote`)}
                          error={message(itemErrors?.handoverNote?.message)}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text fw={700} data-testid="sign-total">
            {t('ceremonies.sign.total', { amount: formatMoney(receiptTotalCentimes(handedOver), language) })}
          </Text>
          <SegmentedControl
            aria-label={t('ceremonies.sign.kind')}
            value={kind}
            onChange={(value) => {
              setKind(value === 'scanned' ? 'scanned' : 'drawn');
              setMissing({});
            }}
            data={[
              { value: 'drawn', label: t('ceremonies.sign.drawn') },
              { value: 'scanned', label: t('ceremonies.sign.scanned') },
            ]}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {kind === 'drawn' ? (
              <SignaturePad
                label={t('ceremonies.sign.beneficiarySignature')}
                onChange={(value) => {
                  setDrawn(value);
                  if (value !== null) setMissing(({ counsellor }) => (counsellor === undefined ? {} : { counsellor }));
                }}
                error={missing.beneficiary}
                testId="beneficiary-signature"
              />
            ) : (
              <Stack gap={4}>
                <FileInput
                  label={t('ceremonies.sign.scan')}
                  accept="image/png,image/jpeg"
                  clearable
                  error={missing.beneficiary ?? scanError ?? undefined}
                  onChange={(file) => {
                    setScanError(null);
                    setScanned(null);
                    if (!file) return;
                    void downscaled(file).then(
                      (dataUrl) => {
                        setScanned(dataUrl);
                        setMissing(({ counsellor }) => (counsellor === undefined ? {} : { counsellor }));
                      },
                      () => {
                        setScanError(t('ceremonies.sign.scanUnreadable'));
                      },
                    );
                  }}
                />
                {scanned !== null && (
                  <Text size="sm" c="teal.9">
                    {t('ceremonies.sign.scanLoaded', {
                      size: formatNumber(Math.ceil((scanned.length * 3) / 4 / 1024), language),
                    })}
                  </Text>
                )}
              </Stack>
            )}
            <SignaturePad
              label={t('ceremonies.sign.counsellorSignature')}
              onChange={(value) => {
                setCounsellorSignature(value);
                if (value !== null) setMissing(({ beneficiary }) => (beneficiary === undefined ? {} : { beneficiary }));
              }}
              error={missing.counsellor}
              testId="counsellor-signature"
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {/* The signer is the user signed in: the PV carries their name as the server knows it. */}
            <TextInput
              label={t('ceremonies.sign.counsellorName')}
              readOnly
              autoComplete="off"
              {...register('counsellorName')}
              error={message(errors.counsellorName?.message)}
            />
            <TextInput
              type="date"
              label={t('ceremonies.sign.signedOn')}
              withAsterisk
              {...register('signedOn')}
              error={message(errors.signedOn?.message)}
            />
          </SimpleGrid>
          {isCorrection && (
            <Textarea
              label={t('ceremonies.sign.reason')}
              withAsterisk
              autosize
              minRows={2}
              {...register('reason')}
              error={message(errors.reason?.message)}
            />
          )}
        </FormDialogLayout>
      </form>
    </FormDialog>
  );
}

/**
 * A scanned page as a JPEG data URL small enough for a receipt (`maxSignatureChars`): at most
 * 1 600 px wide, then lower quality until it fits. Rejects what the browser cannot decode.
 */
async function downscaled(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1600 / bitmap.width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d context');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.75, 0.6, 0.45, 0.3]) {
    const dataUrl = canvas.toDataURL('image/jpeg', quality);
    if (dataUrl.length <= maxSignatureChars) return dataUrl;
  }
  // Still too large: half the size, lowest quality.
  const small = document.createElement('canvas');
  small.width = Math.max(1, Math.round(canvas.width / 2));
  small.height = Math.max(1, Math.round(canvas.height / 2));
  small.getContext('2d')?.drawImage(canvas, 0, 0, small.width, small.height);
  const dataUrl = small.toDataURL('image/jpeg', 0.4);
  if (dataUrl.length > maxSignatureChars) throw new Error('scan too large');
  return dataUrl;
}
