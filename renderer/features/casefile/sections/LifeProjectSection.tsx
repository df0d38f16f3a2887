import { useEffect, useId, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { todayInCasablanca } from '../../../../shared/dates/calendarDate';
import {
  actionDraftSchema,
  actionStatuses,
  emptyActionDraft,
  emptyLifeProjectDraft,
  isOverdue,
  lifeProjectDraftSchema,
  type ActionDraft,
  type ActionDraftInput,
  type ActionStatus,
  type LifeProject,
  type LifeProjectAction,
  type LifeProjectDraft,
  type LifeProjectDraftInput,
} from '../../../../shared/parcours/lifeProject';
import type { CaseFile } from '../../../db/caseFileRepository';
import { useRepositories } from '../../../db/RepositoryContext';
import { formatNumber } from '../../../i18n/format';
import { useLanguage } from '../../../ui/useLanguage';
import { useNow } from '../../../ui/useNow';
import { NoticeAlert, errorNotice, statusNotice, type Notice, type NoticeText } from '../../../ui/Notice';
import {
  FormFooter,
  ReadItem,
  ReadList,
  SectionFrame,
  errorName,
  textOrEmpty,
  useDateText,
  useDraftForm,
  useFieldMessage,
  useSaveError,
  useSectionEditing,
} from '../../../ui/sectionParts';

const objectiveFields = ['personalObjectives', 'professionalObjectives', 'socialObjectives'] as const;

/**
 * *Projet de vie individuel*: the personal, professional and social objectives and the project's
 * validation (one form), then its actions: a table (overdue ones marked in colour and in words),
 * a status that saves as soon as it is chosen, an edit per row, and *Ajouter une action*.
 */
export function LifeProjectSection({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const { isEditing, confirmation, editButton, open, close, dismiss } = useSectionEditing();
  // One message at a time in the section: the objectives' or the actions' latest.
  const [actionsNotice, setActionsNotice] = useState<Notice | null>(null);
  const showActionsNotice = (notice: Notice | null) => {
    if (notice !== null) dismiss();
    setActionsNotice(notice);
  };
  return (
    <SectionFrame
      testId="section-lifeproject"
      title={t('sections.lifeProject.title')}
      editLabel={t('sections.lifeProject.edit')}
      isEditing={isEditing}
      confirmation={confirmation}
      editButtonRef={editButton}
      onEdit={() => {
        setActionsNotice(null);
        open();
      }}
      onDismiss={dismiss}
    >
      {isEditing ? (
        <LifeProjectForm
          file={file}
          onSaved={() => {
            setActionsNotice(null);
            close((tr) => tr('sections.lifeProject.saved'));
          }}
          onCancel={() => {
            close(null);
          }}
        />
      ) : (
        <LifeProjectView project={file.lifeProject} />
      )}
      <ActionsPanel file={file} notice={actionsNotice} setNotice={showActionsNotice} />
    </SectionFrame>
  );
}

function LifeProjectView({ project }: { project: LifeProject | undefined }) {
  const { t } = useTranslation();
  const dateText = useDateText();
  return (
    <ReadList>
      {objectiveFields.map((field) => (
        <ReadItem key={field} label={t(`sections.lifeProject.${field}`)} value={textOrEmpty(project?.[field])} wide />
      ))}
      <ReadItem label={t('sections.lifeProject.validatedOn')} value={dateText(project?.validatedOn)} />
      <ReadItem label={t('sections.lifeProject.validatedBy')} value={textOrEmpty(project?.validatedBy)} />
    </ReadList>
  );
}

function projectDraftOf(project: LifeProject | undefined): LifeProjectDraftInput {
  if (!project) return emptyLifeProjectDraft;
  return {
    personalObjectives: project.personalObjectives,
    professionalObjectives: project.professionalObjectives,
    socialObjectives: project.socialObjectives,
    validatedOn: project.validatedOn,
    validatedBy: project.validatedBy,
  };
}

function LifeProjectForm({ file, onSaved, onCancel }: { file: CaseFile; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { caseFiles } = useRepositories();
  const [schema] = useState(() => lifeProjectDraftSchema(todayInCasablanca(Date.now()), file.beneficiary.dateOfBirth));
  const { form, message, saveError, onSubmit } = useDraftForm<LifeProjectDraftInput, LifeProjectDraft>({
    resolver: zodResolver(schema),
    defaults: projectDraftOf(file.lifeProject),
    firstField: 'personalObjectives',
    save: (draft) => caseFiles.saveLifeProject(file.beneficiary.id, draft),
    onSaved,
  });
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;

  return (
    <form noValidate aria-label={t('sections.lifeProject.form')} onSubmit={onSubmit}>
      <Stack gap="md">
        <Fieldset legend={t('sections.lifeProject.objectives')}>
          <Stack gap="sm">
            {objectiveFields.map((field) => (
              <Textarea
                key={field}
                label={t(`sections.lifeProject.${field}`)}
                autosize
                minRows={2}
                maxRows={10}
                {...register(field)}
                error={message(errors[field]?.message)}
              />
            ))}
          </Stack>
        </Fieldset>
        <Fieldset legend={t('sections.lifeProject.validation')}>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('sections.lifeProject.validationHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                type="date"
                label={t('sections.lifeProject.validatedOn')}
                {...register('validatedOn')}
                error={message(errors.validatedOn?.message)}
              />
              <TextInput
                label={t('sections.lifeProject.validatedBy')}
                autoComplete="off"
                {...register('validatedBy')}
                error={message(errors.validatedBy?.message)}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

/** A status chosen in a row, shown until the re-read file carries it (or the save failed). */
type PendingStatus = { id: string; from: ActionStatus; to: ActionStatus };

/** The key of the *Ajouter une action* button among the buttons the focus goes back to. */
const addKey = 'add';

function ActionsPanel({
  file,
  notice,
  setNotice,
}: {
  file: CaseFile;
  /** What the last change of an action did (or why it failed), until another message replaces it. */
  notice: Notice | null;
  setNotice: (notice: Notice | null) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { caseFiles } = useRepositories();
  const headingId = useId();
  // Re-read every minute: an action becomes overdue at midnight while the page is open.
  const today = todayInCasablanca(useNow(60_000));
  const [isAdding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingStatus | null>(null);

  // The focus goes back to the button that opened a form once it closes (`data-focus-key`).
  const panel = useRef<HTMLDivElement>(null);
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    const key = refocus.current;
    if (key === null || isAdding || editingId !== null) return;
    refocus.current = null;
    panel.current?.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
  }, [isAdding, editingId]);

  // Once the file carries another status than the one changed from, the pending one is done.
  const pendingAction = pending && file.actions.find((action) => action.id === pending.id);
  if (pending && pendingAction?.status !== pending.from) setPending(null);
  const statusOf = (action: LifeProjectAction): ActionStatus =>
    pending?.id === action.id ? pending.to : action.status;

  const overdueCount = file.actions.filter((action) =>
    isOverdue({ ...action, status: statusOf(action) }, today),
  ).length;

  const changeStatus = async (action: LifeProjectAction, status: ActionStatus) => {
    setPending({ id: action.id, from: action.status, to: status });
    setNotice(null);
    const description = action.description;
    try {
      if (!(await caseFiles.updateAction(action.id, { status }))) {
        setPending(null);
        setNotice(errorNotice((tr) => tr('sections.common.notFound')));
        return;
      }
      setNotice(
        statusNotice((tr) =>
          tr('sections.actions.statusSaved', { description, status: tr(`casefile.actionStatus.${status}`) }),
        ),
      );
    } catch (error) {
      setPending(null);
      const reason = errorName(error);
      setNotice(errorNotice((tr) => tr('sections.actions.statusFailed', { description, reason })));
    }
  };

  const closeForm = (key: string, message: NoticeText | null) => {
    refocus.current = key;
    setNotice(message === null ? null : statusNotice(message));
    setAdding(false);
    setEditingId(null);
  };

  return (
    <Stack gap="sm" mt="sm" ref={panel}>
      <Group justify="space-between" align="center">
        <Group gap="sm">
          <Title order={4} id={headingId}>
            {t('sections.actions.title')}
          </Title>
          {overdueCount > 0 && (
            <Text size="sm" c="red.9" fw={600} data-testid="actions-overdue-count">
              {t('sections.actions.overdueCount', {
                count: overdueCount,
                formatted: formatNumber(overdueCount, language),
              })}
            </Text>
          )}
        </Group>
        {!isAdding && (
          <Button
            variant="default"
            data-focus-key={addKey}
            onClick={() => {
              setNotice(null);
              setEditingId(null);
              setAdding(true);
            }}
          >
            {t('sections.actions.add')}
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
        <ActionForm
          formLabel={t('sections.actions.addForm')}
          submitLabel={t('sections.actions.saveNew')}
          defaults={emptyActionDraft}
          withStatus
          save={async (draft) => (await caseFiles.addAction(file.beneficiary.id, draft)) !== undefined}
          onSaved={() => {
            closeForm(addKey, (tr) => tr('sections.actions.added'));
          }}
          onCancel={() => {
            closeForm(addKey, null);
          }}
        />
      )}
      {file.actions.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="actions-empty">
          {t('sections.actions.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table aria-label={t('sections.actions.caption')} data-testid="actions-table" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sections.actions.columns.description')}</Table.Th>
                <Table.Th>{t('sections.actions.columns.deadline')}</Table.Th>
                <Table.Th>{t('sections.actions.columns.responsible')}</Table.Th>
                <Table.Th>{t('sections.actions.columns.status')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('sections.actions.columns.edit')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {file.actions.map((action) =>
                editingId === action.id ? (
                  <Table.Tr key={action.id}>
                    <Table.Td colSpan={5}>
                      <ActionForm
                        formLabel={t('sections.actions.editForm', { description: action.description })}
                        submitLabel={t('sections.common.save')}
                        defaults={{
                          description: action.description,
                          deadline: action.deadline,
                          responsible: action.responsible,
                          status: action.status,
                        }}
                        // Only the fields of this form: a status changed elsewhere meanwhile is kept.
                        save={(draft) =>
                          caseFiles.updateAction(action.id, {
                            description: draft.description,
                            deadline: draft.deadline,
                            responsible: draft.responsible,
                          })
                        }
                        onSaved={() => {
                          closeForm(action.id, (tr) => tr('sections.actions.updated'));
                        }}
                        onCancel={() => {
                          closeForm(action.id, null);
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ) : (
                  <ActionRow
                    key={action.id}
                    action={action}
                    status={statusOf(action)}
                    today={today}
                    onStatus={(status) => void changeStatus(action, status)}
                    onEdit={() => {
                      setNotice(null);
                      setAdding(false);
                      setEditingId(action.id);
                    }}
                  />
                ),
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function ActionRow({
  action,
  status,
  today,
  onStatus,
  onEdit,
}: {
  action: LifeProjectAction;
  status: ActionStatus;
  today: string;
  onStatus: (status: ActionStatus) => void;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const dateText = useDateText();
  const isLate = isOverdue({ ...action, status }, today);
  const statusOptions = actionStatuses.map((value) => ({ value, label: t(`casefile.actionStatus.${value}`) }));
  return (
    <Table.Tr data-testid="action-row" data-overdue={isLate ? 'true' : undefined}>
      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{action.description}</Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <Text size="sm" c={isLate ? 'red.9' : undefined} fw={isLate ? 700 : undefined}>
            {dateText(action.deadline)}
          </Text>
          {isLate && (
            <Badge color="red.9" variant="filled" tt="none" data-testid="action-overdue">
              {t('sections.actions.overdue')}
            </Badge>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>{action.responsible}</Table.Td>
      <Table.Td>
        <Select
          aria-label={t('sections.actions.statusOf', { description: action.description })}
          data={statusOptions}
          value={status}
          onChange={(value) => {
            const next = actionStatuses.find((candidate) => candidate === value);
            if (next !== undefined && next !== status) onStatus(next);
          }}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          w={170}
        />
      </Table.Td>
      <Table.Td>
        <Button
          variant="default"
          size="xs"
          data-focus-key={action.id}
          onClick={onEdit}
          aria-label={t('sections.actions.edit', { description: action.description })}
        >
          {t('sections.common.edit')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** One action's fields (description, deadline, who does it; the status when adding). */
function ActionForm({
  formLabel,
  submitLabel,
  defaults,
  withStatus = false,
  save,
  onSaved,
  onCancel,
}: {
  formLabel: string;
  submitLabel: string;
  defaults: ActionDraftInput;
  withStatus?: boolean;
  save: (draft: ActionDraft) => Promise<boolean>;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const message = useFieldMessage();
  const { saveError, run } = useSaveError();
  const {
    register,
    control,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<ActionDraftInput, unknown, ActionDraft>({
    resolver: zodResolver(actionDraftSchema),
    defaultValues: defaults,
    mode: 'onTouched',
  });
  useEffect(() => {
    setFocus('description');
  }, [setFocus]);

  const onSubmit = async (draft: ActionDraft) => {
    if (await run(() => save(draft))) onSaved();
  };

  return (
    <form noValidate aria-label={formLabel} onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
      <Stack gap="sm">
        <Textarea
          label={t('sections.actions.description')}
          withAsterisk
          autosize
          minRows={1}
          maxRows={6}
          {...register('description')}
          error={message(errors.description?.message)}
        />
        <SimpleGrid cols={{ base: 1, sm: withStatus ? 3 : 2 }}>
          <TextInput
            type="date"
            label={t('sections.actions.deadline')}
            withAsterisk
            {...register('deadline')}
            error={message(errors.deadline?.message)}
          />
          <TextInput
            label={t('sections.actions.responsible')}
            withAsterisk
            autoComplete="off"
            {...register('responsible')}
            error={message(errors.responsible?.message)}
          />
          {withStatus && (
            <Controller
              control={control}
              name="status"
              render={({ field }) => (
                <Select
                  label={t('sections.actions.status')}
                  data={actionStatuses.map((value) => ({ value, label: t(`casefile.actionStatus.${value}`) }))}
                  value={field.value}
                  onChange={(value) => {
                    if (value !== null) field.onChange(value);
                  }}
                  onBlur={field.onBlur}
                  name={field.name}
                  ref={field.ref}
                  allowDeselect={false}
                  comboboxProps={{ withinPortal: true }}
                  error={message(errors.status?.message)}
                />
              )}
            />
          )}
        </SimpleGrid>
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} saveLabel={submitLabel} />
      </Stack>
    </form>
  );
}
