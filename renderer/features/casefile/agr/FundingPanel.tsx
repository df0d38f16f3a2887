import { useId } from 'react';
import { useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Alert, Button, Group, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import {
  budgetCentimes,
  funders,
  sharesTotalCentimes,
  type EquipmentLine,
  type FundingShare,
  type FundingShareDraft,
  type IncomeProject,
} from '../../../../shared/agr/incomeProject';
import {
  emptyFundingShareForm,
  fundingShareFormSchema,
  type FundingShareFormInput,
} from '../../../../shared/agr/incomeProjectForms';
import { formatAmount, formatMoney } from '../../../../shared/money/money';
import { useRepositories } from '../../../db/RepositoryContext';
import { useLanguage } from '../../../ui/useLanguage';
import { FormFooter, useDraftForm, type SaveOutcome } from '../../../ui/sectionParts';
import { ChoiceField } from '../../../ui/fields';
import { NoticeAlert } from '../../../ui/Notice';
import { RowActions, addKey, useRowEditing } from '../../../ui/EditableRows';
import { projectOutcome } from './projectOutcome';

/**
 * The project's funding shares (Fondation, INDH, other partners by name, personal contribution)
 * and whether they add up to the budget: exactly, or how much is missing or in excess.
 */
export function FundingPanel({
  project,
  lines,
  shares,
  isLocked = false,
}: {
  project: IncomeProject;
  lines: readonly EquipmentLine[];
  shares: readonly FundingShare[];
  /** The project's PV is signed: read-only. */
  isLocked?: boolean;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { incomeProjects } = useRepositories();
  const headingId = useId();
  const {
    panel,
    isAdding,
    editingId,
    removingId,
    notice,
    setNotice,
    startAdding,
    startEditing,
    startRemoving,
    closeForm,
    remove,
  } = useRowEditing();
  const funderName = (share: Pick<FundingShare, 'funder' | 'partnerName'>, tr: TFunction = t) =>
    share.funder === 'partenaire' && share.partnerName !== '' ? share.partnerName : tr(`agr.funder.${share.funder}`);
  const budget = budgetCentimes(lines);
  const total = sharesTotalCentimes(shares);
  const difference = budget - total;

  return (
    <Stack gap="xs" ref={panel} data-testid="funding-panel">
      <Group justify="space-between" align="center">
        <Title order={5} id={headingId}>
          {t('agr.funding.title')}
        </Title>
        {!isAdding && !isLocked && (
          <Button variant="default" size="xs" data-focus-key={addKey} onClick={startAdding}>
            {t('agr.funding.add')}
          </Button>
        )}
      </Group>
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {isAdding && (
        <ShareForm
          formLabel={t('agr.funding.addForm')}
          submitLabel={t('agr.funding.saveNew')}
          defaults={emptyFundingShareForm}
          save={async (draft) => projectOutcome(await incomeProjects.addShare(project.id, draft))}
          onSaved={(draft) => {
            closeForm(addKey, (tr) => tr('agr.funding.added', { funder: funderName(draft, tr) }));
          }}
          onCancel={() => {
            closeForm(addKey, null);
          }}
        />
      )}
      {shares.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('agr.funding.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table
            aria-label={t('agr.funding.caption', { title: project.title })}
            data-testid="funding-table"
            verticalSpacing="xs"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('agr.funding.funder')}</Table.Th>
                <Table.Th ta="end">{t('agr.funding.amount')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('sections.actions.columns.edit')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shares.map((share) =>
                editingId === share.id ? (
                  <Table.Tr key={share.id}>
                    <Table.Td colSpan={3}>
                      <ShareForm
                        formLabel={t('agr.funding.editForm', { funder: funderName(share) })}
                        submitLabel={t('sections.common.save')}
                        defaults={{
                          funder: share.funder,
                          partnerName: share.partnerName,
                          amount: formatAmount(share.amountCentimes, language),
                        }}
                        save={async (draft) => projectOutcome(await incomeProjects.updateShare(share.id, draft))}
                        onSaved={(draft) => {
                          closeForm(share.id, (tr) => tr('agr.funding.updated', { funder: funderName(draft, tr) }));
                        }}
                        onCancel={() => {
                          closeForm(share.id, null);
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ) : (
                  <Table.Tr key={share.id} data-testid="funding-row">
                    <Table.Td>{funderName(share)}</Table.Td>
                    <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }}>
                      {formatAmount(share.amountCentimes, language)}
                    </Table.Td>
                    <Table.Td>
                      {!isLocked && (
                        <RowActions
                          rowId={share.id}
                          editLabel={t('agr.funding.edit', { funder: funderName(share) })}
                          removeLabel={t('agr.funding.remove', { funder: funderName(share) })}
                          question={t('agr.funding.removeConfirm', { funder: funderName(share) })}
                          confirmLabel={t('agr.funding.removeYes')}
                          isRemoving={removingId === share.id}
                          onEdit={() => {
                            startEditing(share.id);
                          }}
                          onStartRemoving={() => {
                            startRemoving(share.id);
                          }}
                          onConfirmRemove={() =>
                            remove(
                              async () => projectOutcome(await incomeProjects.removeShare(share.id)),
                              (tr) => tr('agr.funding.removed', { funder: funderName(share, tr) }),
                              addKey,
                            )
                          }
                          onCancelRemove={() => {
                            closeForm(share.id, null);
                          }}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ),
              )}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                {/* The total's label heads its row; the amount is a cell, not a column header. */}
                <Table.Th scope="row">{t('agr.funding.total')}</Table.Th>
                <Table.Td ta="end" fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="funding-total">
                  {formatAmount(total, language)}
                </Table.Td>
                <Table.Td />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
      {(shares.length > 0 || budget > 0) && (
        <Alert
          color={difference === 0 ? 'teal' : 'orange'}
          variant="light"
          // A state of the table, not an interruption: Mantine's Alert would be role="alert".
          role="status"
          data-testid="funding-balance"
          data-balanced={difference === 0 ? 'true' : 'false'}
        >
          {difference === 0
            ? t('agr.funding.balanced')
            : difference > 0
              ? t('agr.funding.missing', { amount: formatMoney(difference, language) })
              : t('agr.funding.excess', { amount: formatMoney(-difference, language) })}
        </Alert>
      )}
    </Stack>
  );
}

function ShareForm({
  formLabel,
  submitLabel,
  defaults,
  save,
  onSaved,
  onCancel,
}: {
  formLabel: string;
  submitLabel: string;
  defaults: FundingShareFormInput;
  save: (draft: FundingShareDraft) => Promise<SaveOutcome>;
  onSaved: (draft: FundingShareDraft) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const {
    form: {
      register,
      control,
      formState: { errors, isSubmitting },
    },
    message,
    saveError,
    onSubmit,
  } = useDraftForm<FundingShareFormInput, FundingShareDraft>({
    resolver: zodResolver(fundingShareFormSchema),
    defaults,
    firstField: 'funder',
    save,
    onSaved,
  });
  const funder = useWatch({ control, name: 'funder' });
  return (
    <form noValidate aria-label={formLabel} onSubmit={onSubmit}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <ChoiceField
            control={control}
            name="funder"
            label={t('agr.funding.funder')}
            data={funders.map((value) => ({ value, label: t(`agr.funder.${value}`) }))}
            error={message(errors.funder?.message)}
            isRequired
          />
          {funder === 'partenaire' && (
            <TextInput
              label={t('agr.funding.partnerName')}
              withAsterisk
              autoComplete="off"
              {...register('partnerName')}
              error={message(errors.partnerName?.message)}
            />
          )}
          <TextInput
            label={t('agr.funding.amount')}
            withAsterisk
            inputMode="decimal"
            autoComplete="off"
            {...register('amount')}
            error={message(errors.amount?.message)}
          />
        </SimpleGrid>
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} saveLabel={submitLabel} />
      </Stack>
    </form>
  );
}
