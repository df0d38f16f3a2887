import { useId } from 'react';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Group, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import {
  budgetCentimes,
  lineTotalCentimes,
  type EquipmentLine,
  type EquipmentLineDraft,
  type IncomeProject,
} from '../../../../shared/agr/incomeProject';
import {
  emptyEquipmentLineForm,
  equipmentLineFormSchema,
  type EquipmentLineFormInput,
} from '../../../../shared/agr/incomeProjectForms';
import { formatAmount } from '../../../../shared/money/money';
import { useRepositories } from '../../../db/RepositoryContext';
import { formatNumber } from '../../../i18n/format';
import { useLanguage } from '../../../ui/useLanguage';
import { FormFooter, useDraftForm, type SaveOutcome } from '../../../ui/sectionParts';
import { NoticeAlert } from '../../../ui/Notice';
import { RowActions, addKey, useRowEditing } from '../../../ui/EditableRows';
import { projectOutcome } from './projectOutcome';

/** Filled badges: white text on these keeps a 4.5:1 contrast. */
const handoverColours = { prevu: 'gray.7', remis: 'teal.9', manquant: 'red.9', remplace: 'grape.9' } as const;

/**
 * The project's equipment lines (*équipements et matériels*): designation, quantity, unit price,
 * the line's amount, supplier, serial number and where it stands at the handover; the budget (their
 * sum, always computed) at the foot. Add, edit and remove one line at a time.
 */
