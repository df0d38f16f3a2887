import { useTranslation } from 'react-i18next';
import { Table, Text } from '@mantine/core';
import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { findPrefecture } from '../../../shared/reference/prefectures';
import { formatDate, formatInstant } from '../../i18n/format';
import { useLanguage } from '../shell/useLanguage';

export function BeneficiaryList({ beneficiaries }: { beneficiaries: Beneficiary[] }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  if (beneficiaries.length === 0) {
    return <Text c="dimmed">{t('beneficiaries.empty')}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover aria-label={t('beneficiaries.title')} data-testid="beneficiary-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('beneficiaries.columns.name')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.nameArabic')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.sex')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.dateOfBirth')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.cin')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.prefecture')}</Table.Th>
            <Table.Th>{t('beneficiaries.columns.createdAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {beneficiaries.map((b) => (
            <Table.Tr key={b.id} data-id={b.id}>
              <Table.Td dir="ltr" lang="fr">{`${b.lastNameLatin.toUpperCase()} ${b.firstNameLatin}`}</Table.Td>
              <Table.Td dir="rtl" lang="ar">
                {`${b.lastNameArabic} ${b.firstNameArabic}`.trim()}
              </Table.Td>
              <Table.Td>{b.sex === 'F' ? t('form.sexF') : t('form.sexM')}</Table.Td>
              <Table.Td>{formatDate(b.dateOfBirth, language)}</Table.Td>
              <Table.Td dir="ltr">{b.cin}</Table.Td>
              <Table.Td>{findPrefecture(b.prefectureCode)?.name[language] ?? b.prefectureCode}</Table.Td>
              <Table.Td>{formatInstant(b.createdAt, language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
