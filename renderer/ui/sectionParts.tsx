import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
  type SyntheticEvent,
} from 'react';
import { useForm, type DefaultValues, type FieldPath, type FieldValues, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { isCalendarDate } from '../../shared/dates/calendarDate';
import { formatDate } from '../i18n/format';
import { useLanguage } from './useLanguage';
import { messageKey, type TranslationKey } from '../i18n/resources';
import { NoticeAlert, statusNotice, type Notice, type NoticeText } from './Notice';

/**
 * What the four sections of the case file share: the frame (a landmark `<section>` named by its
 * heading, a *Modifier* button), the read view's label → value list, the edit/read switch with
 * its confirmation, and the save-error message.
 */

/** The read view's value of a text ('' when not given). */
export function textOrEmpty(value: string | undefined | null): string {
  return value?.trim() ?? '';
}

/** A stored calendar date for display in the current language ('' when not given). */
export function useDateText(): (value: string | undefined) => string {
  const { language } = useLanguage();
  return useCallback(
    (value) => {
      if (value === undefined || value === '') return '';
      // A malformed stored value is shown as is rather than breaking the page.
      return isCalendarDate(value) ? formatDate(value, language) : value;
    },
    [language],
  );
}

/** Mantine's Select shows "nothing chosen" for null, not for the empty string. */
export function emptyToNull(value: string): string | null {
  return value === '' ? null : value;
}

/** A field's error message: the schema gives i18n keys (`errors.*`). */
export function useFieldMessage(): (key: string | undefined) => string | undefined {
  const { t } = useTranslation();
  return useCallback((key) => (key ? t(messageKey(key)) : undefined), [t]);
}

/**
 * Runs a save and says, in the user's language, why it failed: the repository threw (the values
 * stay in the form, the counsellor retries) or found no such record (returned false/undefined).
 */
/**
 * What a save answers: saved (true), the record is gone (false), or refused for a reason the
 * user must read (`refusal`: an i18n key; nothing was written).
 */
export type SaveOutcome = boolean | { readonly refusal: TranslationKey };

export function useSaveError() {
  const { t } = useTranslation();
  const [saveError, setSaveError] = useState<string | null>(null);
  const run = useCallback(
    async (save: () => Promise<SaveOutcome>): Promise<boolean> => {
      setSaveError(null);
      try {
        const outcome = await save();
        if (typeof outcome === 'object') {
          setSaveError(t(outcome.refusal));
          return false;
        }
        if (!outcome) setSaveError(t('sections.common.notFound'));
        return outcome;
      } catch (error) {
        setSaveError(t('sections.common.saveFailed', { reason: errorName(error) }));
        return false;
      }
    },
    [t],
  );
  return { saveError, run };
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}

/**
 * Read view ↔ edit form. Closing the form (saved or cancelled) gives the focus back to the
 * *Modifier* button, so a keyboard user does not land at the top of the page.
 */
export function useSectionEditing() {
  const [isEditing, setEditing] = useState(false);
  const [confirmation, setConfirmation] = useState<Notice | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const shouldRefocus = useRef(false);
  useEffect(() => {
    if (!isEditing && shouldRefocus.current) {
      shouldRefocus.current = false;
      editButton.current?.focus();
    }
  }, [isEditing]);
  const open = useCallback(() => {
    setConfirmation(null);
    setEditing(true);
  }, []);
  const close = useCallback((message: NoticeText | null) => {
    shouldRefocus.current = true;
    setConfirmation(message === null ? null : statusNotice(message));
    setEditing(false);
  }, []);
  const dismiss = useCallback(() => {
    setConfirmation(null);
  }, []);
  return { isEditing, confirmation, editButton, open, close, dismiss };
}

/** The section's frame: `<section aria-labelledby>` as a bordered Paper, heading, *Modifier*. */
export function SectionFrame({
  testId,
  title,
  description,
  editLabel,
  isEditing,
  confirmation,
  editButtonRef,
  onEdit,
  onDismiss,
  children,
}: {
  testId: string;
  title: string;
  description?: ReactNode;
  /** The *Modifier* button's accessible name, distinct per section ("Modifier l’accueil"). */
  editLabel: string;
  isEditing: boolean;
  /** The short confirmation after a save (a status notice), or null. */
  confirmation: Notice | null;
  editButtonRef: RefObject<HTMLButtonElement | null>;
  onEdit: () => void;
  onDismiss: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid={testId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4}>
            <Title order={3} id={headingId}>
              {title}
            </Title>
            {description}
          </Stack>
          {!isEditing && (
            <Button variant="default" ref={editButtonRef} onClick={onEdit} aria-label={editLabel}>
              {t('sections.common.edit')}
            </Button>
          )}
        </Group>
        <NoticeAlert notice={confirmation} onClose={onDismiss} />
        {children}
      </Stack>
    </Paper>
  );
}

/** A label → value list (`<dl>`); an empty value reads *Non renseigné*. */
export function ReadList({ children, cols = 2 }: { children: ReactNode; cols?: number }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: cols }} spacing="md" verticalSpacing="xs" m={0}>
      {children}
    </SimpleGrid>
  );
}

