import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useBeneficiaries } from '../../db/RepositoryContext';
import { formatNumber } from '../../i18n/format';
import { useLanguage } from '../shell/useLanguage';
import { BeneficiaryForm } from './BeneficiaryForm';
import { BeneficiaryList } from './BeneficiaryList';

export function BeneficiariesPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const beneficiaries = useBeneficiaries();
  const [isFormOpen, setFormOpen] = useState(false);
  const [savedName, setSavedName] = useState<string | null>(null);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2}>{t('beneficiaries.title')}</Title>
          {beneficiaries && (
            <Text c="dimmed" size="sm" data-testid="beneficiary-count">
              {t('beneficiaries.count', {
                count: beneficiaries.length,
                formatted: formatNumber(beneficiaries.length, language),
              })}
            </Text>
          )}
        </Stack>
        <Button
          onClick={() => {
            setSavedName(null);
            setFormOpen(true);
          }}
        >
          {t('beneficiaries.new')}
        </Button>
      </Group>
      {savedName && (
        <Alert
          color="teal"
          role="status"
          withCloseButton
          onClose={() => {
            setSavedName(null);
          }}
        >
          {t('beneficiaries.saved', { name: savedName })}
        </Alert>
      )}
      {beneficiaries ? (
        <BeneficiaryList beneficiaries={beneficiaries} />
      ) : (
        <Loader aria-label={t('beneficiaries.loading')} />
      )}
      <Modal
        opened={isFormOpen}
        onClose={() => {
          setFormOpen(false);
        }}
        title={t('form.title')}
        size="xl"
        closeButtonProps={{ 'aria-label': t('form.cancel') }}
      >
        <BeneficiaryForm
          onCancel={() => {
            setFormOpen(false);
          }}
          onSaved={(b) => {
            setFormOpen(false);
            setSavedName(`${b.firstNameLatin} ${b.lastNameLatin}`);
          }}
        />
      </Modal>
    </Stack>
  );
}
