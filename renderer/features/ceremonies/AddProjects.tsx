import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Group, List, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { sumCentimes, formatAmount, formatMoney } from '../../../shared/money/money';
import type { CeremonyCandidate, CeremonyRefusal } from '../../db/ceremonyRepository';
import { useRepositories } from '../../db/RepositoryContext';
import { formatNumber } from '../../i18n/format';
import { useLanguage } from '../../ui/useLanguage';
import { personName } from './ceremonyModel';

/**
 * The approved projects that can join the list: each with its beneficiary and planned value, chosen
 * one by one or all at once, with the value of the choice. Approved projects whose file is not yet
 * at *mise en œuvre* or *remise* are listed apart, with the stage their file is at.
 */
export function AddProjects({
  ceremonyId,
  onDone,
  onRefused,
  onFailed,
}: {
  ceremonyId: string;
  onDone: (added: number) => void;
  onRefused: (refusal: CeremonyRefusal) => void;
  onFailed: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { ceremonies } = useRepositories();
  const [candidates, setCandidates] = useState<{ ready: CeremonyCandidate[]; waiting: CeremonyCandidate[] } | null>(
    null,
  );
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [isSaving, setSaving] = useState(false);
  const headingId = useId();
  useEffect(() => {
    let isCurrent = true;
    void ceremonies.candidates(ceremonyId).then((found) => {
      if (isCurrent) setCandidates(found);
    });
    return () => {
      isCurrent = false;
    };
  }, [ceremonies, ceremonyId]);

  const ready = candidates?.ready ?? [];
  const waiting = candidates?.waiting ?? [];
  const isAllChosen = ready.length > 0 && ready.every(({ project }) => chosen.has(project.id));
  const isSomeChosen = ready.some(({ project }) => chosen.has(project.id));
  const chosenValue = sumCentimes(
    ready.filter(({ project }) => chosen.has(project.id)).map((candidate) => candidate.valueCentimes),
  );
  const choose = (projectId: string, isChosen: boolean) => {
    const next = new Set(chosen);
    if (isChosen) next.add(projectId);
    else next.delete(projectId);
    setChosen(next);
  };

  const add = async () => {
    setSaving(true);
    try {
      const result = await ceremonies.addProjects(ceremonyId, [...chosen]);
      if (result.ok) onDone(result.value);
      else onRefused(result.error);
    } catch (error) {
      onFailed(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId} data-testid="ceremony-candidates">
      <Stack gap="xs">
        <Title order={4} id={headingId}>
          {t('ceremonies.lines.addTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('ceremonies.lines.addHint')}
        </Text>
        {candidates === null ? (
          <Loader size="sm" />
        ) : ready.length === 0 ? (
          <Text size="sm">{t('ceremonies.lines.noCandidates')}</Text>
        ) : (
          <Table verticalSpacing={4} aria-label={t('ceremonies.lines.addTitle')} data-testid="candidates-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox
                    aria-label={t('ceremonies.lines.chooseAll')}
                    checked={isAllChosen}
                    indeterminate={isSomeChosen && !isAllChosen}
                    onChange={(event) => {
                      setChosen(
                        event.currentTarget.checked ? new Set(ready.map(({ project }) => project.id)) : new Set(),
                      );
                    }}
                  />
                </Table.Th>
                <Table.Th>{t('ceremonies.lines.columns.beneficiary')}</Table.Th>
                <Table.Th>{t('ceremonies.lines.columns.project')}</Table.Th>
                <Table.Th ta="end">{t('ceremonies.lines.columns.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ready.map(({ project, beneficiary, valueCentimes }) => (
                <Table.Tr key={project.id} data-testid="candidate">
                  <Table.Td>
                    <Checkbox
                      aria-label={t('ceremonies.lines.choose', {
                        title: project.title,
                        name: personName(beneficiary, language),
                      })}
                      checked={chosen.has(project.id)}
                      onChange={(event) => {
                        choose(project.id, event.currentTarget.checked);
                      }}
                    />
                  </Table.Td>
                  <Table.Td>{personName(beneficiary, language)}</Table.Td>
                  <Table.Td>{project.title}</Table.Td>
                  <Table.Td ta="end" data-testid="candidate-value">
                    {formatAmount(valueCentimes, language)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {ready.length > 0 && (
          <Text size="sm" fw={600} data-testid="candidates-chosen-total">
            {t('ceremonies.lines.chosenTotal', { amount: formatMoney(chosenValue, language) })}
          </Text>
        )}
        {waiting.length > 0 && (
          <Stack gap={4} data-testid="candidates-waiting">
            <Title order={5}>{t('ceremonies.lines.waitingTitle')}</Title>
            <Text size="sm" c="dimmed">
              {t('ceremonies.lines.waitingHint')}
            </Text>
            <List size="sm">
              {waiting.map(({ project, beneficiary, stage }) => (
                <List.Item key={project.id}>
                  {t('ceremonies.lines.waitingItem', {
                    name: personName(beneficiary, language),
                    title: project.title,
                    stage: t(`casefile.stage.${stage}`),
                  })}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              onDone(0);
            }}
          >
            {t('sections.common.cancel')}
          </Button>
          <Button disabled={chosen.size === 0} loading={isSaving} onClick={() => void add()}>
            {t('ceremonies.lines.addChosen', { count: chosen.size, formatted: formatNumber(chosen.size, language) })}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
