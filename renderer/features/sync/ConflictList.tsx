import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Language } from '../../../shared/i18n/language';
import type { JsonValue } from '../../../shared/sync/merge';
import { formatInstant } from '../../i18n/format';
import type { ConflictChoice, LocalConflict } from '../../sync/types';
import { statusNotice, type Notice } from '../../ui/Notice';
import { SyncSection } from './SyncSection';
import {
  conflictEditKind,
  conflictSides,
  deleteVsEditMessage,
  displayValue,
  fieldLabel,
  parseConflictValue,
  tableLabel,
  type ConflictSide,
} from './syncModel';
import type { TranslationKey } from '../../i18n/resources';

type Resolve = (key: string, choice: ConflictChoice) => Promise<void>;

/** The text a person edits: the value they see, as typed in the form. */
function editableText(value: JsonValue): string {
  return typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value);
}

function SidePanel({ side, conflict, language }: { side: ConflictSide; conflict: LocalConflict; language: Language }) {
  const { t } = useTranslation();
  const value = displayValue(conflict.table, conflict.field, side.value, language, t);
  return (
    <Stack
      gap={2}
      p="sm"
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 'var(--mantine-radius-sm)' }}
      data-side={side.side}
      data-testid="conflict-side"
      data-role={side.titleKey.slice('sync.review.'.length)}
    >
      <Text size="sm" fw={700}>
        {t(side.titleKey)}
      </Text>
      <Text size="lg" fw={600} data-testid="conflict-value" style={{ overflowWrap: 'anywhere' }}>
        <bdi>{value}</bdi>
      </Text>
      <Text size="sm">
        {t('sync.review.by', {
          name: conflict.masarSide === side.side ? t('sync.review.masar') : (side.by ?? t('sync.review.unknownPerson')),
        })}
      </Text>
      <Text size="sm" c="dimmed">
        {t('sync.review.at', { date: formatInstant(new Date(side.at).toISOString(), language) })}
      </Text>
    </Stack>
  );
}

