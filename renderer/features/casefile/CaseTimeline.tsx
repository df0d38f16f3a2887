import { useTranslation } from 'react-i18next';
import { Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import type { Stage } from '../../../shared/parcours/parcours';
import type { CaseFile } from '../../db/caseFileRepository';
import { formatDate, formatInstant } from '../../i18n/format';
import { useLanguage } from '../../ui/useLanguage';

/** One line of the timeline: when (an instant of a PC clock, or a calendar day), what, by whom. */
type TimelineEvent = {
  readonly key: string;
  /** Sort key: ISO instant, or a calendar day (sorted as its start). */
  readonly at: string;
  readonly isDay: boolean;
  readonly title: string;
  readonly by?: string;
  readonly detail?: string;
};

/**
 * Everything that happened to the file, newest first: admission, each parcours move (who, when,
 * from, to, comment, reason), the diagnostic, the life project and its actions, consent, the
 * release, the income-generating projects and their committee decisions, the duplicate decisions — and the detention record for those who may see it (the page
 * passes it only then). Instants are the writing PC's clock: shown, never trusted for merging.
 */
export function CaseTimeline({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const stage = (value: Stage) => t(`casefile.stage.${value}`);
  const { beneficiary } = file;
  const events: TimelineEvent[] = [
    {
      key: 'admission',
      at: beneficiary.createdAt,
      isDay: false,
      title: t('casefile.timeline.admission'),
      ...(beneficiary.followedByName ? { by: beneficiary.followedByName } : {}),
    },
  ];
  if (beneficiary.releaseDate)
    events.push({ key: 'release', at: beneficiary.releaseDate, isDay: true, title: t('casefile.timeline.release') });
  const { admission } = file;
  if (admission?.consentDate && admission.consentCollectedBy)
    events.push({
      key: 'consent',
      at: admission.consentDate,
      isDay: true,
      title: t('casefile.timeline.consent', { by: admission.consentCollectedBy }),
      ...(admission.consentPurpose ? { detail: admission.consentPurpose } : {}),
    });
  for (const change of file.stageChanges) {
    const title =
      change.kind === 'forward'
        ? t('casefile.timeline.moveForward', { from: stage(change.from), to: stage(change.to) })
        : change.kind === 'back'
          ? t('casefile.timeline.moveBack', { from: stage(change.from), to: stage(change.to) })
          : change.kind === 'close'
            ? t('casefile.timeline.moveClose', {
                reason: change.reason === '' ? '—' : t(`casefile.closureReason.${change.reason}`),
              })
            : t('casefile.timeline.moveReopen', { to: stage(change.to) });
    events.push({
      key: change.id,
      at: change.at,
      isDay: false,
      title,
      ...(change.byName ? { by: change.byName } : {}),
      ...(change.comment ? { detail: change.comment } : {}),
    });
  }
  if (file.diagnostic)
    events.push({
      key: 'diagnostic',
      at: file.diagnostic.updatedAt,
      isDay: false,
      title:
        file.diagnostic.orientation === ''
          ? t('casefile.timeline.diagnostic')
          : t('casefile.timeline.diagnosticOrientation', {
              orientation: t(`casefile.orientation.${file.diagnostic.orientation}`),
            }),
    });
  if (file.lifeProject) {
    events.push({
      key: 'lifeProject',
      at: file.lifeProject.updatedAt,
      isDay: false,
      title: t('casefile.timeline.lifeProject'),
    });
    if (file.lifeProject.validatedOn !== '')
      events.push({
        key: 'lifeProjectValidated',
        at: file.lifeProject.validatedOn,
        isDay: true,
        title: t('casefile.timeline.lifeProjectValidated', { by: file.lifeProject.validatedBy }),
      });
  }
  for (const action of file.actions)
    events.push({
      key: action.id,
      at: action.createdAt,
      isDay: false,
      title: t('casefile.timeline.action', {
        description: action.description,
        deadline: formatDate(action.deadline, language),
      }),
      detail: `${action.responsible} · ${t(`casefile.actionStatus.${action.status}`)}`,
    });
  for (const project of file.incomeProjects) {
    events.push({
      key: project.id,
      at: project.createdAt,
      isDay: false,
      title: t('agr.timeline.created', { title: project.title }),
    });
    if (project.decision !== '' && project.decisionDate !== '')
      events.push({
        key: `${project.id}-decision`,
        at: project.decisionDate,
        isDay: true,
        title: t('agr.timeline.decision', {
          title: project.title,
          decision: t(`agr.decisionValue.${project.decision}`),
          committee: project.committee,
        }),
        ...(project.decisionReference ? { detail: project.decisionReference } : {}),
      });
  }
  for (const receipt of file.handoverReceipts)
    events.push({
      key: receipt.id,
      at: receipt.signedOn,
      isDay: true,
      title:
        receipt.version > 1
          ? t('agr.timeline.receiptCorrected', { title: receipt.projectTitle, version: receipt.version })
          : t('agr.timeline.receiptSigned', { title: receipt.projectTitle }),
      by: receipt.counsellorName,
      ...(receipt.correctionReason ? { detail: receipt.correctionReason } : {}),
    });
  for (const decision of file.decisions)
    events.push({
      key: decision.id,
      at: decision.decidedAt,
      isDay: false,
      title: t('casefile.timeline.duplicate', {
        decision: decision.decision === 'distinct' ? t('duplicates.distinct') : t('duplicates.mergeLater'),
      }),
    });
  if (file.detention)
    events.push({
      key: 'detention',
      at: file.detention.updatedAt,
      isDay: false,
      title: t('casefile.timeline.detention'),
    });

  // Newest first; a calendar day sorts as its start, so an event of that day's instants comes first.
  events.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? 1 : -1));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="timeline-title" data-testid="case-timeline">
      <Stack gap="sm">
        <Title order={3} id="timeline-title">
          {t('casefile.timeline.title')}
        </Title>
        <Timeline bulletSize={14} lineWidth={2} active={events.length}>
          {events.map((event) => (
            <Timeline.Item key={event.key} title={event.title}>
              <Text size="sm" c="dimmed">
                {event.isDay ? formatDate(event.at, language) : formatInstant(event.at, language)}
                {event.by ? ` · ${t('casefile.timeline.by', { name: event.by })}` : ''}
              </Text>
              {event.detail && <Text size="sm">{event.detail}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Paper>
  );
}
