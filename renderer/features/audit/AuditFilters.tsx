import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { auditKinds, type AuditKind } from '../../../shared/audit/auditEvents';
import type { UserSummary } from '../../../shared/auth/schemas';
import { emptyFilterForm, type FilterForm } from './auditModel';

/**
 * The filters of the *Audit* screen: a user (every account the administrator sees), a person (file
 * number or name, matched on the server), a period in calendar days, a category. *Rechercher*
 * applies them; *Effacer les filtres* lists everything again.
 */
export function AuditFilters({
  users,
  onApply,
}: {
  users: readonly UserSummary[];
  onApply: (form: FilterForm) => boolean;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<FilterForm>(emptyFilterForm);
  const [isPeriodReversed, setPeriodReversed] = useState(false);
  const set = (changes: Partial<FilterForm>) => {
    setForm((current) => ({ ...current, ...changes }));
  };
  const userOptions = [...users]
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` }));
  const kindOptions = auditKinds.map((kind) => ({ value: kind, label: t(`audit.kinds.${kind}`) }));

  return (
    <form
      aria-label={t('audit.filters.label')}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setPeriodReversed(!onApply(form));
      }}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
          <Select
            label={t('audit.filters.user')}
            placeholder={t('audit.filters.allUsers')}
            data={userOptions}
            value={form.userId}
            onChange={(value) => {
              set({ userId: value });
            }}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label={t('audit.filters.person')}
            description={t('audit.filters.personHint')}
            // Below the field: the fields of the row stay aligned.
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={form.person}
            onChange={(event) => {
              set({ person: event.currentTarget.value });
            }}
            autoComplete="off"
          />
          <TextInput
            type="date"
            label={t('audit.filters.from')}
            value={form.from}
            onChange={(event) => {
              set({ from: event.currentTarget.value });
            }}
          />
          <TextInput
            type="date"
            label={t('audit.filters.to')}
            value={form.to}
            onChange={(event) => {
              set({ to: event.currentTarget.value });
            }}
            error={isPeriodReversed ? t('audit.filters.periodReversed') : undefined}
          />
          <Select
            label={t('audit.filters.kind')}
            placeholder={t('audit.filters.allKinds')}
            data={kindOptions}
            value={form.kind}
            onChange={(value) => {
              set({ kind: auditKinds.find((kind): kind is AuditKind => kind === value) ?? null });
            }}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit">{t('audit.filters.search')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setForm(emptyFilterForm);
              setPeriodReversed(false);
              onApply(emptyFilterForm);
            }}
          >
            {t('audit.filters.reset')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