export function EquipmentPanel({
  project,
  lines,
  isLocked = false,
}: {
  project: IncomeProject;
  lines: readonly EquipmentLine[];
  /** The project's PV is signed: read-only (a change goes through a new version of the PV). */
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
  const budget = budgetCentimes(lines);

  return (
    <Stack gap="xs" ref={panel} data-testid="equipment-panel">
      <Group justify="space-between" align="center">
        <Title order={5} id={headingId}>
          {t('agr.equipment.title')}
        </Title>
        {!isAdding && !isLocked && (
          <Button variant="default" size="xs" data-focus-key={addKey} onClick={startAdding}>
            {t('agr.equipment.add')}
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
        <LineForm
          formLabel={t('agr.equipment.addForm')}
          submitLabel={t('agr.equipment.saveNew')}
          defaults={emptyEquipmentLineForm}
          save={async (draft) => projectOutcome(await incomeProjects.addLine(project.id, draft))}
          onSaved={(draft) => {
            closeForm(addKey, (tr) => tr('agr.equipment.added', { designation: draft.designation }));
          }}
          onCancel={() => {
            closeForm(addKey, null);
          }}
        />
      )}
      {lines.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('agr.equipment.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table
            aria-label={t('agr.equipment.caption', { title: project.title })}
            data-testid="equipment-table"
            verticalSpacing="xs"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('agr.equipment.designation')}</Table.Th>
                <Table.Th ta="end">{t('agr.equipment.quantity')}</Table.Th>
                <Table.Th ta="end">{t('agr.equipment.unitPrice')}</Table.Th>
                <Table.Th ta="end">{t('agr.equipment.lineTotal')}</Table.Th>
                <Table.Th>{t('agr.equipment.supplier')}</Table.Th>
                <Table.Th>{t('agr.equipment.serialNumber')}</Table.Th>
                <Table.Th>{t('agr.equipment.status')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('sections.actions.columns.edit')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line) =>
                editingId === line.id ? (
                  <Table.Tr key={line.id}>
                    <Table.Td colSpan={8}>
                      <LineForm
                        formLabel={t('agr.equipment.editForm', { designation: line.designation })}
                        submitLabel={t('sections.common.save')}
                        defaults={{
                          designation: line.designation,
                          quantity: String(line.quantity),
                          unitPrice: formatAmount(line.unitPriceCentimes, language),
                          supplier: line.supplier,
                          serialNumber: line.serialNumber,
                        }}
                        save={async (draft) => projectOutcome(await incomeProjects.updateLine(line.id, draft))}
                        onSaved={(draft) => {
                          closeForm(line.id, (tr) => tr('agr.equipment.updated', { designation: draft.designation }));
                        }}
                        onCancel={() => {
                          closeForm(line.id, null);
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ) : (
                  <Table.Tr key={line.id} data-testid="equipment-row">
                    <Table.Td>{line.designation}</Table.Td>
                    <Table.Td ta="end">{formatNumber(line.quantity, language)}</Table.Td>
                    <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }}>
                      {formatAmount(line.unitPriceCentimes, language)}
                    </Table.Td>
                    <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }} data-testid="equipment-line-total">
                      {formatAmount(lineTotalCentimes(line), language)}
                    </Table.Td>
                    <Table.Td>{line.supplier}</Table.Td>
                    <Table.Td>{line.serialNumber}</Table.Td>
                    <Table.Td>
                      <Badge color={handoverColours[line.handoverStatus]} variant="filled" tt="none">
                        {t(`agr.handoverStatus.${line.handoverStatus}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {!isLocked && (
                        <RowActions
                          rowId={line.id}
                          editLabel={t('agr.equipment.edit', { designation: line.designation })}
                          removeLabel={t('agr.equipment.remove', { designation: line.designation })}
                          question={t('agr.equipment.removeConfirm', { designation: line.designation })}
                          confirmLabel={t('agr.equipment.removeYes')}
                          isRemoving={removingId === line.id}
                          onEdit={() => {
                            startEditing(line.id);
                          }}
                          onStartRemoving={() => {
                            startRemoving(line.id);
                          }}
                          onConfirmRemove={() =>
                            remove(
                              async () => projectOutcome(await incomeProjects.removeLine(line.id)),
                              (tr) => tr('agr.equipment.removed', { designation: line.designation }),
                              addKey,
                            )
                          }
                          onCancelRemove={() => {
                            closeForm(line.id, null);
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
                <Table.Th colSpan={3} scope="row">
                  {t('agr.equipment.budget')}
                </Table.Th>
                <Table.Td ta="end" fw={700} style={{ whiteSpace: 'nowrap' }} data-testid="equipment-budget">
                  {formatAmount(budget, language)}
                </Table.Td>
                <Table.Td colSpan={4} />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function LineForm({
  formLabel,
  submitLabel,
  defaults,
  save,
  onSaved,
  onCancel,
}: {
  formLabel: string;
  submitLabel: string;
  defaults: EquipmentLineFormInput;
  save: (draft: EquipmentLineDraft) => Promise<SaveOutcome>;
  onSaved: (draft: EquipmentLineDraft) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const {
    form: {
      register,
      formState: { errors, isSubmitting },
    },
    message,
    saveError,
    onSubmit,
  } = useDraftForm<EquipmentLineFormInput, EquipmentLineDraft>({
    resolver: zodResolver(equipmentLineFormSchema),
    defaults,
    firstField: 'designation',
    save,
    onSaved,
  });
  return (
    <form noValidate aria-label={formLabel} onSubmit={onSubmit}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('agr.equipment.designation')}
            withAsterisk
            autoComplete="off"
            {...register('designation')}
            error={message(errors.designation?.message)}
          />
          <TextInput
            label={t('agr.equipment.quantity')}
            withAsterisk
            inputMode="numeric"
            autoComplete="off"
            {...register('quantity')}
            error={message(errors.quantity?.message)}
          />
          <TextInput
            label={t('agr.equipment.unitPrice')}
            description={t('agr.equipment.unitPriceHint')}
            withAsterisk
            inputMode="decimal"
            autoComplete="off"
            {...register('unitPrice')}
            error={message(errors.unitPrice?.message)}
          />
          <TextInput
            label={t('agr.equipment.supplier')}
            autoComplete="off"
            {...register('supplier')}
            error={message(errors.supplier?.message)}
          />
          <TextInput
            label={t('agr.equipment.serialNumber')}
            autoComplete="off"
            {...register('serialNumber')}
            error={message(errors.serialNumber?.message)}
          />
        </SimpleGrid>
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} saveLabel={submitLabel} />
      </Stack>
    </form>
  );
}
