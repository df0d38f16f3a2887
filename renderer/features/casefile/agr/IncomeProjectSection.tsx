import { useId, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Divider,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import {
  emptyIncomeProjectDraft,
  incomeProjectDraftSchema,
  sectors,
  type IncomeProject,
  type IncomeProjectDraft,
  type IncomeProjectDraftInput,
} from '../../../../shared/agr/incomeProject';
import { currentReceipts } from '../../../../shared/agr/ceremony';
import { currentStage } from '../../../../shared/parcours/parcours';
import type { CaseFile } from '../../../db/caseFileRepository';
import { useRepositories } from '../../../db/RepositoryContext';
import {
  FormFooter,
  ReadItem,
  ReadList,
  textOrEmpty,
  useDateText,
  useDraftForm,
  useSectionEditing,
  type SaveOutcome,
} from '../../../ui/sectionParts';
import { ChoiceField } from '../../../ui/fields';
import { DecisionPanel, decisionColours } from './DecisionPanel';
import { EquipmentPanel } from './EquipmentPanel';
import { FundingPanel } from './FundingPanel';
import { NoticeAlert, statusNotice, type Notice, type NoticeText } from '../../../ui/Notice';
import { projectOutcome } from './projectOutcome';

/**
 * *Projets générateurs de revenus* on the case file: each project with its description, its
 * equipment lines and budget, its funding shares and whether they cover the budget, and the
 * committee's decision. A person may have several projects; *Ajouter un projet* opens an empty one.
 */
export function IncomeProjectSection({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const { incomeProjects } = useRepositories();
  const headingId = useId();
  // The form's open/close and the focus back on *Ajouter un projet* (its message is ours: it
  // follows a change of language).
  const { isEditing: isAdding, editButton: addButton, open: startAdding, close } = useSectionEditing();
  const [notice, setNotice] = useState<Notice | null>(null);
  const closeAdding = (message: NoticeText | null) => {
    close(null);
    setNotice(message === null ? null : statusNotice(message));
  };
  const orientation = file.diagnostic?.orientation ?? '';

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid="section-agr">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4}>
            <Title order={3} id={headingId}>
              {t('agr.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('agr.description')}
            </Text>
          </Stack>
          {!isAdding && (
            <Button
              variant="default"
              ref={addButton}
              onClick={() => {
                setNotice(null);
                startAdding();
              }}
            >
              {t('agr.add')}
            </Button>
          )}
        </Group>
        {orientation !== '' && orientation !== 'agr' && (
          <Text size="sm" c="dimmed">
            {t('agr.notAgr')}
          </Text>
        )}
        <NoticeAlert
          notice={notice}
          onClose={() => {
            setNotice(null);
          }}
        />
        {isAdding && (
          <ProjectForm
            formLabel={t('agr.addForm')}
            submitLabel={t('agr.saveNew')}
            defaults={emptyIncomeProjectDraft}
            save={async (draft) => (await incomeProjects.create(file.beneficiary.id, draft)) !== undefined}
            onSaved={(draft) => {
              closeAdding((tr) => tr('agr.created', { title: draft.title }));
            }}
            onCancel={() => {
              closeAdding(null);
            }}
          />
        )}
        {file.incomeProjects.length === 0 && !isAdding ? (
          <Text size="sm" c="dimmed" data-testid="agr-empty">
            {t('agr.empty')}
          </Text>
        ) : (
          file.incomeProjects.map((project) => <ProjectCard key={project.id} file={file} project={project} />)
        )}
      </Stack>
    </Paper>
  );
}

function ProjectCard({ file, project }: { file: CaseFile; project: IncomeProject }) {
  const { t } = useTranslation();
  const dateText = useDateText();
  const { incomeProjects } = useRepositories();
  const headingId = useId();
  const { isEditing, editButton, open: startEditing, close: closeForm } = useSectionEditing();
  const [notice, setNotice] = useState<Notice | null>(null);
  const close = (message: NoticeText | null) => {
    closeForm(null);
    setNotice(message === null ? null : statusNotice(message));
  };
  const lines = file.equipmentLines.filter((line) => line.projectId === project.id);
  const receipt = currentReceipts(file.handoverReceipts.filter((item) => item.projectId === project.id))[0];
  const shares = file.fundingShares.filter((share) => share.projectId === project.id);
  // Signed: read-only here; the equipment changes only through a new version of the PV.
  const isLocked = receipt !== undefined;
  const sectorName =
    project.sector === 'autre' && project.sectorOther !== ''
      ? project.sectorOther
      : project.sector === ''
        ? ''
        : t(`agr.sector.${project.sector}`);

  return (
    <Paper withBorder p="md" radius="sm" component="article" aria-labelledby={headingId} data-testid="agr-project">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm">
            <Title order={4} id={headingId}>
              {t('agr.projectHeading', { title: project.title })}
            </Title>
            {sectorName !== '' && (
              <Badge variant="outline" color="gray.8" tt="none">
                {sectorName}
              </Badge>
            )}
            {project.decision !== '' && (
              <Badge color={decisionColours[project.decision]} variant="filled" tt="none">
                {t(`agr.decisionValue.${project.decision}`)}
              </Badge>
            )}
          </Group>
          {!isEditing && !isLocked && (
            <Button
              variant="default"
              size="xs"
              ref={editButton}
              aria-label={t('agr.edit', { title: project.title })}
              onClick={() => {
                setNotice(null);
                startEditing();
              }}
            >
              {t('sections.common.edit')}
            </Button>
          )}
        </Group>
        {receipt && (
          <Text size="sm" fw={600} c="teal.9" data-testid="agr-handover">
            {receipt.version > 1
              ? t('agr.handedOverVersion', { date: dateText(receipt.signedOn), version: receipt.version })
              : t('agr.handedOver', { date: dateText(receipt.signedOn) })}
          </Text>
        )}
        {receipt && (
          <Text size="sm" c="dimmed" data-testid="agr-locked">
            {t('agr.signedLock', { date: dateText(receipt.signedOn) })}
          </Text>
        )}
        <NoticeAlert
          notice={notice}
          onClose={() => {
            setNotice(null);
          }}
        />
        {isEditing ? (
          <ProjectForm
            formLabel={t('agr.editForm', { title: project.title })}
            submitLabel={t('sections.common.save')}
            defaults={{
              title: project.title,
              sector: project.sector === '' ? emptyIncomeProjectDraft.sector : project.sector,
              sectorOther: project.sectorOther,
              activity: project.activity,
              place: project.place,
              marketJustification: project.marketJustification,
            }}
            save={async (draft) => projectOutcome(await incomeProjects.update(project.id, draft))}
            onSaved={(draft) => {
              close((tr) => tr('agr.updated', { title: draft.title }));
            }}
            onCancel={() => {
              close(null);
            }}
          />
        ) : (
          <ReadList>
            <ReadItem label={t('agr.fields.activity')} value={textOrEmpty(project.activity)} />
            <ReadItem label={t('agr.fields.place')} value={textOrEmpty(project.place)} />
            <ReadItem
              label={t('agr.fields.marketJustification')}
              value={textOrEmpty(project.marketJustification)}
              wide
            />
          </ReadList>
        )}
        <Divider />
        <EquipmentPanel project={project} lines={lines} isLocked={isLocked} />
        <Divider />
        <FundingPanel project={project} lines={lines} shares={shares} isLocked={isLocked} />
        <Divider />
        <DecisionPanel project={project} lines={lines} stage={currentStage(file.beneficiary)} isLocked={isLocked} />
      </Stack>
    </Paper>
  );
}

function ProjectForm({
  formLabel,
  submitLabel,
  defaults,
  save,
  onSaved,
  onCancel,
}: {
  formLabel: string;
  submitLabel: string;
  defaults: IncomeProjectDraftInput;
  save: (draft: IncomeProjectDraft) => Promise<SaveOutcome>;
  onSaved: (draft: IncomeProjectDraft) => void;
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
  } = useDraftForm<IncomeProjectDraftInput, IncomeProjectDraft>({
    resolver: zodResolver(incomeProjectDraftSchema),
    defaults,
    firstField: 'title',
    // The sector in words only means something for *autre*.
    save: (draft) => save({ ...draft, sectorOther: draft.sector === 'autre' ? draft.sectorOther : '' }),
    onSaved: (draft) => {
      onSaved({ ...draft, sectorOther: draft.sector === 'autre' ? draft.sectorOther : '' });
    },
  });
  const sector = useWatch({ control, name: 'sector' });
  return (
    <form noValidate aria-label={formLabel} onSubmit={onSubmit}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('agr.fields.title')}
            withAsterisk
            autoComplete="off"
            {...register('title')}
            error={message(errors.title?.message)}
          />
          <ChoiceField
            control={control}
            name="sector"
            label={t('agr.fields.sector')}
            data={sectors.map((value) => ({ value, label: t(`agr.sector.${value}`) }))}
            error={message(errors.sector?.message)}
            isRequired
          />
          {sector === 'autre' && (
            <TextInput
              label={t('agr.fields.sectorOther')}
              withAsterisk
              autoComplete="off"
              {...register('sectorOther')}
              error={message(errors.sectorOther?.message)}
            />
          )}
          <TextInput
            label={t('agr.fields.place')}
            autoComplete="off"
            {...register('place')}
            error={message(errors.place?.message)}
          />
        </SimpleGrid>
        <Textarea
          label={t('agr.fields.activity')}
          autosize
          minRows={2}
          maxRows={6}
          {...register('activity')}
          error={message(errors.activity?.message)}
        />
        <Textarea
          label={t('agr.fields.marketJustification')}
          autosize
          minRows={2}
          maxRows={8}
          {...register('marketJustification')}
          error={message(errors.marketJustification?.message)}
        />
        <FormFooter saveError={saveError} isSubmitting={isSubmitting} onCancel={onCancel} saveLabel={submitLabel} />
      </Stack>
    </form>
  );
}
