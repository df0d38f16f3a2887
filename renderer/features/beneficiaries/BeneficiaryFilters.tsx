import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Group, Select } from '@mantine/core';
import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { stages, type Stage } from '../../../shared/parcours/parcours';
import { findPrefectureByCode } from '../../../shared/reference/administrative';
import { stageOf } from '../../db/caseFileRepository';
import { useLanguage } from '../../ui/useLanguage';

/** The list's filters, applied on top of the search (or of everyone when no search is typed). */
export type Filters = {
  readonly stage: Stage | null;
  readonly prefectureCode: string | null;
  /** The id of the counsellor who follows the file. */
  readonly counsellorId: string | null;
  readonly overdueOnly: boolean;
};

export const noFilters: Filters = { stage: null, prefectureCode: null, counsellorId: null, overdueOnly: false };

export function isFiltering(filters: Filters): boolean {
  return (
    filters.stage !== null || filters.prefectureCode !== null || filters.counsellorId !== null || filters.overdueOnly
  );
}

/** `overdueIds`: undefined while being read (then nothing passes the overdue filter yet). */
export function filterBeneficiaries(
  beneficiaries: readonly Beneficiary[],
  filters: Filters,
  overdueIds: ReadonlySet<string> | undefined,
): readonly Beneficiary[] {
  if (!isFiltering(filters)) return beneficiaries;
  return beneficiaries.filter(
    (b) =>
      (filters.stage === null || stageOf(b) === filters.stage) &&
      (filters.prefectureCode === null || b.prefectureCode === filters.prefectureCode) &&
      (filters.counsellorId === null || (b.followedById ?? '') === filters.counsellorId) &&
      (!filters.overdueOnly || (overdueIds?.has(b.id) ?? false)),
  );
}

/**
 * Stage, préfecture/province, counsellor and *action en retard*. The préfectures and counsellors
 * offered are those of the files on this PC (no empty choices).
 */
export function BeneficiaryFilters({
  filters,
  onChange,
  beneficiaries,
}: {
  filters: Filters;
  onChange: (filters: Filters) => void;
  /** Everyone on this PC (a new array at each change, so the choices follow). */
  beneficiaries: readonly Beneficiary[];
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { prefectures, counsellors } = useMemo(() => {
    const prefectureCodes = new Set<string>();
    const counsellorNames = new Map<string, string>();
    for (const b of beneficiaries) {
      prefectureCodes.add(b.prefectureCode);
      if (b.followedById) counsellorNames.set(b.followedById, b.followedByName || t('casefile.unknownPerson'));
    }
    return {
      prefectures: [...prefectureCodes]
        .map((code) => ({ value: code, label: findPrefectureByCode(code)?.name[language] ?? code }))
        .sort((a, b) => a.label.localeCompare(b.label, language)),
      counsellors: [...counsellorNames]
        .map(([value, label]) => ({ value, label }))
        .sort((a, b) => a.label.localeCompare(b.label, language)),
    };
  }, [beneficiaries, language, t]);

  return (
    <Group
      gap="sm"
      align="flex-end"
      role="group"
      aria-label={t('casefile.filters.title')}
      data-testid="beneficiary-filters"
    >
      <Select
        label={t('casefile.filters.stage')}
        placeholder={t('casefile.filters.any')}
        data={stages.map((stage) => ({ value: stage, label: t(`casefile.stage.${stage}`) }))}
        value={filters.stage}
        onChange={(value) => {
          onChange({ ...filters, stage: value as Stage | null });
        }}
        clearable
        clearButtonProps={{ 'aria-label': t('casefile.filters.clearOne') }}
        w={220}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={t('casefile.filters.prefecture')}
        placeholder={t('casefile.filters.any')}
        data={prefectures}
        value={filters.prefectureCode}
        onChange={(value) => {
          onChange({ ...filters, prefectureCode: value });
        }}
        clearable
        clearButtonProps={{ 'aria-label': t('casefile.filters.clearOne') }}
        searchable
        w={240}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={t('casefile.filters.counsellor')}
        placeholder={t('casefile.filters.any')}
        data={counsellors}
        value={filters.counsellorId}
        onChange={(value) => {
          onChange({ ...filters, counsellorId: value });
        }}
        clearable
        clearButtonProps={{ 'aria-label': t('casefile.filters.clearOne') }}
        w={220}
        comboboxProps={{ withinPortal: true }}
      />
      <Checkbox
        label={t('casefile.filters.overdue')}
        checked={filters.overdueOnly}
        onChange={(event) => {
          onChange({ ...filters, overdueOnly: event.currentTarget.checked });
        }}
        mb={8}
      />
      {isFiltering(filters) && (
        <Button
          variant="subtle"
          onClick={() => {
            onChange(noFilters);
          }}
        >
          {t('casefile.filters.clear')}
        </Button>
      )}
    </Group>
  );
}