/** *Modifier*: a third value, checked with the field's shared schema before it is written. */
function ValueEditor({
  conflict,
  kind,
  label,
  isBusy,
  onSave,
  onCancel,
}: {
  conflict: LocalConflict;
  kind: 'text' | 'date' | 'sex';
  label: string;
  isBusy: boolean;
  onSave: (value: JsonValue) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const initial = conflict.mine === 'losing' ? conflict.losingValue : conflict.winningValue;
  const [text, setText] = useState(editableText(initial));
  const [errorKey, setErrorKey] = useState<TranslationKey | null>(null);
  const submit = () => {
    const parsed = parseConflictValue(conflict.table, conflict.field, text);
    if (parsed.ok) {
      setErrorKey(null);
      onSave(parsed.value);
    } else setErrorKey(parsed.messageKey);
  };
  const error = errorKey === null ? undefined : t(errorKey);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="xs">
        {kind === 'sex' ? (
          <Select
            label={label}
            data={[
              { value: 'F', label: t('form.sexF') },
              { value: 'M', label: t('form.sexM') },
            ]}
            value={text === '' ? null : text}
            onChange={(value) => {
              setText(value ?? '');
            }}
            allowDeselect={false}
            error={error}
            comboboxProps={{ withinPortal: true }}
            data-autofocus
          />
        ) : (
          <TextInput
            label={label}
            type={kind}
            dir={
              conflict.field.endsWith('Arabic')
                ? 'rtl'
                : conflict.field.endsWith('Latin') || conflict.field === 'cin'
                  ? 'ltr'
                  : undefined
            }
            value={text}
            onChange={(event) => {
              setText(event.currentTarget.value);
            }}
            error={error}
            autoComplete="off"
            data-autofocus
          />
        )}
        <Group gap="sm">
          <Button type="submit" size="xs" loading={isBusy}>
            {t('sync.review.save')}
          </Button>
          <Button variant="default" size="xs" onClick={onCancel} disabled={isBusy}>
            {t('sync.review.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ConflictCard({
  conflict,
  language,
  onResolve,
}: {
  conflict: LocalConflict;
  language: Language;
  onResolve: (choice: ConflictChoice) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [isEditing, setEditing] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const field = fieldLabel(conflict.table, conflict.field, t);
  const editKind = conflictEditKind(conflict);
  const choose = async (choice: ConflictChoice) => {
    setBusy(true);
    const ok = await onResolve(choice);
    // A settled conflict leaves the live list; the card only stays (and needs its state) on failure.
    if (!ok) setBusy(false);
  };
  const actionsLabel = t('sync.review.actionsLabel', { field, record: conflict.recordLabel });
  return (
    <Card
      withBorder
      component="article"
      aria-labelledby={headingId}
      data-testid="conflict"
      data-key={conflict.key}
      data-kind={conflict.kind}
      data-field={conflict.field}
    >
      <Stack gap="sm">
        <div>
          <Title order={3} fz="md" id={headingId}>
            <bdi>{conflict.recordLabel}</bdi>
          </Title>
          <Text size="sm" c="dimmed">
            {tableLabel(conflict.table, t)} · {t('sync.review.field', { field })}
          </Text>
        </div>
        {conflict.masarSide !== null && (
          <Text size="sm" data-testid="conflict-by-masar">
            {t('sync.review.byMasar')}
          </Text>
        )}
        {conflict.kind === 'deleteVsEdit' ? (
          <Text>
            {(() => {
              const message = deleteVsEditMessage(conflict, language, t);
              return t(message.key, message.values);
            })()}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {conflictSides(conflict).map((side) => (
              <SidePanel key={side.side} side={side} conflict={conflict} language={language} />
            ))}
          </SimpleGrid>
        )}
        {isEditing && editKind !== null ? (
          <ValueEditor
            conflict={conflict}
            kind={editKind}
            label={t('sync.review.editLabel', { field })}
            isBusy={isBusy}
            onSave={(value) => void choose({ kind: 'value', value })}
            onCancel={() => {
              setEditing(false);
            }}
          />
        ) : (
          <Group gap="sm" role="group" aria-label={actionsLabel}>
            {conflict.kind === 'deleteVsEdit' ? (
              <>
                <Button size="xs" variant="default" disabled={isBusy} onClick={() => void choose({ kind: 'winning' })}>
                  {t('sync.review.keepDeletion')}
                </Button>
                <Button size="xs" variant="default" disabled={isBusy} onClick={() => void choose({ kind: 'losing' })}>
                  {t('sync.review.restore')}
                </Button>
              </>
            ) : (
              conflictSides(conflict).map((side) => (
                <Button
                  key={side.side}
                  size="xs"
                  variant={side.titleKey === 'sync.review.mine' ? 'filled' : 'default'}
                  disabled={isBusy}
                  onClick={() => void choose({ kind: side.side })}
                >
                  {t(side.keepKey)}
                </Button>
              ))
            )}
            {editKind !== null && (
              <Button
                size="xs"
                variant="subtle"
                disabled={isBusy}
                onClick={() => {
                  setEditing(true);
                }}
              >
                {t('sync.review.edit')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** *À vérifier*: each open conflict side by side, with the choices that settle it. */
export function ConflictList({
  conflicts,
  language,
  resolve,
}: {
  conflicts: readonly LocalConflict[] | undefined;
  language: Language;
  resolve: Resolve;
}) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [failed, setFailed] = useState(false);
  const onResolve = async (key: string, choice: ConflictChoice): Promise<boolean> => {
    setNotice(null);
    setFailed(false);
    try {
      await resolve(key, choice);
      setNotice(statusNotice((tr) => tr('sync.review.resolved')));
      return true;
    } catch {
      setFailed(true);
      return false;
    }
  };
  return (
    <SyncSection
      section="review"
      items={conflicts}
      notice={notice}
      onCloseNotice={() => {
        setNotice(null);
      }}
      failed={failed}
      emptyTestId="conflicts-empty"
      renderItem={(conflict) => (
        <div role="listitem" key={conflict.key}>
          <ConflictCard
            conflict={conflict}
            language={language}
            onResolve={(choice) => onResolve(conflict.key, choice)}
          />
        </div>
      )}
    />
  );
}
