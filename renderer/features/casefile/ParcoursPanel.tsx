import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { fileFacts } from '../../../shared/parcours/facts';
import {
  closureReasons,
  nextStage,
  previousStage,
  requirementsToEnter,
  stages,
  type ClosureReason,
  type MoveRefusal,
  type OpenStage,
  type Stage,
  type StageMove,
} from '../../../shared/parcours/parcours';
import { closedFromOf, lastClosing } from '../../../shared/parcours/stageChange';
import type { CaseFile } from '../../db/caseFileRepository';
import { stageOf } from '../../db/caseFileRepository';
import { useRepositories } from '../../db/RepositoryContext';
import { useFocusWhenLost } from '../../ui/focus';

type Pending = { kind: 'back'; to: OpenStage } | { kind: 'close' } | { kind: 'reopen'; to: OpenStage };

/**
 * Where the file stands in the parcours and the moves open from there (shared/parcours): forward
 * when what the next stage needs is filled (what is missing is listed beforehand, and again if
 * the move is refused), back or reopen with a comment, closing with a reason. The repository
 * checks the rules again with the records as stored, so a stale screen cannot skip them.
 */
export function ParcoursPanel({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const { caseFiles } = useRepositories();
  const [pending, setPending] = useState<Pending | null>(null);
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState<ClosureReason | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  // The move's form (or the button of the stage just reached) leaves the page with focus: the
  // outcome takes it.
  const doneNote = useFocusWhenLost<HTMLDivElement>(done);
  const problemNote = useFocusWhenLost<HTMLDivElement>(problem);

  const facts = fileFacts(file);
  const current = stageOf(file.beneficiary);
  const orientation = facts.diagnosticOrientation;
  const next = nextStage(current, orientation);
  const previous = current === 'cloture' ? null : previousStage(current, orientation);
  const closing = lastClosing(file.stageChanges);
  const closedFrom = current === 'cloture' ? closedFromOf(file.stageChanges) : null;
  const missing = next ? requirementsToEnter(next, facts) : [];
  const stageName = (stage: Stage) => t(`casefile.stage.${stage}`);
  // *Remise* is only for income-generating projects: with another orientation it is skipped.
  const isSkipped = (stage: Stage) => stage === 'remise' && orientation !== null && orientation !== 'agr';

  const refusalText = (refusal: MoveRefusal | 'notFound', to: Stage): string => {
    if (refusal === 'notFound') return t('casefile.notFound');
    switch (refusal.kind) {
      case 'missing':
        return `${t('casefile.parcours.refusedMissing', { stage: stageName(to) })} ${refusal.requirements
          .map((requirement) => t(`casefile.parcours.missing.${requirement}`))
          .join(' ; ')}`;
      case 'commentRequired':
        return t('casefile.parcours.commentRequired');
      case 'closureReasonRequired':
        return t('casefile.parcours.reasonRequired');
      case 'notAllowed':
        return t('casefile.parcours.notAllowed');
    }
  };

  const run = async (move: StageMove) => {
    const to = move.kind === 'close' ? 'cloture' : move.to;
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const result = await caseFiles.move(file.beneficiary.id, move);
      if (result.ok) {
        setPending(null);
        setComment('');
        setReason(null);
        setDone(t('casefile.parcours.moved', { stage: stageName(to) }));
      } else setProblem(refusalText(result.error, to));
    } catch {
      setProblem(t('casefile.parcours.saveFailed'));
    } finally {
      setBusy(false);
    }
  };

  const open = (next: Pending) => {
    setPending(next);
    setComment('');
    setReason(null);
    setProblem(null);
    setDone(null);
  };

  const confirmPending = () => {
    if (!pending) return;
    if (pending.kind === 'close') void run({ kind: 'close', reason, comment });
    else void run({ kind: pending.kind, to: pending.to, comment });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="parcours-title" data-testid="parcours-panel">
      <Stack gap="sm">
        <Title order={3} id="parcours-title">
          {t('casefile.parcours.title')}
        </Title>
        <Group
          gap={6}
          component="ol"
          aria-label={t('casefile.parcours.stagesLabel')}
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {stages.map((stage) => (
            <li key={stage} aria-current={stage === current ? 'step' : undefined}>
              <Badge
                variant={stage === current ? 'filled' : 'default'}
                color={stage === current ? 'teal.9' : undefined}
                c={stage === current ? undefined : isSkipped(stage) ? 'gray.7' : 'dark.7'}
                td={isSkipped(stage) ? 'line-through' : undefined}
                tt="none"
                size="lg"
                radius="sm"
              >
                {stageName(stage)}
                {isSkipped(stage) && <VisuallyHidden>{` (${t('casefile.parcours.skipped')})`}</VisuallyHidden>}
              </Badge>
            </li>
          ))}
        </Group>

        {current === 'cloture' && closing && (
          <Text>
            {t('casefile.parcours.closed', {
              reason: closing.reason === '' ? '—' : t(`casefile.closureReason.${closing.reason}`),
            })}
          </Text>
        )}

        {next && (
          <Stack gap={4} data-testid="parcours-next">
            {missing.length > 0 ? (
              <>
                <Text size="sm" id="parcours-missing">
                  {t('casefile.parcours.missingBefore', { stage: stageName(next) })}
                </Text>
                <List size="sm" data-testid="parcours-missing">
                  {missing.map((requirement) => (
                    <List.Item key={requirement}>{t(`casefile.parcours.missing.${requirement}`)}</List.Item>
                  ))}
                </List>
              </>
            ) : (
              <Text size="sm">{t('casefile.parcours.readyFor', { stage: stageName(next) })}</Text>
            )}
          </Stack>
        )}
        {current === 'suivi' && <Text size="sm">{t('casefile.parcours.lastStage')}</Text>}

        <Group gap="sm">
          {next && (
            <Button
              loading={isBusy && pending === null}
              aria-describedby={missing.length > 0 ? 'parcours-missing' : undefined}
              onClick={() => {
                setPending(null);
                void run({ kind: 'forward', to: next });
              }}
            >
              {t('casefile.parcours.next', { stage: stageName(next) })}
            </Button>
          )}
          {previous && (
            <Button
              variant="default"
              onClick={() => {
                open({ kind: 'back', to: previous });
              }}
            >
              {t('casefile.parcours.back', { stage: stageName(previous) })}
            </Button>
          )}
          {current !== 'cloture' && (
            <Button
              variant="default"
              color="red"
              onClick={() => {
                open({ kind: 'close' });
              }}
            >
              {t('casefile.parcours.close')}
            </Button>
          )}
          {closedFrom && (
            <Button
              variant="default"
              onClick={() => {
                open({ kind: 'reopen', to: closedFrom });
              }}
            >
              {t('casefile.parcours.reopen', { stage: stageName(closedFrom) })}
            </Button>
          )}
        </Group>

        {pending && (
          <Paper withBorder p="sm" bg="gray.0" data-testid="parcours-move-form">
            <form
              onSubmit={(event) => {
                event.preventDefault();
                confirmPending();
              }}
            >
              <Stack gap="sm">
                <Text fw={600}>
                  {pending.kind === 'close'
                    ? t('casefile.parcours.close')
                    : pending.kind === 'back'
                      ? t('casefile.parcours.back', { stage: stageName(pending.to) })
                      : t('casefile.parcours.reopen', { stage: stageName(pending.to) })}
                </Text>
                {pending.kind === 'close' && (
                  <Select
                    label={t('casefile.parcours.reason')}
                    withAsterisk
                    data={closureReasons.map((value) => ({ value, label: t(`casefile.closureReason.${value}`) }))}
                    value={reason}
                    onChange={(value) => {
                      setReason(value as ClosureReason | null);
                    }}
                    comboboxProps={{ withinPortal: true }}
                  />
                )}
                <Textarea
                  label={
                    pending.kind === 'close' && reason === 'transfert'
                      ? t('casefile.parcours.transferComment')
                      : t('casefile.parcours.comment')
                  }
                  withAsterisk={pending.kind !== 'close' || reason === 'transfert'}
                  autosize
                  minRows={2}
                  maxLength={1000}
                  value={comment}
                  onChange={(event) => {
                    setComment(event.currentTarget.value);
                  }}
                />
                <Group gap="sm">
                  <Button type="submit" loading={isBusy}>
                    {t('casefile.parcours.confirm')}
                  </Button>
                  <Button
                    variant="default"
                    onClick={() => {
                      setPending(null);
                      setProblem(null);
                    }}
                  >
                    {t('casefile.parcours.cancel')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        )}
        {problem && (
          <Alert color="red" role="alert" data-testid="parcours-problem" ref={problemNote} tabIndex={-1}>
            {problem}
          </Alert>
        )}
        {done && (
          <Alert color="teal" role="status" ref={doneNote} tabIndex={-1}>
            {done}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