export function ReadItem({ label, value, wide = false }: { label: string; value: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  const isEmpty = value === null || value === undefined || value === '';
  return (
    <div style={wide ? { gridColumn: '1 / -1' } : undefined}>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text
        component="dd"
        m={0}
        c={isEmpty ? 'dimmed' : undefined}
        fs={isEmpty ? 'italic' : undefined}
        style={{ whiteSpace: 'pre-wrap' }}
      >
        {isEmpty ? t('sections.common.notGiven') : value}
      </Text>
    </div>
  );
}

/** *Annuler* / *Enregistrer* at the foot of an edit form, with the save error above them. */
export function FormFooter({
  saveError,
  isSubmitting,
  onCancel,
  saveLabel,
}: {
  saveError: string | null;
  isSubmitting: boolean;
  onCancel: () => void;
  saveLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {saveError !== null && (
        <Alert color="red" role="alert">
          {saveError}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('sections.common.cancel')}
        </Button>
        <Button type="submit" loading={isSubmitting}>
          {saveLabel ?? t('sections.common.save')}
        </Button>
      </Group>
    </>
  );
}

/**
 * A section whose whole content is one record: its read view, or its edit form once *Modifier* is
 * pressed; after a save, the read view again with `savedMessage`.
 */
export function EditableSection({
  testId,
  title,
  description,
  editLabel,
  savedMessage,
  view,
  renderForm,
}: {
  testId: string;
  title: string;
  description?: ReactNode;
  editLabel: string;
  savedMessage: NoticeText;
  view: ReactNode;
  renderForm: (events: { onSaved: () => void; onCancel: () => void }) => ReactNode;
}) {
  const { isEditing, confirmation, editButton, open, close, dismiss } = useSectionEditing();
  return (
    <SectionFrame
      testId={testId}
      title={title}
      description={description}
      editLabel={editLabel}
      isEditing={isEditing}
      confirmation={confirmation}
      editButtonRef={editButton}
      onEdit={open}
      onDismiss={dismiss}
    >
      {isEditing
        ? renderForm({
            onSaved: () => {
              close(savedMessage);
            },
            onCancel: () => {
              close(null);
            },
          })
        : view}
    </SectionFrame>
  );
}

/**
 * A small form that saves one draft: react-hook-form with the schema's resolver (messages at the
 * fields once touched), the focus on `firstField` when it opens, and a submit that runs `save`
 * and calls `onSaved` with the draft, or keeps the values and shows why it failed (`saveError`).
 */
export function useDraftForm<Input extends FieldValues, Output>({
  resolver,
  defaults,
  firstField,
  save,
  onSaved,
}: {
  resolver: Resolver<Input, unknown, Output>;
  defaults: DefaultValues<Input>;
  firstField: FieldPath<Input>;
  save: (draft: Output) => Promise<SaveOutcome>;
  onSaved: (draft: Output) => void;
}) {
  const message = useFieldMessage();
  const { saveError, run } = useSaveError();
  const form = useForm<Input, unknown, Output>({ resolver, defaultValues: defaults, mode: 'onTouched' });
  const { setFocus, handleSubmit } = form;
  useEffect(() => {
    setFocus(firstField);
  }, [setFocus, firstField]);
  const submit = handleSubmit(async (draft) => {
    if (await run(() => save(draft))) onSaved(draft);
  });
  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    void submit(event);
  };
  return { form, message, saveError, onSubmit };
}
