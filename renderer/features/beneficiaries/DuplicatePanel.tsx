import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Group, Paper, Radio, Stack, Text } from '@mantine/core';
import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import type { DuplicateDecisionKind } from '../../../shared/beneficiary/duplicateDecision';
import { displayPhone } from '../../../shared/beneficiary/phone';
import type { DuplicateCandidate } from '../../../shared/search/duplicates';
import { formatDate } from '../../i18n/format';
import { useLanguage } from '../../ui/useLanguage';
import { arabicListName, latinName } from '../../../shared/beneficiary/displayName';

export type ShownCandidate = DuplicateCandidate & { beneficiary: Beneficiary };

/**
 * The possible duplicates of the person being saved, each with *Ouvrir* (drop this entry and
 * show that person) and a required choice: another person, or the same one (to merge later).
 */
export function DuplicatePanel({
  candidates,
  decisions,
  decisionMissingCount,
  onDecide,
  onOpen,
}: {
  candidates: readonly ShownCandidate[];
  decisions: Readonly<Record<string, DuplicateDecisionKind>>;
  /** How many times saving was refused for an undecided person (0: never): each takes focus there. */
  decisionMissingCount: number;
  onDecide: (id: string, decision: DuplicateDecisionKind) => void;
  onOpen: (beneficiary: Beneficiary) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const panel = useRef<HTMLDivElement>(null);
  // It appears below the fields, where the counsellor pressed *Enregistrer*: brought into view
  // and focused, so it is seen (and announced) rather than missed.
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'start' });
    panel.current?.focus();
  }, []);
  const isDecisionMissing = decisionMissingCount > 0;
  // *Enregistrer* pressed with a person undecided: focus goes to that person's choice, whose
  // message ("Choisissez…") is then read, instead of staying on *Enregistrer* with nothing said.
  useEffect(() => {
    if (decisionMissingCount === 0) return;
    panel.current?.querySelector<HTMLInputElement>('[data-undecided] input[type="radio"]')?.focus();
  }, [decisionMissingCount]);
  return (
    <Alert
      ref={panel}
      tabIndex={-1}
      // Focused when it appears, which reads it: as Mantine's default role="alert" it was read twice.
      role="group"
      aria-label={t('duplicates.title')}
      color="orange"
      title={t('duplicates.title')}
      data-testid="duplicate-panel"
      // Orange text on the light orange background is below WCAG contrast: the title in body text.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Stack gap="sm">
        <Text size="sm">{t('duplicates.intro')}</Text>
        {candidates.map(({ id, reasons, beneficiary: b }) => {
          const latin = latinName(b);
          const arabic = arabicListName(b);
          return (
            <Paper
              key={id}
              withBorder
              p="sm"
              data-testid="duplicate-candidate"
              data-id={id}
              data-undecided={decisions[id] === undefined || undefined}
            >
              <Stack gap={6}>
                <Group justify="space-between" wrap="wrap">
                  <Stack gap={0}>
                    <Text fw={600}>
                      <span dir="ltr" lang="fr">
                        {latin}
                      </span>
                      {arabic && (
                        <>
                          {' · '}
                          <span dir="rtl" lang="ar">
                            {arabic}
                          </span>
                        </>
                      )}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t('duplicates.bornOn', {
                        context: b.sex === 'F' ? 'female' : 'male',
                        date: formatDate(b.dateOfBirth, language),
                      })}
                      {[b.cin, ...[b.phone, b.phoneOther].map((phone) => (phone ? displayPhone(phone) : ''))]
                        .filter((text) => text !== '')
                        .map((text) => (
                          <span key={text}>
                            {' · '}
                            <span dir="ltr">{text}</span>
                          </span>
                        ))}
                    </Text>
                  </Stack>
                  <Button
                    variant="default"
                    size="xs"
                    title={t('duplicates.openHint')}
                    onClick={() => {
                      onOpen(b);
                    }}
                  >
                    {t('duplicates.open')}
                  </Button>
                </Group>
                <Group gap={6}>
                  {reasons.map((reason) => (
                    <Badge key={reason} color="orange" variant="dot">
                      {t(`duplicates.reasons.${reason}`)}
                    </Badge>
                  ))}
                </Group>
                <Radio.Group
                  label={t('duplicates.choiceLabel', { name: language === 'ar' && arabic ? arabic : latin })}
                  value={decisions[id] ?? null}
                  onChange={(value) => {
                    if (value === 'distinct' || value === 'mergeLater') onDecide(id, value);
                  }}
                  error={
                    isDecisionMissing && decisions[id] === undefined ? t('duplicates.decisionRequired') : undefined
                  }
                >
                  <Group mt={4}>
                    <Radio value="distinct" label={t('duplicates.distinct')} />
                    <Radio value="mergeLater" label={t('duplicates.mergeLater')} />
                  </Group>
                </Radio.Group>
              </Stack>
            </Paper>
          );
        })}
      </Stack>
    </Alert>
  );
}
