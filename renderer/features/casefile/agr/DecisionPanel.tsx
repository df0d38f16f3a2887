import { useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Group, List, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { isStepOpen } from '../../../../shared/agr/projectSteps';
import { mayEditField } from '../../../../shared/auth/fieldRoles';
import type { Stage } from '../../../../shared/parcours/parcours';
import { todayInCasablanca } from '../../../../shared/dates/calendarDate';
import {
  budgetCentimes,
  committeeDecisions,
  type CommitteeDecisionDraft,
  type DecisionBlocker,
  type EquipmentLine,
  type IncomeProject,
} from '../../../../shared/agr/incomeProject';
import {
  committeeDecisionFormSchema,
  type CommitteeDecisionFormInput,
} from '../../../../shared/agr/incomeProjectForms';
import { formatAmount, formatMoney } from '../../../../shared/money/money';
import { useRepositories } from '../../../db/RepositoryContext';
import { useLanguage } from '../../../ui/useLanguage';
import {
  FormFooter,
  ReadItem,
  ReadList,
  errorName,
  textOrEmpty,
  useDateText,
  useFieldMessage,
  useSectionEditing,
} from '../../../ui/sectionParts';
import { ChoiceField } from '../../../ui/fields';
import { NoticeAlert } from '../../../ui/Notice';

export const decisionColours = { approuve: 'teal.9', ajourne: 'orange.9', refuse: 'red.9' } as const;

/**
 * The committee's decision on the project (committee, day, reference, decision, amount granted).
 * A favourable decision is refused, with the reasons, while the budget is empty, the shares do not
 * cover it exactly, or the amount granted is outside it; a budget changed after the decision is
 * pointed out.
 */
export function DecisionPanel({
  project,
  lines,
  stage,
  isLocked = false,
}: {
  project: IncomeProject;
  lines: readonly EquipmentLine[];
  /** The file's stage: the committee decides from *validation* on (shared/agr/projectSteps.ts). */
  stage: Stage;
  /** The project's PV is signed: the decision no longer changes. */
  isLocked?: boolean;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const dateText = useDateText();
  const headingId = useId();
  const { isEditing, confirmation, editButton, open, close, dismiss } = useSectionEditing();
  const budget = budgetCentimes(lines);
  const hasChanged = project.decision === 'approuve' && project.approvedTotalCentimes !== budget;
  const isOpen = isStepOpen('decision', stage);
  const { author } = useRepositories();
  // The committee's decision is the coordination's to record (shared/auth/fieldRoles.ts).
  const mayDecide = mayEditField('incomeProjects', 'decision', { ...author, fileCounsellorId: '' });
  return (
    <Stack gap="xs" data-testid="decision-panel">
      <Group justify="space-between" align="center">
        <Group gap="sm">
          <Title order={5} id={headingId}>
            {t('agr.decision.title')}
          </Title>
          {project.decision !== '' && (
            <Badge color={decisionColours[project.decision]} variant="filled" tt="none" data-testid="decision-badge">
              {t(`agr.decisionValue.${project.decision}`)}
            </Badge>
          )}
        </Group>
        {!isEditing && !isLocked && isOpen && mayDecide && (
          <Button
            variant="default"
            size="xs"
            ref={editButton}
            onClick={open}
            aria-label={t('agr.decision.edit', { title: project.title })}
          >
            {t('sections.common.edit')}
          </Button>
        )}
      </Group>
      {!isLocked && !isOpen && (
        <Text size="sm" c="dimmed" data-testid="decision-not-yet">
          {stage === 'cloture'
            ? t('agr.decision.closed')
            : t('agr.decision.notYet', { stage: t(`casefile.stage.${stage}`) })}
        </Text>
      )}
      {!isLocked && isOpen && !mayDecide && project.decision === '' && (
        <Text size="sm" c="dimmed" data-testid="decision-by-coordination">
          {t('agr.decision.byCoordination')}
        </Text>
      )}
      <NoticeAlert notice={confirmation} onClose={dismiss} />
      {hasChanged && (
        <Alert color="orange" variant="light" role="status" data-testid="decision-budget-changed">
          {t('agr.decision.budgetChanged', {
            approved: formatMoney(project.approvedTotalCentimes, language),
            current: formatMoney(budget, language),
          })}
        </Alert>
      )}
      {isEditing ? (
        <DecisionForm
          project={project}
          onSaved={() => {
            close((tr) => tr('agr.decision.saved'));
          }}
          onCancel={() => {
            close(null);
          }}
        />
      ) : project.decision === '' ? (
        <ReadList>
          <ReadItem label={t('agr.decision.decision')} value={t('agr.decision.none')} />
        </ReadList>
      ) : (
        <ReadList cols={3}>
          <ReadItem label={t('agr.decision.committee')} value={textOrEmpty(project.committee)} />
          <ReadItem label={t('agr.decision.decisionDate')} value={dateText(project.decisionDate)} />
          <ReadItem label={t('agr.decision.decisionReference')} value={textOrEmpty(project.decisionReference)} />
          <ReadItem label={t('agr.decision.decision')} value={t(`agr.decisionValue.${project.decision}`)} />
          <ReadItem
            label={t('agr.decision.amountGranted')}
            value={project.amountGrantedCentimes > 0 ? formatMoney(project.amountGrantedCentimes, language) : ''}
          />
        </ReadList>
      )}
    </Stack>
  );
}

function DecisionForm({
  project,
  onSaved,
  onCancel,
}: {
  project: IncomeProject;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { incomeProjects } = useRepositories();
  const message = useFieldMessage();
  const [schema] = useState(() => committeeDecisionFormSchema(todayInCasablanca(Date.now())));
  const [blockers, setBlockers] = useState<readonly DecisionBlocker[]>([]);
  const [saveError, setSaveError] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<CommitteeDecisionFormInput, unknown, CommitteeDecisionDraft>({
    resolver: zodResolver(schema),
    defaultValues: {
      committee: project.committee,
      decisionDate: project.decisionDate,
      decisionReference: project.decisionReference,
      decision: project.decision === '' ? ('' as never) : project.decision,
      amountGranted: project.amountGrantedCentimes > 0 ? formatAmount(project.amountGrantedCentimes, language) : '',
    },
    mode: 'onTouched',
  });
  useEffect(() => {
    setFocus('committee');
  }, [setFocus]);

  const onSubmit = async (draft: CommitteeDecisionDraft) => {
    setSaveError(null);
    setBlockers([]);
    try {
      const result = await incomeProjects.recordDecision(project.id, draft);
      if (result.ok) onSaved();
      else if (result.error.kind === 'blocked') setBlockers(result.error.blockers);
      else if (result.error.kind === 'notAtStage')
        setSaveError(t('agr.decision.notYet', { stage: t(`casefile.stage.${result.error.stage}`) }));
      else if (result.error.kind === 'signed') setSaveError(t('agr.writeRefused.signed'));
      else setSaveError(t('sections.common.notFound'));
    } catch (error) {
      setSaveError(t('sections.common.saveFailed', { reason: errorName(error) }));
    }
  };

  return (
    <form
      noValidate
      aria-label={t('agr.decision.form', { title: project.title })}
      onSubmit={(e) => void handleSubmit(onSubmit)(e)}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('agr.decision.committee')}
            description={t('agr.decision.committeeHint')}
            withAsterisk
            autoComplete="off"
            {...register('committee')}
            error={message(errors.committee?.message)}
          />
          <TextInput
            type="date"
            label={t('agr.decision.decisionDate')}
            withAsterisk
            {...register('decisionDate')}
            error={message(errors.decisionDate?.message)}
          />
          <TextInput
            label={t('agr.decision.decisionReference')}
            withAsterisk
            autoComplete="off"
            {...register('decisionReference')}
            error={message(errors.decisionReference?.message)}
          />
          <ChoiceField
            control={control}
            name="decision"
            label={t('agr.decision.decision')}
            data={committeeDecisions.map((value) => ({ value, label: t(`agr.decisionValue.${value}`) }))}
            error={message(errors.decision?.message)}
            isRequired
          />
          <TextInput
            label={t('agr.decision.amountGranted')}
            inputMode="decimal"
            autoComplete="off"
            {...register('amountGranted')}
            error={message(errors.amountGranted?.message)}
          />
        </SimpleGrid>
        {blockers.length > 0 && (
          <Alert color="red" role="alert" title={t('agr.decision.refused')} data-testid="decision-blockers">
            <List size="sm">
              {blockers.map((blocker) => (
                <List.Item key={blocker}>{t(`agr.refused.${blocker}`)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
